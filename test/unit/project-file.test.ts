import { parse, stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { MAX_FUNCTIONS, MAX_PROJECT_FILE_BYTES, parseProject, stringifyProject } from '../../src/project/project-file.js';
import type { Project } from '../../src/project-model.js';

const project: Project = {
  version: '0.2.0',
  name: 'shop',
  iac: 'sam',
  arch: 'arm64',
  region: 'eu-west-1',
  functions: [
    { name: 'shop', template: 'http', memory: 128, timeout: 10, vars: {} },
    { name: 'audit', template: './templates/audit', memory: 256, timeout: 30, vars: { extensionApi: 'logs', retries: 3, verbose: true } },
  ],
};

/** The file with one field replaced (a path into the TOML document). */
function withField(path: (string | number)[], value: unknown): string {
  const doc = parse(stringifyProject(project)) as Record<string, unknown>;
  let at: Record<string, unknown> = doc;
  for (const key of path.slice(0, -1)) at = at[key as string] as Record<string, unknown>;
  at[path[path.length - 1] as string] = value;
  return stringify(doc);
}

const problem = (text: string) => {
  try {
    parseProject(text, 'rust-lambda.toml');
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
};

describe('rust-lambda.toml', () => {
  it('reads back exactly what it wrote, with a header that says what it is', () => {
    const text = stringifyProject(project);
    expect(text).toMatch(/^# Written by create-rust-lambda/);
    expect(parseProject(text, 'rust-lambda.toml')).toEqual(project);
  });

  it.each<[string, (string | number)[], unknown, RegExp]>([
    ['an invalid project name', ['name'], 'Shop Api', /name: .*lowercase/],
    ['a name too long for the AWS names derived from it', ['name'], 'a'.repeat(38), /name: .*at most 37/],
    ['an unknown flavor', ['iac'], 'pulumi', /iac: must be one of sam, cdk, terraform, none/],
    ['an unknown architecture', ['arch'], 'riscv', /arch: must be one of arm64, x86_64/],
    ['a region that is not one', ['region'], 'us-east-1; rm -rf ~', /region: must look like/],
    ['a version that is not one', ['version'], '0.2.0 && curl x', /version: must be a version/],
    ['a function name with a newline', ['functions', 0, 'name'], 'a\nb', /functions\[0\]\.name/],
    ['memory out of range', ['functions', 1, 'memory'], 64, /functions\[1\]\.memory: .*128/],
    ['a timeout over 15 minutes', ['functions', 0, 'timeout'], 901, /functions\[0\]\.timeout/],
    [
      'a control character in a template source',
      ['functions', 0, 'template'],
      'http\u001b[2J',
      /functions\[0\]\.template: must not contain control characters/,
    ],
    ['a variable value that is not a scalar', ['functions', 1, 'vars', 'extensionApi'], ['a'], /functions\[1\]\.vars\.extensionApi/],
    ['an unknown field', ['deploy'], 'now', /deploy: is not a known field/],
  ])('refuses %s, naming the field', (_what, path, value, message) => {
    expect(problem(withField(path, value))).toMatch(message);
  });

  it('refuses two functions of the same name, no function, and too many', () => {
    const twice = { ...project, functions: [project.functions[0], project.functions[0]] } as Project;
    expect(problem(stringifyProject(twice))).toMatch(/functions: must not name a function twice/);
    expect(problem(stringifyProject({ ...project, functions: [] }))).toMatch(/functions: must have at least one/);
    const many = Array.from({ length: MAX_FUNCTIONS + 1 }, (_, i) => ({ ...project.functions[0], name: `f${i}` })) as Project['functions'];
    expect(problem(stringifyProject({ ...project, functions: many }))).toMatch(/at most 32/);
  });

  it('refuses function names that would share an identifier in the stack, or that make the AWS names too long', () => {
    const clash = { ...project, functions: [project.functions[0], { ...project.functions[1], name: 'shop-demo' }] } as Project;
    expect(problem(stringifyProject(clash))).toMatch(/functions\[1\]: "shop-demo" and "shop" would both name (shop_demo|ShopDemoFunction)/);
    const long = { ...project, functions: [project.functions[0], { ...project.functions[1], name: 'a'.repeat(33) }] } as Project;
    expect(problem(stringifyProject(long))).toMatch(/functions\[1\]: "shop-a+" \(the project's name and the function's\) is too long/);
  });

  it('refuses broken TOML and oversized files in one line', () => {
    expect(problem('name = "x')).toMatch(/^rust-lambda\.toml: invalid TOML \(/);
    expect(problem('name = "x')).not.toMatch(/\n/);
    expect(problem(`# ${'x'.repeat(MAX_PROJECT_FILE_BYTES)}\n`)).toMatch(/larger than 65536 bytes/);
  });

  it('lists every problem at once', () => {
    const text = withField(['region'], 'nowhere').replace('iac = "sam"', 'iac = "pulumi"');
    expect(
      problem(text)
        .split('\n')
        .filter((line) => line.startsWith('  - ')),
    ).toHaveLength(2);
  });
});
