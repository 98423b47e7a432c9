// A hand-edited or handed-over rust-lambda.toml is trusted no more than a flag: every recorded
// field, each variable by its template's own declaration (the rules of --var), is refused with
// exit 2 in one line naming the file, the function and the field, before anything is written
// and before an older CLI is run for an upgrade's base.
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliVersion } from '../../src/paths.js';
import { runCli } from '../cli/run-cli.js';
import { type Arena, arena, attempt, refusal, refused } from './harness.js';

/** Real projects of the templates whose variables are tried, made once. */
const TEMPLATES = { event: 'eventType = "s3.S3Event"', stream: 'auth = "AWS_IAM"', schedule: 'schedule = "rate(5 minutes)"', http: '' };
type TemplateId = keyof typeof TEMPLATES;
let made: string;
beforeAll(() => {
  made = mkdtempSync(join(tmpdir(), 'crl-hostile-projects-'));
  for (const id of Object.keys(TEMPLATES)) {
    const r = runCli([id, '--name', 'p', '--template', id, '--iac', 'none', '--yes', '--no-git'], { cwd: made });
    expect(r.code, r.stderr).toBe(0);
  }
}, 60_000);
afterAll(() => rmSync(made, { recursive: true, force: true }));

interface Edit {
  template?: TemplateId;
  /** TOML lines that replace (by key) or join the top of the file, the function, its [functions.vars] */
  top?: string[];
  fn?: string[];
  vars?: string[];
  /** the whole [functions.vars] table, replaced */
  varsTable?: string;
}

/** The project file of a one-function project, with the edit's lines in place of the ones with their keys. */
function projectFile({ template = 'event', top = [], fn = [], vars = [], varsTable }: Edit): string {
  const merge = (lines: string[], edits: string[]) => {
    const key = (line: string) => line.split('=')[0]?.trim();
    const kept = lines.filter((line) => !edits.some((e) => key(e) === key(line)));
    return [...kept, ...edits];
  };
  const head = merge([`version = "${cliVersion()}"`, 'name = "p"', 'iac = "none"', 'arch = "arm64"', 'region = "us-east-1"'], top);
  const body = merge(['name = "p"', `template = "${template}"`, 'memory = 128', 'timeout = 10'], fn);
  const own = merge(TEMPLATES[template] ? [TEMPLATES[template]] : [], vars);
  const table = varsTable ?? (own.length ? `[functions.vars]\n${own.join('\n')}\n` : '');
  return `${head.join('\n')}\n\n[[functions]]\n${body.join('\n')}\n\n${table}`;
}

/** An arena holding a real project whose rust-lambda.toml is the edited one. */
function hostileProject(edit: Edit): Arena {
  const a = arena('project-file');
  cpSync(join(made, edit.template ?? 'event'), a.cwd, { recursive: true });
  writeFileSync(join(a.cwd, 'rust-lambda.toml'), projectFile(edit));
  return a;
}

const ALLOWED =
  /must be one of|must be a|must look like|must not|is not a|lowercase|must match|declares no such variable|at most|at least|whole number|must be true or false|invalid|is required|does not exist/;

// [what, the edit, the field the message names]
const CASES: [string, Edit, RegExp][] = [
  // every variable by its template's declaration, as --var
  ...[
    '"__proto__"',
    '"constructor"',
    '"toString"',
    '5',
    'true',
    '"NONE\\" # x"',
    '"s3.S3Event\\n"',
    'inf',
    '"s3.S3Event\\u001b[2J"',
    '"s3.S3Event "',
  ].map((value): [string, Edit, RegExp] => [
    `eventType = ${value}`,
    { vars: [`eventType = ${value}`] },
    /function "p", variable eventType: must be one of/,
  ]),
  ...[`'NONE" # x'`, '"none"', '"NONE\\n"', 'true', '"__proto__"', '"hasOwnProperty"'].map((value): [string, Edit, RegExp] => [
    `stream auth = ${value}`,
    { template: 'stream', vars: [`auth = ${value}`] },
    /function "p", variable auth: must be one of AWS_IAM, NONE$/,
  ]),
  ['schedule = a number', { template: 'schedule', vars: ['schedule = 5'] }, /function "p", variable schedule: must be a string$/],
  [
    'schedule off its pattern',
    { template: 'schedule', vars: ['schedule = "rate(0 minutes)"'] },
    /function "p", variable schedule: must match /,
  ],
  [
    'schedule with a newline',
    { template: 'schedule', vars: ['schedule = "rate(5 minutes)\\nx"'] },
    /function "p", variable schedule: must not contain control characters/,
  ],
  ...['toString', 'constructor', 'valueOf', 'eventtype'].map((name): [string, Edit, RegExp] => [
    `an undeclared variable ${name}`,
    { vars: [`${name} = "x"`] },
    new RegExp(`function "p", variable ${name}: the template "event" declares no such variable \\(declared: eventType\\)`),
  ]),
  [
    'a variable for a template with none',
    { template: 'http', varsTable: '[functions.vars]\nfoo = 1\n' },
    /variable foo: .*declares no such variable \(declared: none\)/,
  ],
  ['a variable named __proto__', { vars: ['__proto__ = "x"'] }, /function "p", variable __proto__: is not a variable name/],
  ['variables that are not a table', { varsTable: '', fn: ['vars = 5'] }, /function "p", vars: must be a table of variables/],
  [
    'a variable that is a table',
    { vars: ['eventType = { a = 1 }'] },
    /function "p", variable eventType: must be a string, number or boolean/,
  ],
  // the project's own fields, by the rules of their flags
  ...['"__proto__"', '"toString"', '5', '"0.2.0\\n"'].map((v): [string, Edit, RegExp] => [
    `version = ${v}`,
    { top: [`version = ${v}`] },
    /: version: must be a/,
  ]),
  ...['"__proto__"', '"toString"', '5', '"p\\"; touch PWNED; #"'].map((v): [string, Edit, RegExp] => [
    `name = ${v}`,
    { top: [`name = ${v}`] },
    /: name: /,
  ]),
  ...['"__proto__"', '"constructor"', '"toString"', '5'].map((v): [string, Edit, RegExp] => [
    `iac = ${v}`,
    { top: [`iac = ${v}`] },
    /: iac: must be/,
  ]),
  ...['"__proto__"', '"toString"', '5'].map((v): [string, Edit, RegExp] => [
    `arch = ${v}`,
    { top: [`arch = ${v}`] },
    /: arch: must be one of arm64, x86_64$/,
  ]),
  ...['"__proto__"', '"us-east-1\\n"', '5'].map((v): [string, Edit, RegExp] => [
    `region = ${v}`,
    { top: [`region = ${v}`] },
    /: region: must/,
  ]),
  ...['__proto__', 'constructor', 'toString'].map((k): [string, Edit, RegExp] => [
    `a top field ${k}`,
    { top: [`${k} = "x"`] },
    new RegExp(`: ${k}: is not a known field$`),
  ]),
  // each function's fields
  ...['"__proto__"', '"toString"', 'true'].map((v): [string, Edit, RegExp] => [
    `function name = ${v}`,
    { fn: [`name = ${v}`] },
    /: functions\[0\], name: /,
  ]),
  ...[
    '"__proto__"',
    '"constructor"',
    '"toString"',
    '5',
    '"ext::sh -c touch% PWNED"',
    '"https://h/r.git#--upload-pack=touch"',
    '"./nope"',
  ].map((v): [string, Edit, RegExp] => [`template = ${v}`, { fn: [`template = ${v}`] }, /function "p", template: /]),
  ...['"128"', '64', '128.5', '"__proto__"', 'inf'].map((v): [string, Edit, RegExp] => [
    `memory = ${v}`,
    { fn: [`memory = ${v}`] },
    /function "p", memory: must be/,
  ]),
  ...['0', '"10"', '901', 'nan'].map((v): [string, Edit, RegExp] => [
    `timeout = ${v}`,
    { fn: [`timeout = ${v}`] },
    /function "p", timeout: must be/,
  ]),
  ...['__proto__', 'constructor', 'toString'].map((k): [string, Edit, RegExp] => [
    `a function field ${k}`,
    { fn: [`${k} = 1`] },
    new RegExp(`function "p", ${k}: is not a known field$`),
  ]),
];

describe('a hostile rust-lambda.toml', () => {
  it.each(CASES)('add refuses %s with exit 2, naming the file and the field', (_what, edit, field) => {
    const a = hostileProject(edit);
    try {
      const o = attempt(a, ['add', 'sqs', '--name', 'extra']);
      expect(refusal(o)).toMatchObject({ ...refused(2, /^error: \S*rust-lambda\.toml: /), lines: 1 });
      expect(o.stderr.trim()).toMatch(field);
      expect(o.stderr).toMatch(ALLOWED);
    } finally {
      a.dispose();
    }
  });

  it.each(CASES.filter(([what]) => /eventType|auth|undeclared|template =|memory|name =/.test(what)))(
    'render refuses %s with exit 2 and renders nothing',
    (_what, edit, field) => {
      const a = hostileProject(edit);
      try {
        const out = join(a.root, 'out');
        const o = attempt(a, ['render', '--out', out]);
        expect(refusal(o)).toMatchObject({ ...refused(2, field), lines: 1 });
        expect(existsSync(out)).toBe(false);
      } finally {
        a.dispose();
      }
    },
  );

  it.each(CASES.filter(([what]) => /eventType|auth|undeclared|__proto__/.test(what) && !/^version/.test(what)))(
    'upgrade refuses %s with exit 2 before it runs the older CLI',
    (_what, edit, field) => {
      const a = hostileProject({ ...edit, top: [...(edit.top ?? []), 'version = "0.1.9"'] });
      try {
        // the "older CLI": were it run, it would leave the marker
        const older = join(a.root, 'older.mjs');
        writeFileSync(
          older,
          `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(a.marker)}, '');\nprocess.exit(1);\n`,
        );
        const o = attempt(a, ['upgrade', '--from-cli', older]);
        expect(refusal(o)).toMatchObject({ ...refused(2, field), lines: 1 });
      } finally {
        a.dispose();
      }
    },
  );
});
