// THE option table. One row per flag; it drives argument parsing, validation, the interactive
// prompts, --help and the "next time" command. Add a flag by adding a row here. The other commands
// parse their argv with rows too: rows of this table, and their own flags and arguments.
export type { Answers, Behaviour } from './answers.js';

import { basename, resolve } from 'node:path';
import type { Answers, Behaviour } from './answers.js';
import { ARCH_IDS, ARCHITECTURES } from './arch.js';
import { UsageError } from './errors.js';
import { nameProblem } from './names.js';
import type { Choice } from './prompter.js';
import { builtinCatalog } from './template/catalog.js';
import { groupOf } from './template/groups.js';
import { SOURCE_FORMS } from './template/source.js';
import { printable } from './text/printable.js';

interface Common {
  /** long flag without the dashes; the positional directory has none */
  flag?: string;
  alias?: string;
  description: string;
}

export interface AnswerOption<K extends keyof Answers = keyof Answers> extends Common {
  kind: 'answer';
  key: K;
  type: 'string' | 'number' | 'boolean';
  /** how --help shows the value, e.g. "<id>" */
  valueName?: string;
  choices?: () => Choice[];
  /** the value --yes takes; at the prompt, its placeholder and the answer to an empty input */
  defaultValue: (answers: Partial<Answers>) => Answers[K];
  validate?: (value: Answers[K], answers: Partial<Answers>) => string | undefined;
  /** asked interactively, and so required without a TTY unless --yes */
  prompt?: string;
  /** values accepted beside `choices`, described for error messages */
  otherValues?: string;
  /** shown in "next time" even when equal to the default */
  alwaysReproduce?: boolean;
}

export interface BehaviourOption extends Common {
  kind: 'behaviour';
  key: keyof Behaviour;
  flag: string;
}

/** `--var name=value`, repeatable: a template's own variables. */
export interface VarOption extends Common {
  kind: 'var';
  flag: string;
  valueName: string;
}

/** A flag that sets one template variable: `--extension-api logs` is `--var extensionApi=logs`. */
export interface VarAliasOption extends Common {
  kind: 'varAlias';
  flag: string;
  valueName: string;
  variable: string;
  /** the variable's choices, for --help (the template's manifest is the authority) */
  choices: () => string[];
}

export type OptionSpec = AnswerOption | BehaviourOption | VarOption | VarAliasOption;

/** A command's own flag: a switch (`--conflict-markers`), or with a `valueName` one that takes a value (`--out <dir>`). */
export interface FlagOption extends Common {
  kind: 'flag';
  flag: string;
  valueName?: string;
  /** the command does not run without it */
  required?: boolean;
}

/** A word given without a flag, read in the order of the rows: `eject <template-id> <dir>`. */
export interface ArgumentOption {
  kind: 'argument';
  name: string;
  /** how the usage shows it: `<dir>` */
  valueName: string;
  description: string;
  /** the command does not run without it */
  required?: boolean;
}

/** A row of a command's table: a row of OPTIONS, or the command's own flag or argument. */
export type CommandOption = OptionSpec | FlagOption | ArgumentOption;

/** Type-checks one row against its own key, then widens it for the table. */
function answer<K extends keyof Answers>(option: Omit<AnswerOption<K>, 'kind'>): AnswerOption {
  return { kind: 'answer', ...option } as unknown as AnswerOption;
}

/** Every built-in template, with its group's title (a long list is asked group first). */
export const templateChoices = (): Choice[] =>
  builtinCatalog().templates.map((t) => ({ value: t.id, label: t.title, hint: t.description, group: groupOf(t).title }));
const flavorChoices = (): Choice[] => builtinCatalog().flavors.map((f) => ({ value: f.id, label: f.title, hint: f.description }));

const intRange = (min: number, max: number, unit: string) => (value: number) =>
  Number.isInteger(value) && value >= min && value <= max ? undefined : `must be a whole number of ${unit} from ${min} to ${max}`;

/** The folder's own name, also for "." or "../x". */
const baseName = (directory: string | undefined) => basename(resolve(directory ?? '.'));

export const OPTIONS: OptionSpec[] = [
  answer<'directory'>({
    key: 'directory',
    type: 'string',
    valueName: '[directory]',
    description: 'folder to create the project in',
    prompt: 'Where should the project be created?',
    defaultValue: () => 'my-rust-lambda',
    validate: (value) => (value.trim() === '' ? 'the directory is empty' : undefined),
    alwaysReproduce: true,
  }),
  answer<'name'>({
    key: 'name',
    flag: 'name',
    type: 'string',
    valueName: '<name>',
    description: "crate and Lambda function name (default: the directory's base name)",
    defaultValue: (a) => baseName(a.directory),
    validate: (value) => nameProblem(value),
  }),
  answer<'template'>({
    key: 'template',
    flag: 'template',
    alias: 't',
    type: 'string',
    valueName: '<id|source>',
    description: 'function template: a built-in id, a folder or a git repository',
    choices: templateChoices,
    otherValues: `a template source (${SOURCE_FORMS})`,
    prompt: 'Which function template?',
    defaultValue: () => 'http',
    alwaysReproduce: true,
  }),
  answer<'iac'>({
    key: 'iac',
    flag: 'iac',
    type: 'string',
    valueName: '<flavor>',
    description: 'infrastructure as code',
    choices: flavorChoices,
    prompt: 'Which infrastructure as code?',
    defaultValue: () => 'sam',
    alwaysReproduce: true,
  }),
  answer<'arch'>({
    key: 'arch',
    flag: 'arch',
    type: 'string',
    valueName: '<arch>',
    description: 'Lambda architecture; arm64, cheaper per GB-second, is what the prompt offers first and --yes takes',
    choices: () => ARCH_IDS.map((id) => ({ value: id, label: id, hint: ARCHITECTURES[id].hint })),
    prompt: 'Which architecture?',
    defaultValue: () => ARCH_IDS[0],
    alwaysReproduce: true,
  }),
  answer<'memory'>({
    key: 'memory',
    flag: 'memory',
    type: 'number',
    valueName: '<MB>',
    description: 'memory size in MB, 128–10240',
    defaultValue: () => 128,
    validate: intRange(128, 10240, 'MB'),
  }),
  answer<'timeout'>({
    key: 'timeout',
    flag: 'timeout',
    type: 'number',
    valueName: '<seconds>',
    description: 'timeout in seconds, 1–900',
    defaultValue: () => 10,
    validate: intRange(1, 900, 'seconds'),
  }),
  answer<'region'>({
    key: 'region',
    flag: 'region',
    type: 'string',
    valueName: '<region>',
    description: 'AWS region used by the deploy commands',
    defaultValue: () => 'us-east-1',
    validate: (value) => (/^[a-z]{2}(-[a-z]+)+-\d$/.test(value) ? undefined : 'must look like us-east-1 or eu-central-2'),
  }),
  answer<'git'>({
    key: 'git',
    flag: 'git',
    type: 'boolean',
    description: 'git init with a first commit (--no-git to skip)',
    prompt: 'Initialise a git repository?',
    defaultValue: () => true,
    alwaysReproduce: true,
  }),
  {
    kind: 'var',
    flag: 'var',
    valueName: '<name=value>',
    description: "set one of the template's own variables (repeatable)",
  },
  {
    kind: 'varAlias',
    flag: 'extension-api',
    valueName: '<api>',
    variable: 'extensionApi',
    description: 'extension template: also subscribe to a Logs or Telemetry API (--var extensionApi=…)',
    choices: () =>
      builtinCatalog()
        .templates.flatMap((t) => t.variables ?? [])
        .find((v) => v.name === 'extensionApi')?.choices ?? [],
  },
  { kind: 'behaviour', key: 'yes', flag: 'yes', alias: 'y', description: 'take the defaults for every choice not given' },
  { kind: 'behaviour', key: 'force', flag: 'force', description: 'allow a non-empty directory (existing files are never overwritten)' },
  { kind: 'behaviour', key: 'dryRun', flag: 'dry-run', description: 'print the files that would be written; write nothing' },
  { kind: 'behaviour', key: 'list', flag: 'list', description: 'list templates and IaC flavors' },
  { kind: 'behaviour', key: 'json', flag: 'json', description: 'machine-readable output (for --list and for the run result)' },
  { kind: 'behaviour', key: 'help', flag: 'help', alias: 'h', description: 'show this help' },
  { kind: 'behaviour', key: 'version', flag: 'version', alias: 'v', description: 'show the version' },
];

export const answerOptions = OPTIONS.filter((o): o is AnswerOption => o.kind === 'answer');
export const varAliases = OPTIONS.filter((o): o is VarAliasOption => o.kind === 'varAlias');

/** The row of `--<flag>`, for a command that takes it as create does. */
export function optionRow(flag: string): OptionSpec {
  const row = OPTIONS.find((o) => o.flag === flag);
  if (!row) throw new Error(`no option --${flag} in the table`);
  return row;
}

/** The answer row of `--<flag>`. */
export const answerRow = (flag: string) => optionRow(flag) as AnswerOption;

/** How a user types this option: `--template` or the positional `[directory]`. */
export function flagLabel(option: OptionSpec): string {
  if (!option.flag) return option.kind === 'answer' ? (option.valueName ?? option.key) : option.kind;
  if (option.kind === 'answer' && option.type === 'boolean') return `--${option.flag} / --no-${option.flag}`;
  return `--${option.flag}`;
}

type Value = Answers[keyof Answers];

/** A plain decimal number; anything else (empty, "0x10", "1e3", "Infinity", " 5") is NaN. */
export function parseNumber(text: string): number {
  return /^-?\d{1,15}(\.\d{1,15})?$/.test(text) ? Number(text) : Number.NaN;
}

/** Check and convert one value given on the command line. */
export function convertGiven(option: AnswerOption, raw: string | boolean, answers: Partial<Answers>): Value {
  const label = flagLabel(option);
  if (option.type === 'boolean') return raw as boolean;
  const text = String(raw);
  if (option.choices && !option.otherValues) {
    const valid = option.choices().map((c) => c.value);
    if (!valid.includes(text)) throw new UsageError(`invalid ${label} "${printable(text)}". Valid values: ${valid.join(', ')}`);
  }
  let value: Value = text;
  if (option.type === 'number') {
    value = parseNumber(text);
    if (Number.isNaN(value)) throw new UsageError(`invalid ${label} "${printable(text)}": not a number`);
  }
  const problem = option.validate?.(value as never, answers);
  if (problem) throw new UsageError(`invalid ${label} "${printable(text)}": ${printable(problem)}`);
  return value;
}
