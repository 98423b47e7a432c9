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
import { KINDS, type Kind, TRIGGER_SCHEMAS, TRIGGER_TYPES } from '../kinds/index.js';
import { attributeName, CHOICE, int, MAX_CHOICES, matching, text, uniqueList } from '../schema.js';
import { hasUnsafe, printable } from '../text/printable.js';
import { compilePattern, matchesPattern } from './pattern.js';

/** Environment variables Lambda sets itself, or that change how the runtime loads code. */
const RESERVED_ENV = /^(?:AWS_|LAMBDA_|LD_|_)|^(?:PATH|LANG|TZ|HOME|RUST_BACKTRACE)$/;

/** What invokes a function: each type and its settings are declared by its resource kind (src/kinds/). */
export { TRIGGER_TYPES, type TriggerType } from '../kinds/index.js';
export { MAX_CHOICES };

const TriggerSchema = v.variant('type', TRIGGER_SCHEMAS, `must have a type of ${TRIGGER_TYPES.join(', ')}`);

const InfraSchema = v.strictObject({
  trigger: TriggerSchema,
  table: v.optional(
    v.strictObject({
      partitionKey: attributeName(),
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
    // each kind's rules across fields (a trigger's settings elsewhere in `infra`, its variables)
    for (const kind of KINDS as readonly Kind[]) {
      const issue = kind.check?.(dataset.value);
      if (issue) addIssue({ message: issue.message, path: issuePath(issue.field) });
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

/** The project answers a template limits, and the values it supports for each: a flag or a recorded value outside them is refused. */
export const TEMPLATE_SUPPORTS = {
  iac: (m: FunctionManifest): readonly string[] => m.flavors,
  arch: (m: FunctionManifest): readonly string[] => m.architectures,
} as const;
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
    throw new RunError(`${printable(file)}: manifest not found`);
  }
}

/** Parse a manifest's text; broken JSON is a RunError naming the file. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RunError(`${printable(file)}: invalid JSON (${printable((error as Error).message)})`);
  }
}

export function manifestError(file: string, problems: Problems): RunError {
  return new RunError(`${printable(file)} is invalid:\n${problems.map((p) => `  - ${printable(p)}`).join('\n')}`);
}
