// Parse argv against the option table. Values stay raw strings here (except booleans);
// resolve-options checks them, so every bad value gets the same kind of message.
import { UsageError } from './errors.js';
import { type AnswerOption, type Behaviour, OPTIONS, type OptionSpec } from './options.js';

export interface ParsedArgs {
  /** raw values of answer options that were given, by key */
  given: Partial<Record<AnswerOption['key'], string | boolean>>;
  behaviour: Behaviour;
  /** raw `--var name=value` pairs, in order */
  vars: Array<[string, string]>;
}

function findOption(token: string): { option: OptionSpec; negated: boolean } | undefined {
  for (const option of OPTIONS) {
    if (!option.flag) continue;
    if (token === `--${option.flag}` || (option.alias && token === `-${option.alias}`)) return { option, negated: false };
    const negatable = option.kind === 'answer' && option.type === 'boolean';
    if (negatable && token === `--no-${option.flag}`) return { option, negated: true };
  }
  return undefined;
}

const takesValue = (option: OptionSpec) =>
  option.kind === 'var' || option.kind === 'varAlias' || (option.kind === 'answer' && option.type !== 'boolean');

/** Adds `--var name=value` (or its alias flag); the same name twice must agree. */
function addVar(vars: Array<[string, string]>, name: string, text: string, label: string): void {
  const earlier = vars.find(([n]) => n === name);
  if (earlier && earlier[1] !== text)
    throw new UsageError(`${label} is given twice with different values (${JSON.stringify(earlier[1])} and ${JSON.stringify(text)})`);
  if (!earlier) vars.push([name, text]);
}

/** A choice may be repeated with the same value; two different values is an error, not "last one wins". */
function setOnce(given: ParsedArgs['given'], key: AnswerOption['key'], value: string | boolean, label: string): void {
  const earlier = given[key];
  if (earlier !== undefined && earlier !== value) {
    throw new UsageError(`${label} is given twice with different values (${JSON.stringify(earlier)} and ${JSON.stringify(value)})`);
  }
  given[key] = value;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const given: ParsedArgs['given'] = {};
  const behaviour: Behaviour = { yes: false, force: false, dryRun: false, list: false, json: false, help: false, version: false };
  const vars: Array<[string, string]> = [];
  const positionals: string[] = [];
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyPositionals || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const token = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const found = findOption(token);
    if (!found) throw new UsageError(`unknown option ${JSON.stringify(token)}. Run with --help to see every option.`);
    const { option, negated } = found;

    if (option.kind === 'behaviour') {
      if (inline !== undefined) throw new UsageError(`${token} takes no value`);
      behaviour[option.key] = true;
    } else if (option.kind === 'answer' && !takesValue(option)) {
      if (inline !== undefined) throw new UsageError(`${token} takes no value (use --${option.flag} or --no-${option.flag})`);
      setOnce(given, option.key, !negated, `--${option.flag} / --no-${option.flag}`);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('-') && value !== '-')) {
        throw new UsageError(`${token} needs a value ${option.valueName ?? ''}`.trimEnd());
      }
      if (option.kind === 'var') {
        const eq = value.indexOf('=');
        if (eq < 1) throw new UsageError(`${token} needs name=value, got ${JSON.stringify(value)}`);
        addVar(vars, value.slice(0, eq), value.slice(eq + 1), `--var ${value.slice(0, eq)}`);
      } else if (option.kind === 'varAlias') addVar(vars, option.variable, value, `--${option.flag} (--var ${option.variable})`);
      else if (option.kind === 'answer') setOnce(given, option.key, value, token);
    }
  }

  if (positionals.length > 1) {
    throw new UsageError(
      `expected at most one directory, got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}`,
    );
  }
  if (positionals[0] !== undefined) setOnce(given, 'directory', positionals[0], 'the directory');
  return { given, behaviour, vars };
}
