// `upgrade` of a project that the 0.1.0 release made (built from this repository's history).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { olderCli } from '../harness/older-cli.js';
import { readTree, runCli } from './run-cli.js';

let tmp: string;
let oldBin: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'crl-upgrade-'));
  oldBin = await olderCli('0.1.0');
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const FLAGS = ['--template', 'sqs', '--iac', 'sam', '--arch', 'x86_64', '--region', 'eu-west-1'];
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

/** A project as 0.1.0 made it (with the flags it printed to make it again). */
function legacyProject(name: string): string {
  const r = spawnSync(process.execPath, [oldBin, name, ...FLAGS, '--yes', '--no-git'], { cwd: tmp, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const dir = join(tmp, name);
  expect(existsSync(join(dir, 'rust-lambda.toml'))).toBe(false);
  return dir;
}

describe('upgrade from 0.1.0', () => {
  it('moves the crate into the workspace, keeps the edits, and records the project', async () => {
    const dir = legacyProject('legacy');
    writeFileSync(join(dir, 'src/message.rs'), `${read(dir, 'src/message.rs')}// my own line\n`);
    writeFileSync(join(dir, 'template.yaml'), read(dir, 'template.yaml').replace(/^Description: .*$/m, 'Description: by hand'));
    writeFileSync(join(dir, 'NOTES.md'), 'mine\n');

    const dry = runCli(['upgrade', ...FLAGS, '--from-cli', oldBin, '--dry-run'], { cwd: dir });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^ {2}move {3}src\/main\.rs → functions\/legacy\/src\/main\.rs$/m);
    expect(existsSync(join(dir, 'rust-lambda.toml'))).toBe(false);

    const r = runCli(['upgrade', ...FLAGS, '--from-cli', oldBin], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(read(dir, 'functions/legacy/src/message.rs')).toMatch(/\/\/ my own line\n$/);
    expect(read(dir, 'template.yaml')).toMatch(/^Description: by hand$/m);
    expect(read(dir, 'NOTES.md')).toBe('mine\n');
    expect(existsSync(join(dir, 'src'))).toBe(false);
    expect(read(dir, 'Cargo.toml')).toMatch(/^\[workspace\]$/m);
    expect(read(dir, 'rust-lambda.toml')).toMatch(/^name = "legacy"$/m);
    expect(read(dir, 'rust-lambda.toml')).toMatch(/^region = "eu-west-1"$/m);

    const again = runCli(['upgrade'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already at create-rust-lambda 0\.2\.0; nothing to upgrade/);
  });

  it('stops on a conflicting edit and writes nothing', async () => {
    const dir = legacyProject('clash');
    // 0.2 changes every dependency line to `workspace = true`; so does this user, differently
    writeFileSync(join(dir, 'Cargo.toml'), read(dir, 'Cargo.toml').replace(/^serde_json = .*$/m, 'serde_json = "=1.0.140"'));
    const before = await readTree(dir);
    const r = runCli(['upgrade', ...FLAGS, '--from-cli', oldBin], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/functions\/clash\/Cargo\.toml: 1 conflicting hunk/);
    expect(r.stderr).toMatch(/serde_json = "=1\.0\.140"/);
    expect(await readTree(dir)).toEqual(before);
  });

  it('asks for the flags that made a project without rust-lambda.toml', () => {
    const dir = legacyProject('unknown');
    const r = runCli(['upgrade', '--from-cli', oldBin], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--template/);
  });
});
