import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/template/catalog.js';
import { byGroup } from '../../src/template/groups.js';
import { readTree, runCli } from './run-cli.js';

const ESC = '\u001b[';
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crl-cli-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('a first word that reads like a command', () => {
  it('a near-miss of a command is still the folder, and the refusal line says what was meant', async () => {
    const refused = runCli(['updgrade'], { cwd: work });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('did you mean `create-rust-lambda upgrade`?');
    expect(await readdir(work)).not.toContain('updgrade');
    const refusedToo = runCli(['Doctr'], { cwd: work });
    expect(refusedToo.stderr).toContain('("Doctr" was taken as the project folder; did you mean `create-rust-lambda doctor`?)');
    // a run with every answer given is a script's: it succeeds quietly
    const made = runCli(['doctr', '--template', 'http', '--iac', 'none', '--arch', 'arm64', '--no-git'], { cwd: work });
    expect(made.code).toBe(0);
    expect(made.stderr).toBe('');
  });
  it("another tool's word: the folder comes first; names one letter from a command but far from a typo stay quiet", () => {
    const r = runCli(['create', 'my-fn'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('there is no create command, the folder comes first (create-rust-lambda <folder> [options])');
    for (const name of ['app', 'api', './updgrade', 'upgraded', 'adder'])
      expect(runCli([name], { cwd: work }).stderr).not.toContain('did you mean');
  });
});

describe('information', () => {
  it('--help lists every flag with its values, no colour codes off a TTY', () => {
    const r = runCli(['--help'], { cwd: work });
    expect(r.code).toBe(0);
    for (const text of [
      '--template',
      builtinCatalog()
        .templates.map((t) => t.id)
        .join(' | '),
      'sam | cdk | terraform | none',
      'arm64 | x86_64',
      '--no-git',
      '--dry-run',
      '--json',
    ]) {
      expect(r.stdout).toContain(text);
    }
    expect(r.stdout).not.toContain(ESC);
  });
  it('--version prints the package version', () => {
    expect(runCli(['--version'], { cwd: work }).stdout.trim()).toBe(pkg.version);
    expect(runCli(['-v'], { cwd: work }).stdout.trim()).toBe(pkg.version);
  });
  it('--help and --version alone, answered without loading the CLI, print what the CLI prints, colours as kleur decides', () => {
    const colourSettings: NodeJS.ProcessEnv[] = [
      {},
      { FORCE_COLOR: '1' },
      { FORCE_COLOR: '0' },
      { FORCE_COLOR: '1', NO_COLOR: '1' },
      { FORCE_COLOR: '1', TERM: 'dumb' },
    ];
    for (const env of colourSettings) {
      for (const flag of ['--help', '-h', '--version', '-v']) {
        const quick = runCli([flag], { cwd: work, env });
        // with a second flag the line goes through the CLI's parser
        const full = runCli([flag, '--yes'], { cwd: work, env });
        expect(quick.code, `${flag} ${JSON.stringify(env)}`).toBe(0);
        expect(quick.stdout, `${flag} ${JSON.stringify(env)}`).toBe(full.stdout);
        expect(quick.stderr).toBe('');
      }
    }
    expect(runCli(['--help'], { cwd: work, env: { FORCE_COLOR: '1' } }).stdout).toContain(ESC);
  });
  it('--list shows the templates under their group titles', () => {
    const lines = runCli(['--list'], { cwd: work }).stdout.split('\n');
    for (const { group, templates } of byGroup(builtinCatalog().templates)) {
      const heading = lines.indexOf(`  ${group.title}`);
      expect(heading, group.title).toBeGreaterThan(0);
      const under = lines.slice(heading + 1, heading + 1 + templates.length).map((l) => l.trim().split(/\s+/)[0]);
      expect(under, group.title).toEqual(templates.map((t) => t.id));
    }
  });

  it('--list --json describes templates and flavors', () => {
    const r = runCli(['--list', '--json'], { cwd: work });
    const list = JSON.parse(r.stdout) as { templates: Array<{ id: string; description: string }>; flavors: Array<{ id: string }> };
    // the catalog's display order, group by group (src/template/groups.ts)
    expect(list.templates.map((t) => t.id)).toEqual(byGroup(builtinCatalog().templates).flatMap((g) => g.templates.map((t) => t.id)));
    expect(list.templates.map((t) => t.id).slice(0, 2)).toEqual(['http', 'dynamodb']);
    expect(list.flavors.map((f) => f.id)).toEqual(['sam', 'cdk', 'terraform', 'none']);
    for (const t of list.templates) expect(t.description.length).toBeGreaterThan(10);
  });
});

describe('bad input', () => {
  it('lists every missing flag without a TTY, exit 2, and writes nothing', async () => {
    const cwd = await mkdtemp(join(work, 'missing-'));
    const r = runCli(['proj'], { cwd });
    expect(r.code).toBe(2);
    for (const flag of ['--template', '--iac', '--arch', '--git / --no-git']) expect(r.stderr).toContain(flag);
    expect(await readdir(cwd)).toEqual([]);
  });
  it('names the valid values for an unknown template, exit 2', () => {
    const r = runCli(['proj', '--yes', '--template', 'graphql'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `invalid --template "graphql". Valid values: ${builtinCatalog()
        .templates.map((t) => t.id)
        .join(', ')}, or`,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('rejects an unknown flag, exit 2', () => {
    const r = runCli(['--templat', 'http'], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option "--templat"');
  });
  it('refuses a non-empty directory and leaves it byte-for-byte unchanged', async () => {
    const dir = join(work, 'occupied');
    await mkdir(join(dir, 'functions', 'occupied', 'src'), { recursive: true });
    await writeFile(join(dir, 'Cargo.toml'), '[package]\nname = "mine"\n');
    await writeFile(join(dir, 'functions', 'occupied', 'src', 'main.rs'), 'fn main() {}\n');
    const before = await readTree(dir);
    const plain = runCli([dir, '--yes', '--no-git'], { cwd: work });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/not empty.*--force/);
    const forced = runCli([dir, '--yes', '--no-git', '--force'], { cwd: work });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/already exist[\s\S]*Cargo.toml[\s\S]*functions\/occupied\/src\/main.rs/);
    expect(await readTree(dir)).toEqual(before);
    expect((await readdir(work)).filter((n) => n.includes('staging'))).toEqual([]);
  });
});

describe('writing', () => {
  it('--dry-run prints the tree and writes nothing', async () => {
    const cwd = await mkdtemp(join(work, 'dry-'));
    const r = runCli(['proj', '--yes', '--dry-run'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^proj\/$/m);
    expect(r.stdout).toContain('Cargo.toml');
    expect(await readdir(cwd)).toEqual([]);
  });
  it('--force adds the project beside unrelated files and keeps .git', async () => {
    const dir = join(work, 'beside');
    await mkdir(join(dir, '.git'), { recursive: true });
    await writeFile(join(dir, 'NOTES.md'), 'mine');
    const r = runCli([dir, '--yes', '--no-git', '--force'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const tree = await readTree(dir);
    expect(tree['NOTES.md']).toBe('mine');
    expect(Object.keys(tree)).toContain('Cargo.toml');
  });
  it('works with spaces and non-ASCII in the path, and --json reports the run', async () => {
    const r = runCli(['dossier été/mon projet', '--name', 'mon-projet', '--yes', '--no-git', '--json'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { directory: string; files: string[]; nextSteps: string[]; reproduce: string };
    expect(result.directory).toBe(join(work, 'dossier été', 'mon projet'));
    expect(Object.keys(await readTree(result.directory)).sort()).toEqual([...result.files].sort());
    expect(result.nextSteps[0]).toBe("cd 'dossier été/mon projet'");
    expect(result.reproduce).toContain("'dossier été/mon projet' -- --name mon-projet");
  });
  it('initialises git with a first commit when git has an identity', async () => {
    const home = await mkdtemp(join(work, 'home-'));
    await writeFile(join(home, '.gitconfig'), '[user]\n\tname = Test\n\temail = test@example.com\n');
    const env = { HOME: home, GIT_CONFIG_GLOBAL: join(home, '.gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
    const r = runCli(['with-git', '--yes'], { cwd: home, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('first commit');
    const log = spawnSync('git', ['log', '--oneline'], { cwd: join(home, 'with-git'), encoding: 'utf8', env: { ...process.env, ...env } });
    expect(log.stdout).toMatch(/Initial commit/);
    const status = spawnSync('git', ['status', '--porcelain'], {
      cwd: join(home, 'with-git'),
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    expect(status.stdout).toBe(''); // everything, .gitignore included, is committed
  });
  it('says why git was skipped: no identity', async () => {
    const home = await mkdtemp(join(work, 'noid-'));
    const env = { HOME: home, GIT_CONFIG_GLOBAL: join(home, 'none'), GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: '', EMAIL: '' };
    const r = runCli(['p', '--yes'], { cwd: home, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/first commit skipped: git has no user.name/);
  });
  it('says why git was skipped: inside an existing repository', async () => {
    const repo = await mkdtemp(join(work, 'repo-'));
    spawnSync('git', ['init', '-q'], { cwd: repo });
    const r = runCli(['sub', '--yes'], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/skipped: the folder is already inside a git repository/);
  });
  it('prints next steps and the reproduce command for the invoking package manager', async () => {
    const cwd = await mkdtemp(join(work, 'pm-'));
    const r = runCli(['p', '-t', 'sqs', '--iac', 'cdk', '--arch', 'x86_64', '--no-git'], {
      cwd,
      env: { npm_config_user_agent: 'pnpm/9.0.0 npm/? node/v20.12.0' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('cd p');
    expect(r.stdout).toContain('pnpm create rust-lambda p --template sqs --iac cdk --arch x86_64 --no-git');
    expect(r.stdout).toContain('  cd infra\n  pnpm install\n  pnpm exec cdk bootstrap\n  pnpm exec cdk deploy\n  cd ..');
  });
});

describe('every template × flavor × arch', () => {
  const list = JSON.parse(runCli(['--list', '--json'], { cwd: tmpdir() }).stdout) as {
    templates: Array<{ id: string; flavors: string[]; architectures: string[] }>;
  };
  const combos = list.templates.flatMap((t) => t.flavors.flatMap((f) => t.architectures.map((a) => [t.id, f, a] as const)));
  it('covers every template on every flavor and arch', () => expect(combos).toHaveLength(list.templates.length * 4 * 2));
  it.each(combos)('%s + %s + %s generates the expected file tree', async (template, iac, arch) => {
    const cwd = await mkdtemp(join(work, `combo-`));
    const args = [
      'my-fn',
      '-t',
      template,
      '--iac',
      iac,
      '--arch',
      arch,
      '--no-git',
      '--yes', // every other variable at its default
      ...(template === 'extension' ? ['--extension-api', 'none'] : []),
      ...(template === 'schedule' ? ['--var', 'schedule=cron(0 12 * * ? *)'] : []),
      ...(template === 'event' ? ['--var', 'eventType=s3.S3Event'] : []),
    ];
    const r = runCli(args, { cwd });
    expect(r.code, r.stderr).toBe(0);
    const tree = await readTree(join(cwd, 'my-fn'));
    expect(Object.keys(tree)).toMatchSnapshot();
    for (const [path, text] of Object.entries(tree)) {
      // no Handlebars left over (GitHub Actions `${{ }}` is allowed; Rust format strings escape braces as `{{`)
      if (!path.endsWith('.rs')) expect(text, path).not.toMatch(/(?<!\$)\{\{/);
      expect(text, `${path} mentions the wrong architecture`).not.toContain(
        arch === 'arm64' ? 'x86_64-unknown-linux' : 'aarch64-unknown-linux',
      );
    }
    // the release profile the benchmarks measure (docs/BENCHMARKS.md), read by a real TOML parser:
    // the workspace's, and no member has one of its own (cargo would ignore it)
    expect(parseToml(tree['Cargo.toml'] ?? '').profile?.release).toEqual(RELEASE_PROFILE);
    expect(parseToml(tree['functions/my-fn/Cargo.toml'] ?? '').profile).toBeUndefined();
  });
});

const RELEASE_PROFILE = { 'opt-level': 's', strip: true, lto: true, 'codegen-units': 1, panic: 'unwind' };
function parseToml(text: string): { profile?: { release?: unknown } } {
  const py = spawnSync('python3', ['-c', 'import sys,tomllib,json; print(json.dumps(tomllib.loads(sys.stdin.read())))'], {
    input: text,
    encoding: 'utf8',
  });
  if (py.status !== 0) throw new Error(`Cargo.toml does not parse: ${py.stderr}`);
  return JSON.parse(py.stdout);
}
