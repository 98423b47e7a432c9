import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/args.js';
import { UsageError } from '../../src/errors.js';
import { helpText } from '../../src/format/help.js';
import { reproduceCommand } from '../../src/format/summary.js';
import { answerOptions, OPTIONS } from '../../src/options.js';
import { detectPackageManager } from '../../src/package-manager.js';
import type { Prompter } from '../../src/prompter.js';
import { resolveOptions } from '../../src/steps/resolve-options.js';
import { builtinCatalog } from '../../src/template/catalog.js';
import type { LoadedTemplate } from '../../src/template/load.js';

const noPrompts = async (): Promise<Prompter> => {
  throw new Error('must not prompt');
};

const loadBuiltin = async (template: string): Promise<LoadedTemplate> => {
  const manifest = builtinCatalog().templates.find((t) => t.id === template);
  if (!manifest) throw new Error(`not built in: ${template}`);
  return { source: { kind: 'builtin', id: template }, dir: '', manifest, cleanup: async () => undefined };
};
const resolve = async (argv: string[], interactive = false, prompter = noPrompts) =>
  (await resolveOptions({ args: parseArgs(argv), interactive, prompter, loadTemplate: loadBuiltin })).answers;

describe('the option table', () => {
  it('has unique flags and aliases', () => {
    const flags = OPTIONS.flatMap((o) => [o.flag, o.alias].filter(Boolean));
    expect(new Set(flags).size).toBe(flags.length);
  });
  it('gives every answer a default that passes its own validation and choices', () => {
    const answers = { directory: 'my-fn', template: 'http' } as const;
    for (const option of answerOptions) {
      const value = option.defaultValue(answers);
      expect(option.validate?.(value as never, answers), option.key).toBeUndefined();
      if (option.choices) expect(option.choices().map((c) => c.value)).toContain(value);
    }
  });
  it('is what --help lists: every flag and every allowed value', () => {
    const help = helpText();
    for (const option of OPTIONS) {
      if (option.flag) expect(help).toContain(`--${option.flag}`);
      if (option.kind === 'answer' && option.choices) for (const c of option.choices()) expect(help).toContain(c.value);
    }
  });
});

describe('parseArgs', () => {
  it('reads long, short, inline and negated forms', () => {
    const { given, behaviour } = parseArgs(['dir', '-t', 'sqs', '--iac=cdk', '--no-git', '-y', '--memory', '256']);
    expect(given).toEqual({ directory: 'dir', template: 'sqs', iac: 'cdk', git: false, memory: '256' });
    expect(parseArgs(['--var', 'a=1', '--var=b=x=y']).vars).toEqual([
      ['a', '1'],
      ['b', 'x=y'],
    ]);
    expect(behaviour.yes).toBe(true);
  });
  it('treats everything after -- as positional', () => {
    expect(parseArgs(['--', '--weird-dir']).given.directory).toBe('--weird-dir');
  });
  it.each([
    [['--nope'], /unknown option "--nope"/],
    [['--template'], /needs a value/],
    [['--template', '--iac', 'sam'], /needs a value/],
    [['a', 'b'], /at most one directory/],
    [['--yes=1'], /takes no value/],
    [['--git=false'], /takes no value/],
    [['--var', 'novalue'], /needs name=value/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});

describe('resolveOptions', () => {
  it('takes every default with --yes', async () => {
    const answers = await resolve(['my-fn', '--yes']);
    expect(answers).toMatchObject({ name: 'my-fn', template: 'http', iac: 'sam', arch: 'arm64', git: true, memory: 128, timeout: 10 });
  });
  it('lists every missing choice without a terminal', async () => {
    const error = await resolve([]).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UsageError);
    for (const flag of ['[directory]', '--template', '--iac', '--arch', '--git / --no-git'])
      expect((error as Error).message).toContain(flag);
  });
  it('asks the extension question only for the extension template', async () => {
    const error = await resolve(['x', '-t', 'extension', '--iac', 'sam', '--arch', 'arm64', '--git']).catch((e: Error) => e);
    expect((error as Error).message).toContain('--extension-api');
    await expect(resolve(['x', '-t', 'http', '--extension-api', 'logs', '--yes'])).rejects.toThrow(/does not apply to template "http"/);
  });
  it.each([
    [['x', '--yes', '-t', 'nope'], /not built in: nope/],
    [['x', '--yes', '--iac', 'pulumi'], /Valid values: sam, cdk, terraform, none/],
    [['x', '--yes', '--arch', 'arm'], /Valid values: arm64, x86_64/],
    [['x', '--yes', '--memory', '64'], /128 to 10240/],
    [['x', '--yes', '--memory', 'lots'], /not a number/],
    [['x', '--yes', '--timeout', '901'], /1 to 900/],
    [['x', '--yes', '--region', 'moon'], /us-east-1/],
    [['x', '--yes', '--name', '1bad'], /start with a lowercase letter/],
    [['My Project', '--yes'], /Pass --name my-project/],
  ])('rejects %j clearly', async (argv, message) => {
    await expect(resolve(argv)).rejects.toThrow(message);
  });
  it('prompts for what is missing, in table order, when interactive', async () => {
    const asked: string[] = [];
    const prompter = async (): Promise<Prompter> => ({
      text: async ({ message, initialValue }) => (asked.push(message), initialValue ?? ''),
      select: async ({ message, options }) => (asked.push(message), options[1]?.value ?? ''),
      confirm: async ({ message }) => (asked.push(message), false),
    });
    const answers = await resolve(['--arch', 'x86_64'], true, prompter);
    expect(asked).toEqual([
      'Where should the project be created?',
      // the template list is long: its group first (the second group), then a template of it
      'Which function template? First, what kind?',
      'Which function template?',
      'Which infrastructure as code?',
      'Initialise a git repository?',
    ]);
    expect(answers).toMatchObject({ directory: 'my-rust-lambda', template: 'sns', iac: 'cdk', arch: 'x86_64', git: false });
  });
});

describe('reproduceCommand', () => {
  const cases = [
    ['my-fn', '--yes'],
    [
      "some dir/it's",
      '--name',
      'svc',
      '-t',
      'extension',
      '--extension-api',
      'telemetry',
      '--iac',
      'terraform',
      '--arch',
      'x86_64',
      '--no-git',
      '--memory',
      '512',
      '--region',
      'eu-west-1',
    ],
    ['q', '-t', 'sqs', '--iac', 'cdk', '--arch', 'arm64', '--git', '--timeout', '30'],
  ];
  it.each(cases)('reproduces the same answers without prompts (%j)', async (...argv) => {
    const answers = await resolve(argv);
    const command = reproduceCommand(answers, detectPackageManager('npm/11 node/20'));
    expect(command.startsWith('npm create rust-lambda@latest ')).toBe(true);
    // split like a POSIX shell would (single quotes only, which is all shellQuote emits)
    const words = [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) =>
      m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : (m[2] ?? ''),
    );
    const rest = words.slice(3).filter((w) => w !== '--');
    expect(await resolve(rest)).toEqual(answers);
  });
  it('uses the invoking package manager', async () => {
    const answers = await resolve(['x', '--yes']);
    expect(reproduceCommand(answers, detectPackageManager('pnpm/9.1.0 npm/? node/v20'))).toMatch(/^pnpm create rust-lambda x --template/);
    expect(reproduceCommand(answers, detectPackageManager('yarn/4.0.0'))).toMatch(/^yarn create rust-lambda x /);
    expect(reproduceCommand(answers, detectPackageManager('bun/1.1.0'))).toMatch(/^bun create rust-lambda x /);
    expect(reproduceCommand(answers, detectPackageManager(undefined))).toMatch(/^npm create rust-lambda@latest x -- /);
  });
});
