// Flags of the commands that work on an existing project (add, upgrade): the project's own
// settings come from rust-lambda.toml, so the flags that would change them are refused.
import type { ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';

/** Flags the project file decides: giving one is a mistake worth saying, not ignoring. */
const PROJECT_KEYS = ['iac', 'arch', 'region', 'git'] as const;

export function projectFlagProblem(args: ParsedArgs, command: string): string | undefined {
  const given = PROJECT_KEYS.filter((key) => args.given[key] !== undefined);
  if (given.length) return `--${given[0]} is the project's own setting (${'rust-lambda.toml'}); ${command} keeps it`;
  const { force, list, json } = args.behaviour;
  if (force || list || json) return `${command} takes no --${force ? 'force' : list ? 'list' : 'json'}`;
  return undefined;
}

/** Removes a command's own boolean flag from argv (the option table does not know it). */
export function takeFlag(argv: string[], flag: string): [boolean, string[]] {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end);
  return [head.includes(flag), [...head.filter((a) => a !== flag), ...tail]];
}

/** Removes a command's own `--flag <value>` from argv; the value must not look like a flag. */
export function takeValue(argv: string[], flag: string): [string | undefined, string[]] {
  const at = argv.indexOf(flag);
  const end = argv.indexOf('--');
  if (at < 0 || (end >= 0 && at > end)) return [undefined, argv];
  const value = argv[at + 1];
  if (value === undefined || value.startsWith('-')) throw new UsageError(`${flag} needs a value`);
  return [value, [...argv.slice(0, at), ...argv.slice(at + 2)]];
}
