import { parse, stringify } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  checkTemplateRules,
  MAX_FUNCTIONS,
  MAX_PROJECT_FILE_BYTES,
  parseProject,
  stringifyProject,
} from '../../src/project/project-file.js';
import type { Project } from '../../src/project-model.js';
import { builtinCatalog } from '../../src/template/catalog.js';
import type { FunctionManifest } from '../../src/template/manifest.js';

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
    ['a function name with a newline', ['functions', 0, 'name'], 'a\nb', /functions\[0\], name/],
    ['memory out of range', ['functions', 1, 'memory'], 64, /function "audit", memory: .*128/],
    ['a timeout over 15 minutes', ['functions', 0, 'timeout'], 901, /function "shop", timeout/],
    [
      'a control character in a template source',
      ['functions', 0, 'template'],
      'http\u001b[2J',
      /function "shop", template: must not contain control characters/,
    ],
    [
      'a variable value that is not a scalar',
      ['functions', 1, 'vars', 'extensionApi'],
      ['a'],
      /function "audit", variable extensionApi: must be a string, number or boolean/,
    ],
    ['an unknown field', ['deploy'], 'now', /deploy: is not a known field/],
    ['a prototype name as a field', ['__proto__'], 'x', /^rust-lambda\.toml: __proto__: is not a known field$/],
    ['a prototype name as a function field', ['functions', 0, 'constructor'], 1, /function "shop", constructor: is not a known field$/],
    [
      'a prototype name as a variable',
      ['functions', 1, 'vars', '__proto__'],
      'x',
      /function "audit", variable __proto__: is not a variable name/,
    ],
    ['a flavor named like an Object member', ['iac'], 'toString', /^rust-lambda\.toml: iac: must be one of/],
    ['a template that is no source', ['functions', 0, 'template'], 'constructor', /function "shop", template: must be a built-in template/],
    [
      'a git source --template refuses',
      ['functions', 0, 'template'],
      'ext::sh -c touch% /tmp/x',
      /function "shop", template: invalid repository URL/,
    ],
    ['variables that are not a table', ['functions', 1, 'vars'], 5, /function "audit", vars: must be a table of variables/],
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
    expect(problem(stringifyProject(clash))).toMatch(
      /function "shop-demo": "shop-demo" and "shop" would both name (shop_demo|ShopDemoFunction)/,
    );
    const long = { ...project, functions: [project.functions[0], { ...project.functions[1], name: 'a'.repeat(33) }] } as Project;
    expect(problem(stringifyProject(long))).toMatch(/function "a+": "shop-a+" \(the project's name and the function's\) is too long/);
  });

  it('refuses with exit 2, as a bad flag, a line per problem', () => {
    let error: unknown;
    try {
      parseProject(withField(['region'], 'nowhere'), 'rust-lambda.toml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('rust-lambda.toml: region: must look like us-east-1 or eu-central-2');
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
        .filter((line) => line.startsWith('rust-lambda.toml: ')),
    ).toHaveLength(2);
  });
});

describe('rust-lambda.toml against its templates', () => {
  const event = builtinCatalog().templates.find((t) => t.id === 'event') as FunctionManifest;
  const stream = builtinCatalog().templates.find((t) => t.id === 'stream') as FunctionManifest;
  const one = (template: string, vars: Record<string, unknown>): Project => ({
    ...project,
    functions: [{ name: 'orders', template, memory: 128, timeout: 10, vars: vars as Project['functions'][number]['vars'] }],
  });
  const refusal = (p: Project, manifest: FunctionManifest) => {
    try {
      checkTemplateRules(p, [manifest], 'rust-lambda.toml');
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    return 'accepted';
  };

  it.each<[string, FunctionManifest, Record<string, unknown>, RegExp]>([
    [
      'a prototype name as a choice',
      event,
      { eventType: '__proto__' },
      /^rust-lambda\.toml: function "orders", variable eventType: must be one of /,
    ],
    ['an Object member as a choice', event, { eventType: 'toString' }, /variable eventType: must be one of/],
    ['a number for a choice', event, { eventType: 5 }, /variable eventType: must be one of/],
    ['a quote and a comment in a choice', stream, { auth: 'NONE" # x' }, /variable auth: must be one of AWS_IAM, NONE$/],
    [
      'an undeclared variable',
      event,
      { eventType: 's3.S3Event', toString: 'x' },
      /variable toString: the template "event" declares no such variable \(declared: eventType\)/,
    ],
  ])('refuses %s, as --var does', (_what, manifest, vars, message) => {
    expect(refusal(one(manifest.id, vars), manifest)).toMatch(message);
  });

  it('gives a variable the file does not record its default, and keeps the rest as recorded', () => {
    expect(checkTemplateRules(one('stream', {}), [stream], 'rust-lambda.toml').functions[0]?.vars).toEqual({ auth: 'AWS_IAM' });
    expect(checkTemplateRules(one('stream', { auth: 'NONE' }), [stream], 'rust-lambda.toml').functions[0]?.vars).toEqual({ auth: 'NONE' });
  });
});
