// Name rules and every identifier derived from the project name.
// Each derived identifier comes from exactly one function, here or in the resource kind that
// derives it (src/kinds/), so templates never invent their own.
//
// The rule is chosen so that every name AWS keeps per account is derived injectively and fits:
// lowercase (IAM role names are unique regardless of case), words of letters and digits joined by
// single hyphens (CloudFormation stack names have no "_", so "a-b" and "a_b" would share a stack).
// The PascalCase ids (logical ids, the CDK class) only need to differ within one stack: "a-1" and
// "a1" both give "A1", which matters only when they are functions of the same project. The longest
// accepted name is computed from the limits of the names derived from it, below.

import { type DerivedName, KINDS, type Kind } from './kinds/index.js';
import { printable } from './text/printable.js';

/** Rust keywords (strict + reserved, 2024 edition) — not allowed as a crate name. */
const RUST_KEYWORDS = new Set([
  'as',
  'async',
  'await',
  'break',
  'const',
  'continue',
  'crate',
  'dyn',
  'else',
  'enum',
  'extern',
  'false',
  'fn',
  'for',
  'gen',
  'if',
  'impl',
  'in',
  'let',
  'loop',
  'match',
  'mod',
  'move',
  'mut',
  'pub',
  'ref',
  'return',
  'self',
  'static',
  'struct',
  'super',
  'trait',
  'true',
  'type',
  'unsafe',
  'use',
  'where',
  'while',
  'abstract',
  'become',
  'box',
  'do',
  'final',
  'macro',
  'override',
  'priv',
  'typeof',
  'unsized',
  'virtual',
  'yield',
  'try',
]);

/** Names cargo refuses or that would shadow a built-in crate. */
const RESERVED_CRATES = new Set([
  'test',
  'std',
  'core',
  'alloc',
  'proc-macro',
  'build',
  'deps',
  'examples',
  'incremental',
  'con',
  'prn',
  'aux',
  'nul',
  'com1',
  'com2',
  'com3',
  'com4',
  'lpt1',
  'lpt2',
  'lpt3',
]);

const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** `my-fn` → `my_fn`: how Rust code refers to the crate. */
export function rustName(name: string): string {
  return name.replace(/-/g, '_');
}

/** `my-fn` → `MyFn`. */
export function pascalName(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** CloudFormation logical id prefix: alphanumeric only. */
export const cfnLogicalId = pascalName;

/** Terraform identifier prefix: letters, digits, `_`; starts with a letter. */
export const terraformId = rustName;

/** CloudFormation / CDK stack name. */
export const stackName = (name: string) => name;

/** Class name of the generated CDK stack. */
export const cdkStackClass = (name: string) => `${cfnLogicalId(name)}Stack`;

export { dlqName } from './kinds/async-dlq.js';
export type { DerivedName };

/**
 * Every name the templates derive from the project name, with the rule of the system it lands in:
 * the project's own here, then each resource kind's (src/kinds/). The Terraform and SAM templates
 * spell some of these in their own syntax ("${local.prefix}-demo", `!Ref AWS::StackName`); a test
 * renders every template × flavor with the longest name and checks what they really write.
 * Terraform's names are shown for its default workspace, where its stack prefix is the name;
 * another workspace appends its own name, within the same length limit.
 */
export const DERIVED_NAMES: DerivedName[] = [
  { what: 'Rust crate', scope: 'stack', derive: (n) => n, rule: /^[a-z][a-z0-9-]{0,63}$/ },
  { what: 'Rust crate identifier', scope: 'stack', derive: rustName, rule: /^[a-z][a-z0-9_]{0,63}$/ },
  { what: 'CloudFormation logical id', scope: 'stack', derive: (n) => `${cfnLogicalId(n)}ApiAccessLogGroup`, rule: /^[A-Za-z0-9]{1,255}$/ },
  { what: 'CDK stack class', scope: 'stack', derive: cdkStackClass, rule: /^[A-Z][A-Za-z0-9]{0,250}Stack$/ },
  { what: 'Terraform identifier', scope: 'stack', derive: terraformId, rule: /^[a-z][a-z0-9_]*$/ },
  { what: 'CloudFormation stack name', scope: 'account', derive: stackName, rule: /^[A-Za-z][-A-Za-z0-9]{0,127}$/ },
  ...uniqueBy(
    (KINDS as readonly Kind[]).flatMap((kind) => kind.names ?? []),
    (name) => name.what,
  ),
];

function uniqueBy<T>(list: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return list.filter((item) => !seen.has(key(item)) && seen.add(key(item)));
}

/** The longest name every derived name still fits (each derivation adds a fixed number of characters). */
export function longestFittingName(): number {
  return Math.min(
    ...DERIVED_NAMES.map(({ derive, rule }) => {
      let n = 1;
      while (n < 256 && rule.test(derive('a'.repeat(n + 1)))) n += 1;
      return n;
    }),
  );
}

/** longestFittingName(), written out: computing it costs every run a few milliseconds (a test keeps them equal). */
export const MAX_NAME_LENGTH = 37;

const RULE_TEXT = 'lowercase letters, digits and single hyphens';

/**
 * Why `name` cannot be a crate + Lambda function name, with a suggested fix; undefined when valid.
 */
export function nameProblem(name: string): string | undefined {
  const suggestion = suggestName(name);
  const tryIt = suggestion !== name ? ` Try "${suggestion}".` : '';
  if (name.length === 0) return 'the name is empty.';
  if (name.length > MAX_NAME_LENGTH) {
    return `"${printable(name.slice(0, 20))}…" is ${name.length} characters; at most ${MAX_NAME_LENGTH} fit every AWS name derived from it.${tryIt}`;
  }
  if (!/^[a-z]/.test(name)) return `"${printable(name)}" must start with a lowercase letter.${tryIt}`;
  if (!NAME_PATTERN.test(name)) return `"${printable(name)}" may only contain ${RULE_TEXT}.${tryIt}`;
  if (RUST_KEYWORDS.has(name)) return `"${name}" is a Rust keyword and cannot be a crate name. Try "${name}-fn".`;
  if (RESERVED_CRATES.has(name)) return `"${name}" is a reserved crate name. Try "${name}-fn".`;
  return undefined;
}

/** A valid name close to `raw` (used in messages and as the default from a folder name). */
export function suggestName(raw: string): string {
  let name = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  if (name.length > MAX_NAME_LENGTH) name = name.slice(0, MAX_NAME_LENGTH).replace(/-+$/, '');
  if (name === '') return 'rust-lambda';
  if (RUST_KEYWORDS.has(name) || RESERVED_CRATES.has(name)) name = `${name}-fn`;
  return name;
}

/**
 * What the IaC templates append to a function's own part of an identifier: CloudFormation logical
 * ids, CDK construct ids and stack outputs after `ids.logicalId` (PascalCase); Terraform addresses,
 * variables and outputs after `ids.terraform` (snake_case); Terraform's AWS names after the
 * function's stem (kebab-case). Two functions of one project must not derive the same one: an
 * extension "orders" has `OrdersDemoFunction`, and so would a function "orders-demo". Each resource
 * kind declares the suffixes its templates use (src/kinds/).
 * test/unit/derived-ids.test.ts renders every resource kind in every flavor and checks that each
 * identifier there is a function's own part and one of these.
 */
export const ID_SUFFIXES: readonly string[] = uniqueBy(
  (KINDS as readonly Kind[]).flatMap((kind) => kind.idSuffixes ?? []),
  (suffix) => suffix,
);

/**
 * What the IaC templates append to the project's own part of an identifier for the resources of the
 * whole stack (a kind's `stack` parts: the alarm topic), in the same forms as ID_SUFFIXES.
 * None is a function's suffix, so the function named like the project never derives one of them.
 */
export const STACK_ID_SUFFIXES: readonly string[] = (KINDS as readonly Kind[]).flatMap((kind) => kind.stack?.idSuffixes ?? []);

const words = (pascal: string) => pascal.split(/(?=[A-Z])/).map((w) => w.toLowerCase());

/** An identifier in its PascalCase (CloudFormation) and snake_case (Terraform) forms. */
const idForms = (name: string, suffix: string) => [`${cfnLogicalId(name)}${suffix}`, `${terraformId(name)}_${words(suffix).join('_')}`];

/**
 * The identifier two functions of the project `project` would both derive, if any. Terraform names
 * a function's AWS resources from a stem: the bare stack prefix for the function named like the
 * project (so its names stay those of a one-function project), `<project>-<name>` for another.
 * Its queues and tables add a suffix of their own kind, so only stems meet across kinds: a
 * function's name (and log group) and an extension's demo function, `<stem>-demo`.
 */
export function sharedIdentifier(project: string, a: string, b: string): string | undefined {
  const forms = (name: string) => {
    const stem = name === project ? project : `${project}-${name}`;
    return [
      stem,
      `${stem}-demo`,
      // Terraform addresses are per resource type, and a function's own is its bare identifier
      terraformId(name),
      ...ID_SUFFIXES.flatMap((suffix) => idForms(name, suffix)),
    ];
  };
  const mine = new Set(forms(a));
  return forms(b).find((id) => mine.has(id));
}

/**
 * The identifier a function `name` of the project `project` would derive that a resource of the
 * whole stack already has (the alarm topic, `<Project>AlarmTopic`): a function `shop-alarm` of the
 * project `shop` would name its SNS topic `ShopAlarmTopic`. Its Terraform address is compared
 * bare too, as in sharedIdentifier.
 */
export function stackIdentifier(project: string, name: string): string | undefined {
  const stack = new Set(STACK_ID_SUFFIXES.flatMap((suffix) => idForms(project, suffix)));
  return [terraformId(name), ...ID_SUFFIXES.flatMap((suffix) => idForms(name, suffix))].find((id) => stack.has(id));
}
