// A project checked out with Windows line endings (git's core.autocrlf=true): add and upgrade
// merge on the text, not on the endings, and write back the endings each file had. A conflict in
// rust-lambda.toml, which the CLI reads back, stops the run even with --conflict-markers.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProject } from '../../src/project/project-file.js';
import { readTree, runCli } from './run-cli.js';

let tmp: string;
let made: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'crl-eol-'));
  made = join(tmp, 'made');
  const r = runCli(['made', '--name', 'shop', '--template', 'http', '--iac', 'sam', '--yes', '--no-git'], { cwd: tmp });
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

/** Every file of the project in CRLF, as git checks it out with core.autocrlf=true. */
function windowsCopy(name: string): string {
  const dir = join(tmp, name);
  cpSync(made, dir, { recursive: true });
  for (const path of readdirSync(dir, { recursive: true }) as string[]) {
    const abs = join(dir, path);
    if (statSync(abs).isFile()) writeFileSync(abs, crlf(readFileSync(abs, 'utf8')));
  }
  return dir;
}

/** Every line break of `text` is CRLF. */
const allCrlf = (text: string) => !/(^|[^\r])\n/.test(text);

describe('add in a project with CRLF line endings', () => {
  it('merges the new function in, keeping CRLF, with no conflict', () => {
    const dir = windowsCopy('crlf');
    const r = runCli(['add', 'sqs', '--name', 'orders'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/CONFLICT/);
    for (const path of ['rust-lambda.toml', 'template.yaml', 'README.md']) expect(allCrlf(read(dir, path)), path).toBe(true);
    const project = parseProject(read(dir, 'rust-lambda.toml'), 'rust-lambda.toml');
    expect(project.functions.map((f) => f.name)).toEqual(['shop', 'orders']);
    // and the next command reads it
    expect(runCli(['render', '--out', join(tmp, 'crlf-render')], { cwd: dir }).code).toBe(0);
  });

  it('keeps the ending each line of a mixed file had, and gives new lines the ending most lines have', () => {
    const dir = windowsCopy('mixed');
    const lines = read(dir, 'rust-lambda.toml').split('\r\n');
    // the header's first three lines in LF, the rest in CRLF
    const mixed = `${lines.slice(0, 3).join('\n')}\n${lines.slice(3).join('\r\n')}`;
    writeFileSync(join(dir, 'rust-lambda.toml'), mixed);
    const r = runCli(['add', 'sqs', '--name', 'orders'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const after = read(dir, 'rust-lambda.toml');
    expect(after.startsWith(mixed.slice(0, mixed.indexOf('\r\n')))).toBe(true);
    expect(after.split('\n').filter((l) => !l.endsWith('\r')).length - 1).toBe(3); // the LF lines stay the only ones
    expect(after).toMatch(/\[\[functions\]\]\r\nname = "orders"\r\n/);
  });

  it('writes conflict markers into other files in CRLF, but never into rust-lambda.toml', async () => {
    const dir = windowsCopy('conflict');
    // both the user and add append at the end of rust-lambda.toml
    writeFileSync(join(dir, 'rust-lambda.toml'), `${read(dir, 'rust-lambda.toml')}# mine\r\n`);
    const before = await readTree(dir);
    for (const flags of [[], ['--conflict-markers']]) {
      const r = runCli(['add', 'sqs', '--name', 'orders', ...flags], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/rust-lambda\.toml/);
      expect(r.stderr).toMatch(
        flags.length ? /never writes conflict markers into it, even with --conflict-markers/ : /--conflict-markers never marks it/,
      );
      expect(r.stderr).toMatch(/nothing was written/);
      expect(await readTree(dir)).toEqual(before);
    }
    // a conflict elsewhere is marked, in the file's endings
    const other = windowsCopy('conflict-readme');
    writeFileSync(
      join(other, 'template.yaml'),
      read(other, 'template.yaml').replace(/^Resources:\r\n/m, 'Resources:\r\n  Mine:\r\n    Type: AWS::SNS::Topic\r\n'),
    );
    const r = runCli(['add', 'sqs', '--name', 'orders', '--conflict-markers'], { cwd: other });
    const yaml = read(other, 'template.yaml');
    if (r.code === 1) expect(yaml).toMatch(/<<<<<<< yours\r\n/);
    else expect(r.code, r.stderr).toBe(0);
    expect(allCrlf(yaml)).toBe(true);
    expect(allCrlf(read(other, 'rust-lambda.toml'))).toBe(true);
  });
});

describe('upgrade of a project with CRLF line endings', () => {
  /** A project recorded at an older version, and an "older CLI" that renders its base (the project as made, in LF). */
  function olderProject(name: string): { dir: string; older: string } {
    const dir = windowsCopy(name);
    writeFileSync(join(dir, 'rust-lambda.toml'), read(dir, 'rust-lambda.toml').replace(/^version = ".*"/m, 'version = "0.1.9"'));
    const base = join(tmp, `${name}-base`);
    cpSync(made, base, { recursive: true });
    writeFileSync(join(base, 'rust-lambda.toml'), read(base, 'rust-lambda.toml').replace(/^version = ".*"/m, 'version = "0.1.9"'));
    const older = join(tmp, `${name}-older.mjs`);
    writeFileSync(
      older,
      `import { cpSync } from 'node:fs';\nconst out = process.argv[process.argv.indexOf('--out') + 1];\ncpSync(${JSON.stringify(base)}, out, { recursive: true });\n`,
    );
    return { dir, older };
  }

  it('updates the files in CRLF, with no conflict', () => {
    const { dir, older } = olderProject('up');
    const r = runCli(['upgrade', '--from-cli', older], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const toml = read(dir, 'rust-lambda.toml');
    expect(allCrlf(toml)).toBe(true);
    expect(toml).not.toMatch(/0\.1\.9/);
  });

  it('stops on a conflict in rust-lambda.toml and writes nothing, even with --conflict-markers', async () => {
    const { dir, older } = olderProject('up-conflict');
    writeFileSync(join(dir, 'rust-lambda.toml'), read(dir, 'rust-lambda.toml').replace('version = "0.1.9"', 'version = "0.1.9" # pinned'));
    const before = await readTree(dir);
    for (const flags of [[], ['--conflict-markers']]) {
      const r = runCli(['upgrade', '--from-cli', older, ...flags], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/rust-lambda\.toml/);
      expect(r.stderr).toMatch(/nothing was written/);
      expect(await readTree(dir)).toEqual(before);
    }
  });
});
