// Renders with the create-rust-lambda version that made a project, for the base of an upgrade:
// `--from-cli <bin>` names one on disk, otherwise npm fetches that version. The version comes
// from the project file (a strict pattern) and every argument is passed as a list, never
// through a shell.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readSync, realpathSync, rmSync, type Stats, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFolder } from '../disk/read-folder.js';
import { CancelledError, RunError, UsageError } from '../errors.js';
import type { RenderedFile } from '../template/render.js';
import { oneLine, printable } from '../text/printable.js';
import { npmCommand } from './npm-command.js';

export interface OlderCli {
  version: string;
  /** a create-rust-lambda bin of that version (checked by olderCliBin); undefined: `npm exec create-rust-lambda@<version>` */
  bin?: string;
}

/** Where the output of a CLI run is bounded: a project renders to well under this. */
const MAX_OUTPUT = 1024 * 1024;
const TIMEOUT_MS = 5 * 60_000;

/** A file Node runs: a .js/.mjs/.cjs file (npm's bin links lead to one), or a script whose #! line names node. */
function runsOnNode(path: string): boolean {
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // checked by the caller
  }
  if (/\.[cm]?js$/i.test(real)) return true;
  try {
    const head = Buffer.alloc(128);
    const fd = openSync(real, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    const first = head.toString('latin1').split('\n')[0] as string;
    return first.startsWith('#!') && /\bnode\b/.test(first);
  } catch {
    return false;
  }
}

/**
 * The `--from-cli` value as the path of a bin that can run: it exists, is a file, and is either
 * JavaScript (run with this Node) or executable. Anything else is bad input, said in one line (exit 2).
 */
export function olderCliBin(cwd: string, value: string): string {
  const flag = `--from-cli "${printable(value)}"`;
  const expected = "the path of the older create-rust-lambda's bin/create-rust-lambda.js";
  if (value.trim() === '') throw new UsageError(`--from-cli needs ${expected}, got an empty value`);
  const path = resolve(cwd, value);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'ENOTDIR'
          ? 'does not exist (a part of the path is a file)'
          : `cannot be read (${printable(code ?? String(error))})`;
    throw new UsageError(`${flag}: ${printable(path)} ${why}; give ${expected}`);
  }
  if (stat.isDirectory()) throw new UsageError(`${flag}: ${printable(path)} is a folder; give ${expected}`);
  if (!stat.isFile()) throw new UsageError(`${flag}: ${printable(path)} is not a regular file; give ${expected}`);
  const permits = (mode: number) => {
    try {
      accessSync(path, mode);
      return true;
    } catch {
      return false;
    }
  };
  if (runsOnNode(path)) {
    if (!permits(constants.R_OK)) throw new UsageError(`${flag}: ${printable(path)} cannot be read (permission denied)`);
  } else if (!permits(constants.X_OK)) {
    throw new UsageError(`${flag}: ${printable(path)} is neither a JavaScript file nor executable; give ${expected}`);
  }
  return path;
}

function command(cli: OlderCli, args: string[]): [string, string[]] {
  if (cli.bin) return runsOnNode(cli.bin) ? [process.execPath, [cli.bin, ...args]] : [cli.bin, args];
  return npmCommand(['exec', '--yes', `--package=create-rust-lambda@${cli.version}`, '--', 'create-rust-lambda', ...args]);
}

/** The one line of a failed run's output that says why: its `error:` line, else a thrown error's, else its last line. */
function why(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const said =
    lines.find((line) => /^error:/i.test(line)) ??
    lines.find((line) => /^[A-Za-z]*Error\b.*:/.test(line)) ??
    lines.filter((line) => !/^at\s|^Node\.js v\d/.test(line)).at(-1);
  if (said === undefined) return 'no output';
  const one = oneLine(said);
  return one.length > 300 ? `${one.slice(0, 300)}…` : one;
}

function runCli(cli: OlderCli, args: string[], cwd: string, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  const who = cli.bin ? `create-rust-lambda ${cli.version} (--from-cli ${printable(cli.bin)})` : `create-rust-lambda ${cli.version}`;
  const hint = cli.bin ? '' : " Pass --from-cli <path to that version's bin/create-rust-lambda.js>.";
  let cmd: string;
  let argv: string[];
  try {
    [cmd, argv] = command(cli, args);
  } catch (error) {
    return Promise.reject(new RunError(`cannot run ${who}: ${(error as Error).message}.${hint}`));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    let timedOut = false;
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      if (error) reject(error);
      else resolve();
    };
    // the child is stopped and waited for: its output folder is removed only once it is gone
    const stop = () => child.kill('SIGTERM');
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, TIMEOUT_MS);
    signal?.addEventListener('abort', stop, { once: true });
    const keep = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error: NodeJS.ErrnoException) => {
      // a child that never started has no close to wait for
      if (child.pid === undefined) settle(new RunError(`cannot run ${who}: ${oneLine(error.code ?? error.message)}`));
    });
    child.on('close', (code, killedBy) => {
      // the same Ctrl-C reaches the older CLI and this one; let this one's handler run first
      setImmediate(() => {
        if (signal?.aborted || killedBy === 'SIGINT' || code === 130) return settle(new CancelledError());
        if (timedOut) return settle(new RunError(`${who} did not finish within ${TIMEOUT_MS / 60_000} minutes.${hint}`));
        if (code === 0) return settle();
        const how = killedBy ? `was stopped by ${killedBy}` : `failed (exit ${code}: ${why(output)})`;
        settle(new RunError(`${who} could not render the project's base: it ${how}.${hint}`));
      });
    });
  });
}

/**
 * The files that `args` make the older CLI write into a fresh folder. `into(dir)` turns the
 * folder into the arguments (the CLI is told where to write).
 */
export async function renderWithOlderCli(
  cli: OlderCli,
  into: (dir: string) => string[],
  cwd: string,
  signal?: AbortSignal,
): Promise<RenderedFile[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'create-rust-lambda-base-'));
  try {
    const out = join(scratch, 'project');
    await runCli(cli, into(out), cwd, signal);
    return readFolder(out, (path) => path === '.git' || path.startsWith('.git/'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
