import { mkdtemp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, RunError } from '../../src/errors.js';
import { checkTarget } from '../../src/steps/check-target.js';
import { realOps, type WriteOps, writeProject } from '../../src/steps/write.js';
import type { RenderedFile } from '../../src/template/render.js';

const file = (path: string, text = path, mode = 0o644): RenderedFile => ({ path, content: Buffer.from(text), mode });
const FILES = [file('Cargo.toml'), file('src/main.rs'), file('events/a.json'), file('scripts/run.sh', '#!/bin/sh\n', 0o755)];

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'crl-write-'));
});
afterEach(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(root, { recursive: true, force: true });
});

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const abs = join(entry.parentPath, entry.name);
    out[abs.slice(dir.length)] = entry.isFile() ? await readFile(abs, 'utf8') : '<dir>';
  }
  return out;
}

/** Ops that fail on the n-th call of `which`. */
function failingOps(which: keyof WriteOps, n: number, code = 'ENOSPC'): WriteOps {
  let calls = 0;
  const ops = { ...realOps };
  const original = realOps[which] as (...a: unknown[]) => Promise<void>;
  (ops[which] as unknown) = async (...a: unknown[]) => {
    if (++calls === n) throw Object.assign(new Error(`${code}: injected`), { code, path: String(a[0]) });
    return original(...a);
  };
  return ops;
}

describe('writeProject', () => {
  it('writes every file into a new folder, keeping modes', async () => {
    const target = join(root, 'nested', 'my fn é');
    await writeProject({ target, files: FILES });
    expect(await readFile(join(target, 'src/main.rs'), 'utf8')).toBe('src/main.rs');
    expect((await stat(join(target, 'scripts/run.sh'))).mode & 0o777).toBe(0o755);
    expect(await readdir(join(root, 'nested'))).toEqual(['my fn é']); // no staging left
  });

  it.each([
    ['writeFile', 3],
    ['mkdir', 4],
    ['rename', 1],
  ] as const)('leaves nothing behind when %s fails (call %i) into a new folder', async (which, n) => {
    const target = join(root, 'deep', 'new');
    const error = await writeProject({ target, files: FILES, ops: failingOps(which, n) }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toMatch(/no space left|Nothing was written/);
    expect(await readdir(root)).toEqual([]); // even the created parent is gone
  });

  it('leaves an existing folder byte-for-byte unchanged when a move fails half-way', async () => {
    const target = join(root, 'existing');
    await mkdir(join(target, 'src'), { recursive: true });
    await writeFile(join(target, 'notes.txt'), 'mine');
    await writeFile(join(target, 'src', 'keep.rs'), 'keep');
    const before = await snapshot(target);
    const error = await writeProject({ target, files: FILES, ops: failingOps('rename', 3, 'EACCES') }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/permission denied/);
    expect(await snapshot(target)).toEqual(before);
    expect(await readdir(root)).toEqual(['existing']);
  });

  it('rolls back on abort (Ctrl-C) and reports cancelled', async () => {
    const controller = new AbortController();
    const target = join(root, 'aborted');
    const ops = { ...realOps, writeFile: async (p: string, d: Buffer, m: number) => (controller.abort(), realOps.writeFile(p, d, m)) };
    await expect(writeProject({ target, files: FILES, ops, signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('checkTarget', () => {
  const base = { files: FILES, interactive: false, prompter: async () => { throw new Error('no prompt'); } };

  it('accepts a missing or empty folder, and one holding only .git', async () => {
    await checkTarget({ ...base, target: join(root, 'absent'), force: false });
    await mkdir(join(root, 'g', '.git'), { recursive: true });
    await checkTarget({ ...base, target: join(root, 'g'), force: false });
  });
  it('refuses a non-empty folder without --force, naming what is there', async () => {
    await writeFile(join(root, 'README.md'), 'x');
    await expect(checkTarget({ ...base, target: root, force: false })).rejects.toThrow(/not empty \(README.md\).*--force/);
  });
  it('lists conflicts even with --force', async () => {
    await mkdir(join(root, 'src'));
    await writeFile(join(root, 'src', 'main.rs'), 'mine');
    await writeFile(join(root, 'Cargo.toml'), 'mine');
    const error = await checkTarget({ ...base, target: root, force: true }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/Cargo.toml/);
    expect((error as Error).message).toMatch(/src\/main.rs/);
  });
  it('asks interactively, and a "no" refuses', async () => {
    await writeFile(join(root, 'x'), 'x');
    const prompter = async () => ({ confirm: async () => false, text: async () => '', select: async () => '' });
    await expect(checkTarget({ ...base, interactive: true, prompter, target: root, force: false })).rejects.toThrow(/not empty/);
  });
});
