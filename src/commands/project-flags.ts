// Flags of the commands that work on an existing project (add, upgrade): the project's own
// settings come from rust-lambda.toml, so the flags that would change them are refused.
import type { ParsedArgs } from '../args.js';
import { type CommandOption, type FlagOption, OPTIONS } from '../options.js';

/** The create table's flags (not its [directory]): add and upgrade read the same line, then refuse what the project decides. */
export const PROJECT_COMMAND_OPTIONS: CommandOption[] = OPTIONS.filter((o) => o.flag);

export const CONFLICT_MARKERS: FlagOption = {
  kind: 'flag',
  flag: 'conflict-markers',
  description: 'when your changes and the new files conflict, write the files with conflict markers instead of stopping',
};

/** Flags the project file decides: giving one is a mistake worth saying, not ignoring. */
const PROJECT_KEYS = ['iac', 'arch', 'region', 'git'] as const;

export function projectFlagProblem(args: ParsedArgs, command: string): string | undefined {
  const given = PROJECT_KEYS.filter((key) => args.given[key] !== undefined);
  if (given.length) return `--${given[0]} is the project's own setting (${'rust-lambda.toml'}); ${command} keeps it`;
  const { force, list, json } = args.behaviour;
  if (force || list || json) return `${command} takes no --${force ? 'force' : list ? 'list' : 'json'}`;
  return undefined;
}
