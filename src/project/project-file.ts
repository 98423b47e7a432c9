// rust-lambda.toml: the project model on disk. Anyone can edit it (or hand over a hostile one),
// so it is read like a template manifest: bounded in size, every field checked by the same rules
// the CLI's flags use, unknown fields refused, and every problem reported at once, a line each
// naming the file, the function and the field (exit 2, as a bad flag). The variables are checked
// once the templates are loaded, by the rules that check `--var` (checkTemplateRules).
import { parse, stringify } from 'smol-toml';
import * as v from 'valibot';
import type { Answers, VarValue } from '../answers.js';
import { ARCH_IDS } from '../arch.js';
import { RunError, UsageError } from '../errors.js';
import { nameProblem, sharedIdentifier, stackIdentifier } from '../names.js';
import { answerOptions } from '../options.js';
import type { Project } from '../project-model.js';
import { builtinCatalog } from '../template/catalog.js';
import { type FunctionManifest, TEMPLATE_SUPPORTS, variableProblem } from '../template/manifest.js';
import { parseTemplateSource, SOURCE_FORMS } from '../template/source.js';
import { hasUnsafe, printable } from '../text/printable.js';

export const PROJECT_FILE = 'rust-lambda.toml';
/** A project file is a few hundred bytes per function; anything near this is not one. */
export const MAX_PROJECT_FILE_BYTES = 64 * 1024;
/** Functions in one project: one stack holds at most 500 resources, and each function brings up to 8. */
export const MAX_FUNCTIONS = 32;

const HEADER = `# Written by create-rust-lambda: what made this project. \`create-rust-lambda add\` and
# \`create-rust-lambda upgrade\` read it to render the files again and merge your changes in.
# Change it with those commands rather than by hand.
`;

/** The option table's own check for an answer, as a schema rule (one rule for flags and this file). */
function answerRule<T extends string | number>(key: keyof Answers) {
  const validate = answerOptions.find((o) => o.key === key)?.validate;
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    const problem = dataset.typed ? validate?.(dataset.value as never, {}) : undefined;
    if (problem) addIssue({ message: problem });
  });
}

const str = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.check((s) => !hasUnsafe(s), 'must not contain control characters'),
  );

/** What `--template` accepts: a built-in id or a source form, each part of a git source checked. */
function templateSourceProblem(value: string): string | undefined {
  const ids = builtinCatalog().templates.map((t) => t.id);
  try {
    // the folder a relative source resolves against does not change what is accepted
    if (parseTemplateSource(value, ids, '/')) return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message.replace(/^invalid --template /, 'invalid ');
    throw error;
  }
  return `must be a built-in template (${ids.join(', ')}) or a template source (${SOURCE_FORMS})`;
}

const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_VARS = 32;
/** Only the kind of value: what a variable takes is its declaration's (variableProblem, as for `--var`). */
const VarValueSchema = v.union([v.string(), v.number(), v.boolean()], 'must be a string, number or boolean');

/**
 * [functions.vars]: every key the file holds, read as it is (a record schema would drop
 * `__proto__` unseen), each a variable name with a scalar value. Which names and values a
 * template takes is its own declaration's business (checkTemplateRules).
 */
const VarsSchema = v.pipe(
  v.custom<Record<string, unknown>>(
    (x) => typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date),
    'must be a table of variables',
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const entries = Object.entries(dataset.value);
    if (entries.length > MAX_VARS) addIssue({ message: `must have at most ${MAX_VARS} entries` });
    for (const [key, value] of entries) {
      const path = [{ type: 'object', origin: 'value', input: dataset.value, key, value }] as never;
      if (!VARIABLE_NAME.test(key))
        addIssue({ message: 'is not a variable name (a letter, then letters, digits and _; at most 40)', path });
      else {
        const result = v.safeParse(VarValueSchema, value, { abortPipeEarly: true });
        if (!result.success) addIssue({ message: result.issues[0].message, path });
      }
    }
  }),
  v.transform((vars) => Object.fromEntries(Object.entries(vars)) as Record<string, VarValue>),
);

const FunctionSchema = v.strictObject({
  name: v.pipe(str(64), answerRule<string>('name')),
  template: v.pipe(
    str(1000),
    v.minLength(1, 'must not be empty'),
    v.rawCheck(({ dataset, addIssue }) => {
      const problem = dataset.typed ? templateSourceProblem(dataset.value) : undefined;
      if (problem) addIssue({ message: problem });
    }),
  ),
  memory: v.pipe(v.number('must be a number'), answerRule<number>('memory')),
  timeout: v.pipe(v.number('must be a number'), answerRule<number>('timeout')),
  vars: v.optional(VarsSchema, {}),
});

const ProjectSchema = v.strictObject({
  version: v.pipe(
    v.string('must be a string'),
    v.regex(/^\d{1,4}\.\d{1,4}\.\d{1,4}(?:-[0-9A-Za-z.-]{1,40})?$/, 'must be a version like 0.2.0'),
  ),
  name: v.pipe(str(64), answerRule<string>('name')),
  iac: v.pipe(
    str(40),
    v.check(
      (id) => builtinCatalog().flavors.some((f) => f.id === id),
      () =>
        `must be one of ${builtinCatalog()
          .flavors.map((f) => f.id)
          .join(', ')}`,
    ),
  ),
  arch: v.picklist(ARCH_IDS, `must be one of ${ARCH_IDS.join(', ')}`),
  region: v.pipe(str(40), answerRule<string>('region')),
  functions: v.pipe(
    v.array(FunctionSchema, 'must be a list of [[functions]]'),
    v.minLength(1, 'must have at least one [[functions]] entry'),
    v.maxLength(MAX_FUNCTIONS, `must have at most ${MAX_FUNCTIONS} entries`),
    v.check((list) => new Set(list.map((f) => f.name)).size === list.length, 'must not name a function twice'),
  ),
});

/** Rules between fields: the names of functions against each other and against the project's. */
const ProjectRules = v.pipe(
  ProjectSchema,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { name: project, functions } = dataset.value;
    functions.forEach((fn, i) => {
      const path = [
        { type: 'object', origin: 'value', input: {}, key: 'functions', value: undefined },
        { type: 'array', origin: 'value', input: [], key: i, value: undefined },
      ] as never;
      const composed = fn.name === project ? undefined : nameProblem(`${project}-${fn.name}`);
      if (composed)
        addIssue({ message: `"${project}-${fn.name}" (the project's name and the function's) is too long or invalid: ${composed}`, path });
      const other = functions.slice(0, i).find((o) => sharedIdentifier(project, o.name, fn.name));
      if (other)
        addIssue({ message: `"${fn.name}" and "${other.name}" would both name ${sharedIdentifier(project, other.name, fn.name)}`, path });
      const stack = stackIdentifier(project, fn.name);
      if (stack) addIssue({ message: `"${fn.name}" would name ${stack}, a resource of the whole stack`, path });
    });
  }),
);

export function stringifyProject(project: Project): string {
  const { version, name, iac, arch, region, functions } = project;
  // a function without variables has no [functions.vars] table
  const entries = functions.map(({ vars, ...fn }) => (Object.keys(vars).length ? { ...fn, vars } : fn));
  return `${HEADER}\n${stringify({ version, name, iac, arch, region, functions: entries })}\n`;
}

/** A function as messages name it: by its name when that is one, else by its place in the file. */
function functionLabel(raw: unknown, i: number): string {
  const name = (raw as { functions?: { name?: unknown }[] } | undefined)?.functions?.[i]?.name;
  return typeof name === 'string' && !nameProblem(name) ? `function "${name}"` : `functions[${i}]`;
}

/** `region`, `function "orders", memory`, `function "orders", variable eventType`. */
function fieldLabel(raw: unknown, keys: readonly unknown[]): string {
  const [first, i, ...rest] = keys;
  if (first === 'functions' && typeof i === 'number') {
    const field = rest[0] === 'vars' && rest.length > 1 ? `variable ${printable(String(rest[1]))}` : rest.map(String).join('.');
    return [functionLabel(raw, i), field].filter(Boolean).join(', ');
  }
  return keys
    .map((k) => (typeof k === 'number' ? `[${k}]` : `.${printable(String(k))}`))
    .join('')
    .replace(/^\./, '');
}

const refusal = (file: string, problems: string[]) => new UsageError(problems.map((p) => `${file}: ${p}`).join('\n'));

/** The project in `text`, or a UsageError with a line per problem, each naming the file and the field. */
export function parseProject(text: string, file: string): Project {
  if (Buffer.byteLength(text) > MAX_PROJECT_FILE_BYTES)
    throw new RunError(`${file}: larger than ${MAX_PROJECT_FILE_BYTES} bytes; not a project file`);
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new UsageError(`${file}: invalid TOML (${printable((error as Error).message.split('\n')[0] ?? '')})`);
  }
  const result = v.safeParse(ProjectRules, raw, { abortPipeEarly: true });
  if (result.success) return result.output as Project;
  const problems = result.issues.map((issue) => {
    const where = fieldLabel(
      raw,
      (issue.path ?? []).map((p) => p.key),
    );
    const message = issue.expected === 'never' ? 'is not a known field' : issue.received === 'undefined' ? 'is required' : issue.message;
    return where ? `${where}: ${message}` : message;
  });
  throw refusal(file, problems);
}

/**
 * The recorded project against its functions' templates (`manifests[i]` is that of
 * `project.functions[i]`), by the rules that check the same values given as flags: each variable
 * must be one the template declares, with a value its declaration accepts (variableProblem, as
 * for `--var`), and the template must support the project's iac and arch. A variable the file
 * does not record takes the template's default. A UsageError (exit 2) lists every problem.
 */
export function checkTemplateRules(project: Project, manifests: readonly FunctionManifest[], file: string): Project {
  const problems: string[] = [];
  const functions = project.functions.map((fn, i) => {
    const manifest = manifests[i] as FunctionManifest;
    const where = `function "${fn.name}"`;
    for (const [key, supported] of Object.entries(TEMPLATE_SUPPORTS)) {
      const values = supported(manifest);
      const value = project[key as keyof typeof TEMPLATE_SUPPORTS];
      if (!values.includes(value))
        problems.push(`${where}, template: "${manifest.id}" does not support ${key} ${value} (supported: ${values.join(', ')})`);
    }
    const declared = manifest.variables ?? [];
    for (const name of Object.keys(fn.vars)) {
      if (!declared.some((d) => d.name === name))
        problems.push(
          `${where}, variable ${printable(name)}: the template "${manifest.id}" declares no such variable (declared: ${declared.map((d) => d.name).join(', ') || 'none'})`,
        );
    }
    const missing: Record<string, VarValue> = {};
    for (const variable of declared) {
      if (!Object.hasOwn(fn.vars, variable.name)) {
        missing[variable.name] = variable.default;
        continue;
      }
      const problem = variableProblem(variable, fn.vars[variable.name]);
      if (problem) problems.push(`${where}, variable ${variable.name}: ${problem}`);
    }
    return { ...fn, vars: { ...fn.vars, ...missing } };
  });
  if (problems.length) throw refusal(file, problems);
  return { ...project, functions };
}
