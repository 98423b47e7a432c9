// Forked templates, the way a team meets them: eject a built-in, change it, generate from the
// folder or from a git repository; and untrusted templates that must be refused.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/template/catalog.js';
import { runCli } from './run-cli.js';

let work: string;
let fork: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crl-fork-'));
  fork = join(work, 'house-http');
  const r = runCli(['eject', 'http', fork], { cwd: work });
  expect(r.code, r.stderr).toBe(0);
  // the team's changes: a variable, a file that uses it, and an edit to the Rust code
  const manifest = JSON.parse(await readFile(join(fork, 'template.json'), 'utf8'));
  manifest.id = 'house-http';
  manifest.variables = [{ name: 'team', description: 'Owning team', type: 'string', pattern: '[a-z][a-z-]*', default: 'platform' }];
  await writeFile(join(fork, 'template.json'), JSON.stringify(manifest, null, 2));
  await writeFile(join(fork, 'files', 'OWNERS.hbs'), '{{vars.team}} owns {{name}}\n');
  await appendFile(join(fork, 'files', 'src', 'main.rs'), '\n// house style: reviewed by the platform team\n');
});
afterAll(() => rm(work, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

describe('eject', () => {
  it('copies the built-in template byte for byte', async () => {
    const copy = join(work, 'plain-copy');
    expect(runCli(['eject', 'sqs', copy], { cwd: work }).code).toBe(0);
    const src = join(import.meta.dirname, '../../templates/functions/sqs');
    for (const f of await readdir(src, { recursive: true })) {
      const abs = join(src, f);
      if (existsSync(abs) && !readdirSafe(abs)) expect(readFileSync(join(copy, f)), f).toEqual(readFileSync(abs));
    }
  });
  it('refuses an unknown template and a non-empty folder', async () => {
    expect(runCli(['eject', 'graphql', join(work, 'x')], { cwd: work }).stderr).toContain(
      `Valid values: ${builtinCatalog()
        .templates.map((t) => t.id)
        .join(', ')}\n`,
    );
    const r = runCli(['eject', 'http', fork], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not empty/);
  });
});

function readdirSafe(path: string): boolean {
  try {
    return spawnSync('test', ['-d', path]).status === 0;
  } catch {
    return false;
  }
}

describe('a fork from a local folder', () => {
  it('generates with its changes and its own variable (--var)', async () => {
    const r = runCli(['from-fork', '--template', fork, '--iac', 'sam', '--arch', 'arm64', '--no-git', '--var', 'team=payments'], {
      cwd: work,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = join(work, 'from-fork');
    expect(await readFile(join(out, 'functions', 'from-fork', 'OWNERS'), 'utf8')).toBe('payments owns from-fork\n');
    expect(await readFile(join(out, 'functions', 'from-fork', 'src', 'main.rs'), 'utf8')).toContain('house style');
    expect(existsSync(join(out, 'template.yaml'))).toBe(true); // the flavor still comes from the built-ins
    // the project file records the fork relative to the project, so add and upgrade find it again
    expect(await readFile(join(out, 'rust-lambda.toml'), 'utf8')).toContain(`template = "../${basename(fork)}"`);
    expect(r.stdout).toContain(`--template ${fork}`);
    expect(r.stdout).toContain('--var team=payments');
  });
  it('requires the variable without a terminal, and checks it', () => {
    const missing = runCli(['f2', '--template', fork, '--iac', 'sam', '--arch', 'arm64', '--no-git'], { cwd: work });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--var team=<string>');
    const bad = runCli(['f3', '--template', fork, '--iac', 'sam', '--arch', 'arm64', '--no-git', '--var', 'team=Bad Team'], { cwd: work });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --var team="Bad Team": must match/);
    const unknown = runCli(['f4', '--template', fork, '--yes', '--var', 'colour=red'], { cwd: work });
    expect(unknown.stderr).toMatch(/declares no variable "colour" \(declared: team\)/);
  });
});

describe('a fork from a git repository (file:// bare repository)', () => {
  let url: string;
  beforeAll(async () => {
    const repo = join(work, 'templates-repo');
    await mkdir(join(repo, 'rust'), { recursive: true });
    await cp(fork, join(repo, 'rust', 'house-http'), { recursive: true });
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'v1');
    git(repo, 'tag', 'v1');
    await writeFile(join(repo, 'rust', 'house-http', 'files', 'OWNERS.hbs'), 'changed after v1\n');
    git(repo, 'commit', '-qam', 'after v1');
    const bare = join(work, 'bare.git');
    git(work, 'clone', '-q', '--bare', repo, bare);
    url = `file://${bare}`;
  });
  it('fetches a ref and a subdirectory', async () => {
    const r = runCli(
      ['from-git', '--template', `${url}/rust/house-http#v1`, '--iac', 'terraform', '--arch', 'x86_64', '--no-git', '--var', 'team=data'],
      { cwd: work },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(work, 'from-git', 'functions', 'from-git', 'OWNERS'), 'utf8')).toBe('data owns from-git\n');
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('create-rust-lambda-template-'))).toEqual([]); // checkout cleaned up
  });
  it('takes the default branch without a ref', async () => {
    const r = runCli(['from-head', '--template', `${url}/rust/house-http`, '--yes', '--no-git'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(work, 'from-head', 'functions', 'from-head', 'OWNERS'), 'utf8')).toBe('changed after v1\n');
  });
  it('takes the folder after "//" too (the Terraform / go-getter form)', async () => {
    const r = runCli(['from-slashes', '--template', `${url}//rust/house-http#v1`, '--yes', '--no-git'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(join(work, 'from-slashes', 'functions', 'from-slashes', 'OWNERS'), 'utf8')).toBe('platform owns from-slashes\n');
  });
  it.each([
    ['an unknown ref', '#no-such-tag', /could not fetch the template from .* at no-such-tag: couldn't find remote ref no-such-tag$/],
    ['a missing folder', '/rust/nope#v1', /has no folder "rust\/nope"/],
  ])('explains %s (bad input: exit 2) and writes nothing', (_, suffix, message) => {
    const r = runCli(
      ['never', '--template', `${url}${suffix.startsWith('#') ? `/rust/house-http${suffix}` : suffix}`, '--yes', '--no-git'],
      { cwd: work },
    );
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });
});

describe('untrusted templates are refused with a clear message, and nothing is written', () => {
  const cases: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
    [
      'a symlink pointing out of the template',
      async (d) => symlink('/etc/passwd', join(d, 'files', 'passwd')),
      /symbolic links are not allowed/,
    ],
    ['a symlinked folder', async (d) => symlink('/etc', join(d, 'files', 'etc')), /symbolic links are not allowed/],
    ['a missing manifest', async (d) => rm(join(d, 'template.json')), /template.json: manifest not found/],
    [
      'an invalid manifest',
      async (d) => writeFile(join(d, 'template.json'), JSON.stringify({ id: 'x', kind: 'lambda' })),
      /template.json is invalid:[\s\S]*title: is required[\s\S]*kind: must be one of function, extension/,
    ],
    ['broken JSON', async (d) => writeFile(join(d, 'template.json'), '{ "id": '), /invalid JSON/],
    [
      'a variable used but not declared',
      async (d) => writeFile(join(d, 'files', 'X.md.hbs'), '{{vars.undeclared}}'),
      /X\.md\.hbs: "undeclared" not defined/,
    ],
    [
      'a partial that does not exist',
      async (d) => writeFile(join(d, 'files', 'Y.md.hbs'), '{{> ../../../etc/passwd}}'),
      /template error in .*Y\.md\.hbs/,
    ],
    [
      'a huge file',
      async (d) => writeFile(join(d, 'files', 'big.bin'), Buffer.alloc(2 * 1024 * 1024)),
      /big\.bin is 2\.0 MiB; a template file may be at most 1\.0 MiB/,
    ],
    [
      'too many files',
      async (d) => {
        await mkdir(join(d, 'files', 'many'));
        for (let i = 0; i < 501; i++) await writeFile(join(d, 'files', 'many', `${i}.txt`), '');
      },
      /more than 500 files/,
    ],
    [
      'names that differ only in case',
      async (d) => {
        await writeFile(join(d, 'files', 'Notes.md'), 'a');
        await writeFile(join(d, 'files', 'notes.md'), 'b');
      },
      /both write notes\.md/i,
    ],
    ['a file whose name differs only in case from another', async (d) => writeFile(join(d, 'files', 'cargo.toml'), 'mine'), /both write/],
  ];
  it.each(cases)('%s', async (_, breakIt, message) => {
    const dir = await mkdtemp(join(work, 'evil-'));
    await cp(join(import.meta.dirname, '../../templates/functions/http'), dir, { recursive: true });
    await breakIt(dir);
    const cwd = await mkdtemp(join(work, 'target-'));
    const r = runCli(['out', '--template', dir, '--iac', 'sam', '--arch', 'arm64', '--no-git'], { cwd });
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(await readdir(cwd)).toEqual([]);
  });
});
