// Name rules and every identifier derived from the project name.
// Each derived identifier comes from exactly one function here, so templates never invent their own.

/** Rust keywords (strict + reserved, 2024 edition) — not allowed as a crate name. */
const RUST_KEYWORDS = new Set([
  'as', 'async', 'await', 'break', 'const', 'continue', 'crate', 'dyn', 'else', 'enum', 'extern',
  'false', 'fn', 'for', 'gen', 'if', 'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut',
  'pub', 'ref', 'return', 'self', 'static', 'struct', 'super', 'trait', 'true', 'type', 'unsafe',
  'use', 'where', 'while', 'abstract', 'become', 'box', 'do', 'final', 'macro', 'override', 'priv',
  'typeof', 'unsized', 'virtual', 'yield', 'try',
]);

/** Names cargo refuses or that would shadow a built-in crate. */
const RESERVED_CRATES = new Set([
  'test', 'std', 'core', 'alloc', 'proc_macro', 'proc-macro', 'build', 'deps', 'examples',
  'incremental', 'con', 'prn', 'aux', 'nul', 'com1', 'com2', 'com3', 'com4', 'lpt1', 'lpt2',
  'lpt3',
]);

export const MAX_NAME_LENGTH = 64;

/**
 * Why `name` cannot be a crate + Lambda function name, with a suggested fix; undefined when valid.
 * Rules: 1–64 characters, ASCII letters, digits, `-` and `_`, starting with a letter;
 * not a Rust keyword or reserved crate name.
 */
export function nameProblem(name: string): string | undefined {
  const suggestion = suggestName(name);
  const tryIt = suggestion && suggestion !== name ? ` Try "${suggestion}".` : '';
  if (name.length === 0) return 'the name is empty.';
  if (name.length > MAX_NAME_LENGTH) {
    return `"${name.slice(0, 20)}…" is ${name.length} characters; a Lambda function name has at most ${MAX_NAME_LENGTH}.${tryIt}`;
  }
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    return `"${name}" may only contain ASCII letters, digits, "-" and "_".${tryIt}`;
  }
  if (!/^[A-Za-z]/.test(name)) {
    return `"${name}" must start with a letter.${tryIt}`;
  }
  const lowered = name.toLowerCase();
  if (RUST_KEYWORDS.has(lowered)) {
    return `"${name}" is a Rust keyword and cannot be a crate name. Try "${name}-fn".`;
  }
  if (RESERVED_CRATES.has(lowered)) {
    return `"${name}" is a reserved crate name. Try "${name}-fn".`;
  }
  return undefined;
}

/** A valid name close to `raw` (used in messages and as the default from a folder name). */
export function suggestName(raw: string): string {
  let name = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z]+/, '')
    .replace(/[-_]+$/, '')
    .toLowerCase();
  if (name.length > MAX_NAME_LENGTH) name = name.slice(0, MAX_NAME_LENGTH).replace(/[-_]+$/, '');
  if (name === '') return 'rust-lambda';
  const lowered = name.toLowerCase();
  if (RUST_KEYWORDS.has(lowered) || RESERVED_CRATES.has(lowered)) name = `${name}-fn`;
  return name;
}

function words(name: string): string[] {
  return name.split(/[-_]+/).filter(Boolean);
}

/** `my-fn` → `my_fn`: how Rust code refers to the crate. */
export function rustName(name: string): string {
  return name.replace(/-/g, '_');
}

/** `my-fn` → `MyFn`. */
export function pascalName(name: string): string {
  return words(name)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** CloudFormation logical id prefix: alphanumeric only. */
export function cfnLogicalId(name: string): string {
  return pascalName(name).replace(/[^A-Za-z0-9]/g, '');
}

/** Terraform identifier prefix: letters, digits, `_`; starts with a letter. */
export function terraformId(name: string): string {
  return name.replace(/-/g, '_').toLowerCase();
}

/** CloudFormation / CDK stack name: `[A-Za-z][-A-Za-z0-9]*`, at most 128 characters. */
export function stackName(name: string): string {
  return name.replace(/_/g, '-');
}

/** Class name of the generated CDK stack. */
export function cdkStackClass(name: string): string {
  return `${cfnLogicalId(name)}Stack`;
}

/** DynamoDB table name: 3–255 of `[A-Za-z0-9_.-]`. */
export function tableName(name: string): string {
  return `${name}-items`;
}

/** SQS queue name: 1–80 of `[A-Za-z0-9_-]`. */
export function queueName(name: string): string {
  return `${name}-queue`;
}

/** SQS dead-letter queue name. */
export function dlqName(name: string): string {
  return `${name}-dlq`;
}
