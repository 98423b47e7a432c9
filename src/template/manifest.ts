// template.json (function templates) and flavor.json (IaC flavors): one schema each gives both
// the TypeScript type and the validator. A template is untrusted input, so every value that can
// land in a generated file has a strict pattern here, on top of the escaping helper the IaC
// templates render it with; unknown fields are refused, and lists are bounded.
// Validation reports every problem at once, each with the file and the field.
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import type { VarValue } from '../answers.js';
import { ARCH_IDS } from '../arch.js';
import { RunError } from '../errors.js';
import { hasUnsafe } from '../format/printable.js';
import { compilePattern, matchesPattern } from './pattern.js';

const text = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
    // prose that lands in YAML, TypeScript, HCL and Markdown: no quoting or markup characters beyond these
    v.regex(
      /^[\p{L}\p{N} .,:;!?()'"/&+_{}=%#@-]+$/u,
      'may only contain letters, digits, spaces and . , : ; ! ? ( ) \' " / & + _ { } = % # @ -',
    ),
  );
const matching = (re: RegExp, what: string) => v.pipe(v.string('must be a string'), v.regex(re, `must be ${what}`));
const int = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.integer(`must be an integer from ${min} to ${max}`),
    v.minValue(min, `must be an integer from ${min} to ${max}`),
    v.maxValue(max, `must be an integer from ${min} to ${max}`),
  );
const uniqueList = <T extends v.GenericSchema>(item: T, max: number, key: (x: v.InferOutput<T>) => string = String) =>
  v.pipe(
    v.array(item, 'must be a list'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must have at most ${max} entries`),
    v.check((list) => new Set(list.map(key)).size === list.length, 'must not repeat an entry'),
  );

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
/** API Gateway route segments: literal, `{param}` or a greedy `{param+}`; no "." or ".." segments. */
const SEGMENT = String.raw`(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|\{[A-Za-z_][A-Za-z0-9_]*\+?\})`;
const ROUTE_PATH = new RegExp(`^(?:/|(?:/${SEGMENT}){1,16})$`);
/** Environment variables Lambda sets itself, or that change how the runtime loads code. */
const RESERVED_ENV = /^(?:AWS_|LAMBDA_|LD_|_)|^(?:PATH|LANG|TZ|HOME|RUST_BACKTRACE)$/;

const RouteSchema = v.strictObject({
  method: v.picklist(HTTP_METHODS, `must be one of ${HTTP_METHODS.join(', ')}`),
  path: v.pipe(
    matching(ROUTE_PATH, 'a path like /items/{id}: segments of letters, digits and . _ ~ -, or {param}'),
    v.maxLength(128, 'must be at most 128 characters'),
  ),
});

/**
 * A REST API route: one literal path segment, so each route is one API Gateway resource under the
 * root (a REST API builds nested paths from a resource per segment); one method per path.
 */
const RestRouteSchema = v.strictObject({
  method: v.picklist(HTTP_METHODS, `must be one of ${HTTP_METHODS.join(', ')}`),
  path: matching(/^\/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,63}$/, 'a path of one segment like /items: letters, digits and . _ ~ - (at most 64)'),
});

/** What invokes a function: one per template, each with a resource folder per IaC flavor (src/template/view.ts). */
export const TRIGGER_TYPES = [
  'http',
  'sqs',
  'schedule',
  's3',
  'sns',
  'dynamodb-stream',
  'kinesis',
  'function-url',
  'rest',
  'alb',
  'websocket',
  'none',
] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

/** A choice value: letters, digits, . _ - (what a `choice` variable may hold). */
const CHOICE = /^[A-Za-z0-9._-]{1,64}$/;
/** How many choices a `choice` variable may offer. */
export const MAX_CHOICES = 64;

const EventTypesSchema = v.strictObject({
  variable: matching(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'the name of a choice variable'),
  types: v.pipe(
    v.record(
      matching(CHOICE, 'letters, digits, . _ - (at most 64)'),
      v.strictObject({
        feature: matching(/^[a-z][a-z0-9_]{0,39}$/, 'a Cargo feature of aws_lambda_events like s3'),
        path: matching(/^[a-z][a-z0-9_]{0,39}::[A-Z][A-Za-z0-9]{0,63}$/, 'a type path like s3::S3Event'),
        fixture: matching(/^[a-z0-9][a-z0-9_-]{0,100}\.json$/, 'a file name like example-s3-event.json'),
      }),
      'must be an object',
    ),
    v.check((types) => Object.keys(types).length >= 1 && Object.keys(types).length <= MAX_CHOICES, `must have 1 to ${MAX_CHOICES} entries`),
  ),
});

const TriggerSchema = v.variant(
  'type',
  [
    v.strictObject({ type: v.literal('http'), routes: uniqueList(RouteSchema, 20, (r) => `${r.method} ${r.path}`) }),
    v.strictObject({ type: v.literal('sqs') }),
    // each trigger kind's own settings (expressions, filters, …) are added to its entry
    v.strictObject({ type: v.literal('schedule') }),
    v.strictObject({
      type: v.literal('s3'),
      // the key prefix whose ObjectCreated events invoke the function: folders of S3-safe characters, ending in /
      prefix: v.pipe(
        matching(/^(?:[A-Za-z0-9_.-]+\/){1,8}$/, 'a key prefix like uploads/ (names of letters, digits, _ . -, each ending in /)'),
        v.maxLength(128, 'must be at most 128 characters'),
        v.check((p) => !p.split('/').some((part) => part === '.' || part === '..'), 'must not have a . or .. part'),
      ),
      // the largest object the function reads (1 byte to 1 GiB)
      maxObjectBytes: int(1, 1024 * 1024 * 1024),
    }),
    v.strictObject({ type: v.literal('sns') }),
    // the table the stack creates for the stream: its partition key (a string attribute)
    v.strictObject({
      type: v.literal('dynamodb-stream'),
      partitionKey: matching(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'an attribute name: a letter, then letters, digits or _ (at most 64)'),
    }),
    v.strictObject({ type: v.literal('kinesis') }),
    v.strictObject({ type: v.literal('function-url') }),
    v.strictObject({ type: v.literal('rest'), routes: uniqueList(RestRouteSchema, 20, (r) => r.path) }),
    v.strictObject({ type: v.literal('alb') }),
    v.strictObject({ type: v.literal('websocket') }),
    // no trigger; `event` (optional): the event type the function takes is a choice variable, and
    // each choice names its aws_lambda_events feature, Rust type path and sample fixture
    v.strictObject({ type: v.literal('none'), event: v.optional(EventTypesSchema) }),
  ],
  `must have a type of ${TRIGGER_TYPES.join(', ')}`,
);

const InfraSchema = v.strictObject({
  trigger: TriggerSchema,
  table: v.optional(
    v.strictObject({
      partitionKey: matching(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'an attribute name: a letter, then letters, digits or _ (at most 64)'),
      envVar: v.pipe(
        matching(/^[A-Z][A-Z0-9_]{0,63}$/, 'an environment variable name like TABLE_NAME'),
        v.check(
          (name) => !RESERVED_ENV.test(name),
          'must not be a name Lambda reserves or that changes how code loads (AWS_*, LAMBDA_*, LD_*, PATH, …)',
        ),
      ),
      actions: uniqueList(matching(/^dynamodb:[A-Z][A-Za-z]{1,40}$/, 'a DynamoDB action like dynamodb:GetItem (no wildcards)'), 20),
    }),
  ),
  queue: v.optional(v.strictObject({ batchSize: int(1, 10), maxReceiveCount: int(1, 1000) })),
  // the demo function is Python (infra/demo/index.py in CDK and Terraform, inline code in SAM)
  layer: v.optional(v.strictObject({ demoRuntime: matching(/^python3\.1[0-9]$/, 'a Lambda Python runtime like python3.13') })),
});

const VAR_TYPES = ['string', 'number', 'boolean', 'choice'] as const;
/** What a string variable's value may hold, whatever its pattern says. */
export const MAX_VALUE_LENGTH = 256;

const VariableSchema = v.strictObject({
  name: matching(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'an identifier (letters, digits, _; at most 40)'),
  description: text(200),
  type: v.picklist(VAR_TYPES, `must be one of ${VAR_TYPES.join(', ')}`),
  default: v.union([v.string(), v.number(), v.boolean()], 'is required: a string, number or boolean'),
  choices: v.optional(uniqueList(matching(CHOICE, 'letters, digits, . _ - (at most 64)'), MAX_CHOICES)),
  pattern: v.optional(
    v.pipe(
      v.string('must be a string'),
      v.maxLength(200, 'must be at most 200 characters'),
      v.rawCheck(({ dataset, addIssue }) => {
        const compiled = dataset.typed ? compilePattern(dataset.value) : undefined;
        if (typeof compiled === 'string') addIssue({ message: compiled });
      }),
    ),
  ),
  min: v.optional(v.pipe(v.number('must be a number'), v.finite('must be a number'))),
  max: v.optional(v.pipe(v.number('must be a number'), v.finite('must be a number'))),
});

const FunctionManifestSchema = v.pipe(
  v.strictObject({
    $schema: v.optional(v.string()),
    id: matching(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and "-", starting with a letter (at most 40)'),
    title: text(80),
    description: text(200),
    kind: v.picklist(['function', 'extension'], 'must be one of function, extension'),
    // optional: a template runs on every architecture unless it says otherwise
    architectures: v.optional(uniqueList(v.picklist(ARCH_IDS, `must be one of ${ARCH_IDS.join(', ')}`), ARCH_IDS.length), () => [
      ...ARCH_IDS,
    ]),
    flavors: uniqueList(matching(/^[a-z][a-z0-9-]{0,39}$/, 'a flavor id'), 16),
    // the file of events/ a README sends to the deployed function when nothing else triggers it
    sampleEvent: v.optional(
      matching(/^[a-z0-9][a-z0-9_-]{0,58}\.json$/, 'a file name in events/ like hello.json (lowercase letters, digits, _ and -)'),
    ),
    infra: InfraSchema,
    variables: v.optional(v.pipe(v.array(VariableSchema, 'must be a list'), v.maxLength(32, 'must have at most 32 entries'))),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { kind, infra, variables = [] } = dataset.value;
    if (kind === 'extension' && !infra.layer)
      addIssue({ message: 'an extension needs { "demoRuntime": … }', path: issuePath('infra.layer') });
    if (infra.trigger.type === 'sqs' && !infra.queue)
      addIssue({ message: 'an sqs trigger needs { "batchSize", "maxReceiveCount" }', path: issuePath('infra.queue') });
    if (infra.trigger.type === 'none' && infra.trigger.event) {
      const { variable, types } = infra.trigger.event;
      const declared = variables.find((x) => x.name === variable);
      const keys = Object.keys(types).sort().join(',');
      if (declared?.type !== 'choice' || [...(declared.choices ?? [])].sort().join(',') !== keys)
        addIssue({
          message: 'must name a choice variable whose choices are exactly the keys of types',
          path: issuePath('infra.trigger.event.variable'),
        });
    }
    const seen = new Set<string>();
    variables.forEach((variable, i) => {
      if (seen.has(variable.name)) addIssue({ message: 'is declared twice', path: issuePath(`variables[${i}].name`) });
      seen.add(variable.name);
      if (variable.type === 'choice' && !variable.choices)
        addIssue({ message: 'must be a non-empty list', path: issuePath(`variables[${i}].choices`) });
      const problem = variableProblem(variable, variable.default);
      if (problem) addIssue({ message: problem, path: issuePath(`variables[${i}].default`) });
    });
  }),
);

const FlavorManifestSchema = v.strictObject({
  id: matching(/^[a-z][a-z0-9-]{0,39}$/, 'a flavor id'),
  title: text(80),
  description: text(200),
  /** shell commands printed after the run, rendered with the template variables */
  nextSteps: v.array(v.string(), 'must be a list of commands'),
});

export type FunctionManifest = v.InferOutput<typeof FunctionManifestSchema>;
export type FlavorManifest = v.InferOutput<typeof FlavorManifestSchema>;
export type TemplateVariable = v.InferOutput<typeof VariableSchema>;
export type { VarValue };

type Problems = string[];

/** A dotted field name as a valibot issue path (only the keys matter for the message). */
function issuePath(field: string): [v.IssuePathItem, ...v.IssuePathItem[]] {
  const keys = field.split(/\.|\[(\d+)\]\.?/).filter((k) => k !== undefined && k !== '');
  return keys.map((key) => ({
    type: 'object',
    origin: 'value',
    input: {},
    key: /^\d+$/.test(key) ? Number(key) : key,
    value: undefined,
  })) as unknown as [v.IssuePathItem, ...v.IssuePathItem[]];
}

function problemsOf(result: { issues?: readonly v.BaseIssue<unknown>[] }): Problems {
  return (result.issues ?? []).map((issue) => {
    const path = (issue.path ?? [])
      .map((item) => (typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`))
      .join('')
      .replace(/^\./, '');
    // the object schemas' own words for a missing or an unknown key, said plainly
    const message =
      issue.expected === 'never'
        ? 'is not a known field'
        : issue.received === 'undefined' && issue.expected?.startsWith('"')
          ? 'is required'
          : issue.message;
    return `${path || '(manifest)'}: ${message}`;
  });
}

/** Why `value` is not acceptable for `variable`; undefined when it is. */
export function variableProblem(variable: TemplateVariable, value: unknown): string | undefined {
  switch (variable.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (variable.min !== undefined && value < variable.min) return `must be at least ${variable.min}`;
      if (variable.max !== undefined && value > variable.max) return `must be at most ${variable.max}`;
      return undefined;
    case 'choice':
      return typeof value === 'string' && variable.choices?.includes(value) ? undefined : `must be one of ${variable.choices?.join(', ')}`;
    default:
      if (typeof value !== 'string') return 'must be a string';
      if (value.length > MAX_VALUE_LENGTH) return `must be at most ${MAX_VALUE_LENGTH} characters`;
      if (hasUnsafe(value)) return 'must not contain control characters';
      if (variable.pattern && !matchesPattern(variable.pattern, value)) return `must match ${variable.pattern}`;
      return undefined;
  }
}

export function validateFunctionManifest(raw: unknown, knownFlavors: readonly string[]): Problems {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['must be a JSON object'];
  const problems = problemsOf(v.safeParse(FunctionManifestSchema, raw, { abortPipeEarly: false }));
  const flavors = (raw as { flavors?: unknown }).flavors;
  if (Array.isArray(flavors)) {
    const unknown = flavors.filter((f) => !knownFlavors.includes(f as string));
    if (unknown.length)
      problems.push(`flavors: must be a non-empty list of ${knownFlavors.join(', ')} (unknown: ${unknown.map(String).join(', ')})`);
  }
  return problems;
}

export function validateFlavorManifest(raw: unknown): Problems {
  return problemsOf(v.safeParse(FlavorManifestSchema, raw));
}

/** The manifest with its defaults filled in, or a RunError that lists every problem. */
export function parseFunctionManifest(raw: unknown, knownFlavors: readonly string[], file: string): FunctionManifest {
  const problems = validateFunctionManifest(raw, knownFlavors);
  if (problems.length) throw manifestError(file, problems);
  return v.parse(FunctionManifestSchema, raw);
}

export function parseFlavorManifest(raw: unknown, file: string): FlavorManifest {
  const problems = validateFlavorManifest(raw);
  if (problems.length) throw manifestError(file, problems);
  return v.parse(FlavorManifestSchema, raw);
}

/** Read and parse a JSON manifest; broken JSON is a RunError naming the file. */
export function readJson(file: string): unknown {
  return parseJson(readText(file), file);
}

/** A manifest's text; a missing one is a RunError naming the file. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new RunError(`${file}: manifest not found`);
  }
}

/** Parse a manifest's text; broken JSON is a RunError naming the file. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RunError(`${file}: invalid JSON (${(error as Error).message})`);
  }
}

export function manifestError(file: string, problems: Problems): RunError {
  return new RunError(`${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
