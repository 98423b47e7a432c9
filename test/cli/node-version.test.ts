// The CLI needs Node.js 22 or later (package.json engines): an older Node is stopped before
// anything loads, with one line and exit 1, and nothing is written. The old Node is simulated by
// a preload that reports another process.versions.node.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './run-cli.js';

const asNode = (version: string) =>
  `data:text/javascript,Object.defineProperty(process,'versions',{value:{...process.versions,node:${JSON.stringify(version)}}})`;

const cwd = mkdtempSync(join(tmpdir(), 'crl-node-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function runAs(version: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', asNode(version), BIN, ...args], { cwd, encoding: 'utf8' });
}

describe('the Node.js version', () => {
  it('is declared as 22 or later in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=22');
  });
  it.each(['20.20.2', '21.7.3', '18.20.4'])('%s is refused with one line and exit 1, writing nothing', (version) => {
    const r = runAs(version, ['my-fn', '--template', 'http', '--iac', 'sam', '--arch', 'arm64', '--no-git']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`create-rust-lambda needs Node.js 22 or newer; this is ${version}.\n`);
    expect(r.stdout).toBe('');
    expect(existsSync(join(cwd, 'my-fn'))).toBe(false);
  });
  it('22 runs', () => {
    const r = runAs('22.0.0', ['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
