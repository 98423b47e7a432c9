// The package as users get it: packed, installed from the tarball into a folder that cannot
// see this checkout, then run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let work: string;
let tarball: string;
let files: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crl-pack-'));
  // `npm test` has just built dist/; packing must not rebuild it (prepack) while other test
  // files run the CLI from it
  expect(existsSync(join(root, 'dist', 'index.js')), 'run `npm run build` first').toBe(true);
  const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  const info = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info[0]?.filename ?? '');
  files = info[0]?.files.map((f) => f.path) ?? [];
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the published package', () => {
  it('ships bin/, dist/ and templates/ only (plus package metadata)', () => {
    const tops = new Set(files.map((f) => f.split('/')[0]));
    expect([...tops].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'dist', 'package.json', 'templates']);
    expect(files).toContain('templates/base/files/_gitignore.hbs');
  });
  it('has no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies ?? {}).toEqual({});
  });
  it('installs from the tarball offline and scaffolds a project', async () => {
    const app = join(work, 'consumer');
    spawnSync('mkdir', ['-p', app]);
    const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--prefix', app, tarball], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(install.status, install.stderr).toBe(0);
    // nothing but the package itself: zero dependencies to install
    expect((await readdir(join(app, 'node_modules'))).filter((n) => !n.startsWith('.'))).toEqual(['create-rust-lambda']);
    const bin = join(app, 'node_modules', '.bin', 'create-rust-lambda');
    const run = spawnSync(bin, ['made-from-tarball', '-t', 'sqs', '--iac', 'sam', '--arch', 'arm64', '--no-git'], {
      cwd: app,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(app, 'made-from-tarball', 'Cargo.toml'))).toBe(true);
    expect(existsSync(join(app, 'made-from-tarball', '.gitignore'))).toBe(true);
  });
});
