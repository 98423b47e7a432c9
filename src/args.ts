// The one argv parser: every command (create, doctor, eject, render, add, upgrade) is a table of
// rows, and its argv is read against them here. Values stay raw strings (except switches); the
// command checks them (resolve-options for the answers), so every bad value gets the same kind of message.
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { type AnswerOption, type ArgumentOption, type Behaviour, type CommandOption, OPTIONS } from './options.js';
import { printable } from './text/printable.js';

export interface ParsedArgs {
  /** raw values of answer options that were given, by key */
  given: Partial<Record<AnswerOption['key'], string | boolean>>;
  behaviour: Behaviour;
  /** raw `--var name=value` pairs, in order */
  vars: Array<[string, string]>;
  /** the command's own flags and arguments, by flag or argument name: `--out <dir>` is `own.out` */
  own: Record<string, string | boolean>;
}

/** A command: the word that runs it, its --help, the rows its argv is read with, and what it does. */
export interface Command {
  /** the word after `create-rust-lambda`; '' for create, which runs without one */
  name: string;
  /** what --help prints; the first line of a subcommand's ("usage: …") ends its usage errors */
  usage: () => string;
  options: CommandOption[];
  run: (args: ParsedArgs, io: Io) => Promise<number>;
}

/** `--help` or `-h` before any `--` asks for the usage, whatever else the line holds. */
export function asksHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** Runs `command` with its argv: its usage for --help, otherwise its work on the parsed line. */
export async function runCommand(command: Command, argv: string[], io: Io): Promise<number> {
  if (asksHelp(argv)) {
    io.out(command.usage());
    return 0;
  }
  return command.run(parseCommand(command, argv), io);
}

type Row = CommandOption;
type FlagRow = Exclude<Row, ArgumentOption>;

function findOption(options: Row[], token: string): { option: FlagRow; negated: boolean } | undefined {
  for (const option of options) {
    if (option.kind === 'argument' || !option.flag) continue;
    if (token === `--${option.flag}` || (option.alias && token === `-${option.alias}`)) return { option, negated: false };
    const negatable = option.kind === 'answer' && option.type === 'boolean';
    if (negatable && token === `--no-${option.flag}`) return { option, negated: true };
  }
  return undefined;
}

const takesValue = (option: FlagRow) =>
  option.kind === 'var' ||
  option.kind === 'varAlias' ||
  (option.kind === 'answer' && option.type !== 'boolean') ||
  (option.kind === 'flag' && option.valueName !== undefined);

/** A word without a flag: an argument row, or an answer row without a flag (create's [directory]). */
const isArgument = (option: Row): option is ArgumentOption | AnswerOption =>
  option.kind === 'argument' || (option.kind === 'answer' && !option.flag);

const twice = (label: string, earlier: unknown, value: unknown) =>
  new UsageError(
    `${printable(label)} is given twice with different values (${printable(JSON.stringify(earlier))} and ${printable(JSON.stringify(value))})`,
  );

/** Adds `--var name=value` (or its alias flag); the same name twice must agree. */
function addVar(vars: Array<[string, string]>, name: string, text: string, label: string): void {
  const earlier = vars.find(([n]) => n === name);
  if (earlier && earlier[1] !== text) throw twice(label, earlier[1], text);
  if (!earlier) vars.push([name, text]);
}

/** A value may be repeated as it was; two different values is an error, not "last one wins". */
function setOnce<K extends string>(into: Partial<Record<K, string | boolean>>, key: K, value: string | boolean, label: string): void {
  const earlier = into[key];
  if (earlier !== undefined && earlier !== value) throw twice(label, earlier, value);
  into[key] = value;
}

type Described = Pick<Command, 'name' | 'options'> & Partial<Pick<Command, 'usage'>>;

/** What ends a usage error of a subcommand: its usage line. */
const usageLine = (command: Described) => command.usage?.().split('\n')[0] ?? '';

/** More words than the command takes. */
function tooMany(command: Described, slots: Array<ArgumentOption | AnswerOption>, words: string[]): UsageError {
  const { name } = command;
  const quoted = words.map((w) => printable(JSON.stringify(w))).join(' ');
  if (slots.length === 0)
    return new UsageError(`${name} takes no arguments, got ${printable(JSON.stringify(words[0]))}. ${usageLine(command)}`);
  const one = slots.length === 1 ? slots[0] : undefined;
  const expected = one ? `at most one ${one.kind === 'argument' ? one.name : one.key}` : slots.map((s) => s.valueName).join(' ');
  return new UsageError(`expected ${expected}, got ${words.length}: ${quoted}${name ? `. ${usageLine(command)}` : ''}`);
}

export function parseCommand(command: Described, argv: string[]): ParsedArgs {
  const { name, options } = command;
  const given: ParsedArgs['given'] = {};
  const behaviour: Behaviour = { yes: false, force: false, dryRun: false, list: false, json: false, help: false, version: false };
  const vars: Array<[string, string]> = [];
  const own: ParsedArgs['own'] = {};
  const words: string[] = [];
  let onlyWords = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyWords || !arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyWords = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const token = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const found = findOption(options, token);
    if (!found) {
      const hint = name ? ` for ${name}. ${usageLine(command)}` : '. Run with --help to see every option.';
      throw new UsageError(`unknown option ${printable(JSON.stringify(token))}${hint}`);
    }
    const { option, negated } = found;

    if (!takesValue(option)) {
      if (option.kind === 'answer') {
        if (inline !== undefined) throw new UsageError(`${token} takes no value (use --${option.flag} or --no-${option.flag})`);
        setOnce(given, option.key, !negated, `--${option.flag} / --no-${option.flag}`);
        continue;
      }
      if (inline !== undefined) throw new UsageError(`${token} takes no value`);
      if (option.kind === 'behaviour') behaviour[option.key] = true;
      else if (option.kind === 'flag') own[option.flag] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    const valueName = option.kind === 'behaviour' ? undefined : option.valueName;
    if (value === undefined || (inline === undefined && value.startsWith('-') && value !== '-')) {
      throw new UsageError(`${token} needs a value ${valueName ?? ''}`.trimEnd());
    }
    if (option.kind === 'var') {
      const eq = value.indexOf('=');
      if (eq < 1) throw new UsageError(`${token} needs name=value, got ${printable(JSON.stringify(value))}`);
      addVar(vars, value.slice(0, eq), value.slice(eq + 1), `--var ${value.slice(0, eq)}`);
    } else if (option.kind === 'varAlias') addVar(vars, option.variable, value, `--${option.flag} (--var ${option.variable})`);
    else if (option.kind === 'answer') setOnce(given, option.key, value, token);
    else if (option.kind === 'flag') setOnce(own, option.flag, value, token);
  }

  const slots = options.filter(isArgument);
  if (words.length > slots.length) throw tooMany(command, slots, words);
  for (const [i, word] of words.entries()) {
    const slot = slots[i] as ArgumentOption | AnswerOption;
    if (slot.kind === 'answer') setOnce(given, slot.key, word, `the ${slot.key}`);
    else own[slot.name] = word;
  }
  const missing = options.find(
    (o) => (o.kind === 'argument' || o.kind === 'flag') && o.required && own[o.kind === 'flag' ? o.flag : o.name] === undefined,
  );
  if (missing) throw new UsageError(usageLine(command));
  return { given, behaviour, vars, own };
}

/** argv read against the create table (OPTIONS). */
export function parseArgs(argv: string[]): ParsedArgs {
  return parseCommand({ name: '', options: OPTIONS }, argv);
}
