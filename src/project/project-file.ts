// rust-lambda.toml: the project model on disk. Anyone can edit it (or hand over a hostile one),
// so it is read like a template manifest: bounded in size, every field checked by the same rules
// the CLI's flags use, unknown fields refused, and every problem reported at once.
import { parse, stringify } from 'smol-toml';
import * as v from 'valibot';
import type { Answers } from '../answers.js';
import { ARCH_IDS } from '../arch.js';
import { RunError } from '../errors.js';
import { nameProblem, sharedIdentifier } from '../names.js';
import { answerOptions } from '../options.js';
import type { Project } from '../project-model.js';
import { builtinCatalog } from '../template/catalog.js';
import { hasUnsafe } from '../text/printable.js';

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

const FunctionSchema = v.strictObject({
  name: v.pipe(str(64), answerRule<string>('name')),
  template: v.pipe(str(1000), v.minLength(1, 'must not be empty')),
  memory: v.pipe(v.number('must be a number'), answerRule<number>('memory')),
  timeout: v.pipe(v.number('must be a number'), answerRule<number>('timeout')),
  vars: v.optional(
    v.pipe(
      v.record(
        v.pipe(str(40), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'must be a variable name')),
        v.union([str(256), v.number(), v.boolean()], 'must be a string, number or boolean'),
      ),
      v.check((vars) => Object.keys(vars).length <= 32, 'must have at most 32 entries'),
    ),
    {},
  ),
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
    });
  }),
);

export function stringifyProject(project: Project): string {
  const { version, name, iac, arch, region, functions } = project;
  // a function without variables has no [functions.vars] table
  const entries = functions.map(({ vars, ...fn }) => (Object.keys(vars).length ? { ...fn, vars } : fn));
  return `${HEADER}\n${stringify({ version, name, iac, arch, region, functions: entries })}\n`;
}

/** The project in `text`, or a RunError that names the file and lists every problem. */
export function parseProject(text: string, file: string): Project {
  if (Buffer.byteLength(text) > MAX_PROJECT_FILE_BYTES)
    throw new RunError(`${file}: larger than ${MAX_PROJECT_FILE_BYTES} bytes; not a project file`);
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new RunError(`${file}: invalid TOML (${(error as Error).message.split('\n')[0]})`);
  }
  const result = v.safeParse(ProjectRules, raw, { abortPipeEarly: true });
  if (result.success) return result.output as Project;
  const problems = result.issues.map((issue) => {
    const path = (issue.path ?? [])
      .map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`))
      .join('')
      .replace(/^\./, '');
    const message = issue.expected === 'never' ? 'is not a known field' : issue.received === 'undefined' ? 'is required' : issue.message;
    return `  - ${path || '(file)'}: ${message}`;
  });
  throw new RunError(`${file} is invalid:\n${problems.join('\n')}`);
}
