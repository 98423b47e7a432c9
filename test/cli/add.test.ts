// `add` as a user meets it: a project made by the CLI, edited by hand, then grown by a function.
import { lstatSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree, runCli } from './run-cli.js';

let tmp: string;
let refusals: string | undefined;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'crl-add-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A fresh project `name` of the http template in `iac`. */
function project(name: string, iac: string): string {
  const r = runCli([name, '--template', 'http', '--iac', iac, '--arch', 'x86_64', '--yes', '--no-git'], { cwd: tmp });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return join(tmp, name);
}
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const edit = (dir: string, path: string, change: (text: string) => string) => writeFileSync(join(dir, path), change(read(dir, path)));

/** The main IaC file of each flavor, an edit a user would make to it, and what shows the new function is wired in. */
const FLAVORS = [
  {
    iac: 'sam',
    file: 'template.yaml',
    edit: (t: string) => t.replace(/^Description: .*$/m, 'Description: the shop, by hand'),
    wired: /OrdersFunction:/,
  },
  { iac: 'cdk', file: 'infra/lib/stack.ts', edit: (t: string) => `// reviewed by the platform team\n${t}`, wired: /'orders'|"orders"/ },
  {
    iac: 'terraform',
    file: 'infra/main.tf',
    edit: (t: string) => `# reviewed by the platform team\n${t}`,
    wired: /resource "aws_lambda_function" "orders"/,
  },
  { iac: 'none', file: 'Cargo.toml', edit: (t: string) => `# reviewed by the platform team\n${t}`, wired: /members = \["functions\/\*"\]/ },
];

describe('add', () => {
  it.each(FLAVORS)('wires a new function into a $iac project and keeps every edit', ({ iac, file, edit: change, wired }) => {
    const dir = project(`shop-${iac}`, iac);
    const name = `shop-${iac}`;
    edit(dir, `functions/${name}/src/main.rs`, (t) => `${t}// my own line\n`);
    edit(dir, file, change);
    edit(dir, 'README.md', (t) => `${t}\n## Team notes\n\nOn call: the shop team.\n`);
    const edited = { main: read(dir, `functions/${name}/src/main.rs`), iacFile: read(dir, file), readme: read(dir, 'README.md') };

    const r = runCli(['add', 'sqs', '--name', 'orders'], { cwd: join(dir, 'functions') }); // from a subfolder, like cargo
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Added orders \(sqs\)/);

    expect(read(dir, `functions/${name}/src/main.rs`)).toBe(edited.main);
    // the edit is still there
    for (const line of change('')
      .split('\n')
      .filter((l) => l.trim()))
      expect(read(dir, file)).toContain(line);
    expect(read(dir, file)).toMatch(wired);
    expect(read(dir, 'README.md')).toMatch(/On call: the shop team\.\n$/);
    expect(read(dir, 'README.md')).toContain('cargo lambda invoke orders');
    expect(read(dir, 'functions/orders/src/main.rs')).toContain('SqsBatchResponse');
    expect(read(dir, 'rust-lambda.toml')).toMatch(/name = "orders"\ntemplate = "sqs"/);
    expect(edited.readme).not.toContain('cargo lambda invoke orders');
  });

  it('stops on an edit that conflicts with the new function, and writes nothing', async () => {
    const dir = project('conflicted', 'sam');
    // the new function's [[functions]] entry goes where the user added a line
    edit(dir, 'rust-lambda.toml', (t) => `${t}# deploy owner: the shop team\n`);
    const before = await readTree(dir);
    const r = runCli(['add', 'sqs', '--name', 'orders'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/rust-lambda\.toml: 1 conflicting hunk/);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(r.stderr).toMatch(/--conflict-markers/);
    expect(await readTree(dir)).toEqual(before);

    // rust-lambda.toml is read by every later run: it never gets markers, the run stops instead
    const marked = runCli(['add', 'sqs', '--name', 'orders', '--conflict-markers'], { cwd: dir });
    expect(marked.code).toBe(1);
    expect(marked.stderr).toMatch(/never writes conflict markers into it, even with --conflict-markers/);
    expect(await readTree(dir)).toEqual(before);
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const dir = project('dry', 'terraform');
    const before = await readTree(dir);
    const r = runCli(['add', 'dynamodb', '--name', 'items', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- \/dev\/null\n\+\+\+ b\/functions\/items\/src\/main\.rs$/m);
    expect(r.stdout).toMatch(/^\+\+\+ b\/rust-lambda\.toml$/m);
    expect(r.stdout).toMatch(/Dry run: nothing was written/);
    expect(await readTree(dir)).toEqual(before);
  });

  it('names every derived identifier apart for two functions of one template', () => {
    const dir = project('twins', 'sam');
    expect(runCli(['add', 'sqs', '--yes'], { cwd: dir }).code).toBe(0);
    expect(runCli(['add', 'sqs', '--yes'], { cwd: dir }).code).toBe(0);
    const yaml = read(dir, 'template.yaml');
    expect(yaml).toMatch(/^ {2}SqsQueue:/m);
    expect(yaml).toMatch(/^ {2}Sqs2Queue:/m);
    expect(read(dir, 'rust-lambda.toml')).toMatch(/name = "sqs-2"/);
  });

  it.each([
    [['add', 'sqs', '--iac', 'cdk'], 2, /--iac is the project's own setting/],
    [['add', 'sqs', '--name', 'refusals'], 2, /already has a function "refusals"/],
    [['add', 'sqs', '--name', 'Orders'], 2, /invalid --name "Orders": .*lowercase/],
    [['add', 'sqs', '--name', 'a'.repeat(30)], 2, /must fit every AWS name derived from it/],
    [['add', 'nope'], 2, /invalid --template "nope"/],
    [
      ['add', 'sqs', '--name', 'refusals-dead-letter'],
      2,
      /"refusals-dead-letter" and the function "refusals" would both name a resource RefusalsDeadLetterQueue/,
    ],
    [['add', 'extension', '--name', 'refusals-demo', '--yes'], 2, /"refusals-demo" and the function "refusals" would both name a resource/],
    // its topic would be the stack's alarm topic, RefusalsAlarmTopic
    [
      ['add', 'sns', '--name', 'refusals-alarm', '--yes'],
      2,
      /"refusals-alarm" would name a resource RefusalsAlarmTopic, which the stack has for itself/,
    ],
    [['add', 'sqs', '--force'], 2, /add takes no --force/],
  ])('refuses %j with exit %i and one clear message', async (args, code, message) => {
    refusals ??= project('refusals', 'none');
    const dir = refusals;
    const before = await readTree(dir);
    const r = runCli(args as string[], { cwd: dir });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(await readTree(dir)).toEqual(before);
  });

  it('refuses to run outside a project', async () => {
    const outside = join(tmp, 'outside');
    await mkdir(outside);
    const r = runCli(['add', 'sqs'], { cwd: outside });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no rust-lambda\.toml in .* or a folder above it/);
  });

  it('refuses a hostile project file, naming the field', async () => {
    const dir = project('hostile', 'sam');
    edit(dir, 'rust-lambda.toml', (t) => t.replace('region = "us-east-1"', 'region = "us-east-1\\"; touch pwned; #"'));
    const before = await readTree(dir);
    const r = runCli(['add', 'sqs'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rust-lambda\.toml: region: must look like us-east-1/);
    expect(await readTree(dir)).toEqual(before);
  });

  it('never writes through a symbolic link in the project', async () => {
    const dir = project('linked', 'sam');
    const elsewhere = join(tmp, 'elsewhere');
    renameSync(join(dir, 'functions'), elsewhere);
    symlinkSync(elsewhere, join(dir, 'functions'));
    const before = await readTree(elsewhere);
    const r = runCli(['add', 'sqs', '--name', 'orders'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/functions in .* is a symbolic link; the project is not changed through it\. Nothing was written\./);
    expect(await readTree(elsewhere)).toEqual(before);
    expect(lstatSync(join(dir, 'functions')).isSymbolicLink()).toBe(true);
  });
});
