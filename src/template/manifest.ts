// template.json (function templates) and flavor.json (IaC flavors): types and validation.
// Validation reports every problem at once, each with the file and the field.
import { readFileSync } from 'node:fs';
import { RunError } from '../errors.js';

export const ARCHITECTURES = ['arm64', 'x86_64'] as const;
export type Arch = (typeof ARCHITECTURES)[number];

export interface Route {
  method: string;
  path: string;
}

export interface Infra {
  trigger: { type: 'http'; routes: Route[] } | { type: 'sqs' } | { type: 'none' };
  table?: { partitionKey: string; envVar: string; actions: string[] };
  queue?: { batchSize: number; maxReceiveCount: number };
  layer?: { demoRuntime: string };
}

/** A template's own question: a prompt when interactive, `--var name=value` otherwise. */
export interface TemplateVariable {
  name: string;
  description: string;
  type: 'string' | 'number' | 'boolean' | 'choice';
  default: string | number | boolean;
  choices?: string[];
  /** string: a regular expression the whole value must match */
  pattern?: string;
  min?: number;
  max?: number;
}

export type VarValue = string | number | boolean;

export interface FunctionManifest {
  id: string;
  title: string;
  description: string;
  kind: 'function' | 'extension';
  architectures: Arch[];
  flavors: string[];
  infra: Infra;
  variables?: TemplateVariable[];
}

export interface FlavorManifest {
  id: string;
  title: string;
  description: string;
  /** shell commands printed after the run, rendered with the template variables */
  nextSteps: string[];
}

type Problems = string[];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function want(problems: Problems, obj: Obj, field: string, path: string, check: (v: unknown) => string | undefined) {
  const problem = check(obj[field]);
  if (problem) problems.push(`${path}${field}: ${problem}`);
}

const nonEmptyString = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a non-empty string');
const oneOf = (values: readonly string[]) => (v: unknown) =>
  typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`;
const listOf = (values: readonly string[]) => (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && values.includes(x))
    ? undefined
    : `must be a non-empty list of ${values.join(', ')}`;
const stringList = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== '') ? undefined : 'must be a non-empty list of strings';
const intIn = (min: number, max: number) => (v: unknown) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? undefined : `must be an integer from ${min} to ${max}`;

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

function infraProblems(infra: unknown, problems: Problems) {
  if (!isObj(infra)) {
    problems.push('infra: must be an object');
    return;
  }
  const trigger = infra.trigger;
  if (!isObj(trigger)) {
    problems.push('infra.trigger: must be an object');
  } else {
    want(problems, trigger, 'type', 'infra.trigger.', oneOf(['http', 'sqs', 'none']));
    if (trigger.type === 'http') {
      if (!Array.isArray(trigger.routes) || trigger.routes.length === 0) {
        problems.push('infra.trigger.routes: must be a non-empty list of { method, path }');
      } else {
        trigger.routes.forEach((route, i) => {
          const at = `infra.trigger.routes[${i}].`;
          if (!isObj(route)) return problems.push(`${at.slice(0, -1)}: must be an object`);
          want(problems, route, 'method', at, oneOf(HTTP_METHODS));
          want(problems, route, 'path', at, (v) =>
            typeof v === 'string' && /^\/[A-Za-z0-9/{}_.-]*$/.test(v) ? undefined : 'must be a path starting with "/"',
          );
        });
      }
    }
  }
  if (infra.table !== undefined) {
    if (!isObj(infra.table)) problems.push('infra.table: must be an object');
    else {
      want(problems, infra.table, 'partitionKey', 'infra.table.', nonEmptyString);
      want(problems, infra.table, 'envVar', 'infra.table.', (v) =>
        typeof v === 'string' && /^[A-Z][A-Z0-9_]*$/.test(v) ? undefined : 'must be an environment variable name like TABLE_NAME',
      );
      want(problems, infra.table, 'actions', 'infra.table.', (v) =>
        stringList(v) ??
        ((v as string[]).every((a) => /^dynamodb:[A-Za-z]+$/.test(a)) ? undefined : 'must name DynamoDB actions, no wildcards'),
      );
    }
  }
  if (infra.queue !== undefined) {
    if (!isObj(infra.queue)) problems.push('infra.queue: must be an object');
    else {
      want(problems, infra.queue, 'batchSize', 'infra.queue.', intIn(1, 10));
      want(problems, infra.queue, 'maxReceiveCount', 'infra.queue.', intIn(1, 1000));
    }
  }
  if (infra.layer !== undefined) {
    if (!isObj(infra.layer)) problems.push('infra.layer: must be an object');
    else want(problems, infra.layer, 'demoRuntime', 'infra.layer.', nonEmptyString);
  }
}

const VAR_TYPES = ['string', 'number', 'boolean', 'choice'] as const;

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
      if (variable.pattern && !new RegExp(`^(?:${variable.pattern})$`).test(value)) return `must match ${variable.pattern}`;
      return undefined;
  }
}

function variablesProblems(raw: unknown, problems: Problems) {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) return void problems.push('variables: must be a list');
  const seen = new Set<string>();
  raw.forEach((v, i) => {
    const at = `variables[${i}].`;
    if (!isObj(v)) return void problems.push(`variables[${i}]: must be an object`);
    want(problems, v, 'name', at, (x) =>
      typeof x === 'string' && /^[A-Za-z][A-Za-z0-9_]*$/.test(x) ? (seen.has(x) ? 'is declared twice' : undefined) : 'must be an identifier (letters, digits, _)',
    );
    if (typeof v.name === 'string') seen.add(v.name);
    want(problems, v, 'description', at, nonEmptyString);
    want(problems, v, 'type', at, oneOf(VAR_TYPES));
    if (v.type === 'choice') want(problems, v, 'choices', at, stringList);
    if (v.pattern !== undefined) {
      want(problems, v, 'pattern', at, (p) => {
        try {
          new RegExp(String(p));
          return typeof p === 'string' ? undefined : 'must be a string';
        } catch {
          return 'is not a valid regular expression';
        }
      });
    }
    for (const bound of ['min', 'max']) {
      if (v[bound] !== undefined) want(problems, v, bound, at, (n) => (typeof n === 'number' ? undefined : 'must be a number'));
    }
    if (v.default === undefined) problems.push(`${at}default: is required`);
    else if (VAR_TYPES.includes(v.type as never)) {
      const problem = variableProblem(v as unknown as TemplateVariable, v.default);
      if (problem) problems.push(`${at}default: ${problem}`);
    }
  });
}

export function validateFunctionManifest(raw: unknown, knownFlavors: readonly string[]): Problems {
  const problems: Problems = [];
  if (!isObj(raw)) return ['must be a JSON object'];
  want(problems, raw, 'id', '', (v) =>
    typeof v === 'string' && /^[a-z][a-z0-9-]*$/.test(v) ? undefined : 'must be lowercase letters, digits and "-"',
  );
  want(problems, raw, 'title', '', nonEmptyString);
  want(problems, raw, 'description', '', nonEmptyString);
  want(problems, raw, 'kind', '', oneOf(['function', 'extension']));
  want(problems, raw, 'architectures', '', listOf(ARCHITECTURES));
  want(problems, raw, 'flavors', '', listOf(knownFlavors));
  infraProblems(raw.infra, problems);
  variablesProblems(raw.variables, problems);
  if (raw.kind === 'extension' && isObj(raw.infra) && raw.infra.layer === undefined) {
    problems.push('infra.layer: an extension needs { "demoRuntime": … }');
  }
  if (isObj(raw.infra) && isObj(raw.infra.trigger) && raw.infra.trigger.type === 'sqs' && raw.infra.queue === undefined) {
    problems.push('infra.queue: an sqs trigger needs { "batchSize", "maxReceiveCount" }');
  }
  return problems;
}

export function validateFlavorManifest(raw: unknown): Problems {
  const problems: Problems = [];
  if (!isObj(raw)) return ['must be a JSON object'];
  want(problems, raw, 'id', '', nonEmptyString);
  want(problems, raw, 'title', '', nonEmptyString);
  want(problems, raw, 'description', '', nonEmptyString);
  want(problems, raw, 'nextSteps', '', (v) =>
    Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'must be a list of commands',
  );
  return problems;
}

/** Read and parse a JSON manifest; broken JSON is a RunError naming the file. */
export function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new RunError(`${file}: manifest not found`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RunError(`${file}: invalid JSON (${(error as Error).message})`);
  }
}

export function manifestError(file: string, problems: Problems): RunError {
  return new RunError(`${file} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
