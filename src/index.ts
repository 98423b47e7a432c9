// main(): the command argv names (create when it names none), read by the one parser, run.
import { type Command, runCommand } from './args.js';
import { create } from './commands/create.js';
import { CancelledError, UsageError } from './errors.js';
import { reportError } from './format/report-error.js';
import type { Io } from './io.js';
import { clackPrompter } from './prompter.js';
import { nearest } from './text/nearest.js';
import { printable } from './text/printable.js';

/** Subcommands, each loaded on use (doctor needs node:child_process, which a scaffold does not). */
const COMMANDS: Record<string, () => Promise<Command>> = {
  eject: async () => (await import('./commands/eject.js')).eject,
  doctor: async () => (await import('./commands/doctor.js')).doctor,
  add: async () => (await import('./commands/add.js')).add,
  upgrade: async () => (await import('./commands/upgrade.js')).upgrade,
  render: async () => (await import('./commands/render.js')).render,
};

/** Words other tools use for making a project; here the folder comes first. */
const OTHER_TOOLS_WORDS = ['create', 'new', 'init', 'generate'];

/**
 * A first word that reads like a command but is none: it is still the project folder (`reader`,
 * `sender` are fine names, one letter from `render`), with a note of what may have been meant.
 * A command word with more after it (`upgraded`, `adder`) is a name, not a typo.
 */
function commandLikeNote(word: string): string | undefined {
  if (word.startsWith('-') || /[\\/.]/.test(word)) return undefined;
  if (Object.keys(COMMANDS).some((command) => word.toLowerCase().startsWith(command))) return undefined;
  const meant = nearest(word, Object.keys(COMMANDS));
  if (meant) return `"${printable(word)}" was taken as the project folder; did you mean \`create-rust-lambda ${meant}\`?`;
  if (OTHER_TOOLS_WORDS.includes(word.toLowerCase()))
    return `"${printable(word)}" was taken as the project folder: there is no ${printable(word)} command, the folder comes first (create-rust-lambda <folder> [options])`;
  return undefined;
}

export async function main(io: Io): Promise<number> {
  try {
    const [word = '', ...rest] = io.argv;
    const load = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : undefined;
    if (load) return await runCommand(await load(), rest, io);
    const note = commandLikeNote(word);
    // said where a person reads it: before the questions, or on the refusal's line; a run that
    // needs no questions and succeeds (a script's) stays quiet
    if (note && io.interactive) io.err(`note: ${note}`);
    try {
      return await runCommand(create, io.argv, io);
    } catch (error) {
      // the hint joins the refusal's own line
      if (note && error instanceof UsageError) error.message = `${error.message} (${note})`;
      throw error;
    }
  } catch (error) {
    return reportError(io, error);
  }
}

/**
 * Entry point of the published bin. `cancel` is aborted on Ctrl-C (SIGINT) or SIGTERM: the bin
 * listens before it loads this module, so a signal during start-up counts too. A run that saw a
 * signal exits 130 whatever it got to: the writers leave the project unchanged or complete.
 */
export async function run(cancel?: AbortSignal): Promise<void> {
  let signal = cancel;
  let stopListening = () => {};
  if (!signal) {
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    stopListening = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    signal = controller.signal;
  }
  const io: Io = {
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    prompter: clackPrompter,
    signal,
  };
  const code = signal.aborted ? reportError(io, new CancelledError()) : await main(io);
  stopListening();
  if (signal.aborted && code !== 130) reportError(io, new CancelledError());
  process.exitCode = signal.aborted ? 130 : code;
}
