// Safe writing: render into a staging folder beside the target, then move into place.
// On any failure or abort, everything this run created is removed and no existing file is touched.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CancelledError, RunError } from '../errors.js';
import type { RenderedFile } from '../template/render.js';

/** The file system calls the writer makes; tests swap one for a failing one. */
export interface WriteOps {
  mkdir: (path: string) => Promise<unknown>;
  writeFile: (path: string, data: Buffer, mode: number) => Promise<void>;
  rename: (from: string, to: string) => Promise<void>;
}

// Synchronous calls behind the async interface: a scaffold writes a few dozen small files, and a
// round trip through libuv's thread pool for each one costs more than the write itself.
export const realOps: WriteOps = {
  mkdir: async (path) => fs.mkdirSync(path, { recursive: true }),
  writeFile: async (path, data, mode) => {
    fs.writeFileSync(path, data, { flag: 'wx', mode });
    fs.chmodSync(path, mode); // the umask must not drop an executable bit
  },
  rename: async (from, to) => fs.renameSync(from, to),
};

/** Entries of an existing target that make it "not empty" (`.git` is kept and does not count). */
export async function existingEntries(target: string): Promise<string[] | undefined> {
  try {
    const stat = await fsp.stat(target);
    if (!stat.isDirectory()) throw new RunError(`${target} exists and is not a directory`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return (await fsp.readdir(target)).filter((name) => name !== '.git').sort();
}

/** Project files that already exist in the target: these are never overwritten. */
export async function findConflicts(target: string, files: RenderedFile[]): Promise<string[]> {
  const conflicts: string[] = [];
  for (const file of files) {
    try {
      await fsp.lstat(join(target, file.path));
      conflicts.push(file.path);
    } catch {
      // absent: fine
    }
  }
  return conflicts;
}

/** Missing ancestors of `dir`, outermost first, so a rollback can remove exactly what it made. */
async function missingDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      await fsp.stat(current);
      return missing.reverse();
    } catch {
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) return missing.reverse();
      current = parent;
    }
  }
}

function fail(error: unknown, target: string): never {
  if (error instanceof CancelledError || error instanceof RunError) throw error;
  const e = error as NodeJS.ErrnoException;
  const why = { EACCES: 'permission denied', EPERM: 'permission denied', ENOSPC: 'no space left on the device', EROFS: 'read-only file system' }[
    e.code ?? ''
  ];
  throw new RunError(`could not write ${target}: ${why ?? e.message}${why && e.path ? ` (${e.path})` : ''}. Nothing was written.`);
}

export interface WriteInput {
  target: string;
  files: RenderedFile[];
  signal?: AbortSignal;
  ops?: WriteOps;
}

export async function writeProject({ target, files, signal, ops = realOps }: WriteInput): Promise<void> {
  target = resolve(target);
  const checkAbort = () => {
    if (signal?.aborted) throw new CancelledError();
  };
  const parent = dirname(target);
  const createdParents = await missingDirs(parent);
  const staging = join(parent, `.${basename(target)}.staging-${randomBytes(4).toString('hex')}`);
  const moved: string[] = [];
  const createdInTarget: string[] = [];
  let targetExisted = false;
  let renamedWhole = false;

  try {
    checkAbort();
    await ops.mkdir(parent);
    await ops.mkdir(staging);
    for (const file of files) {
      checkAbort();
      const dest = join(staging, file.path);
      await ops.mkdir(dirname(dest));
      await ops.writeFile(dest, file.content, file.mode);
    }
    checkAbort();
    targetExisted = (await existingEntries(target)) !== undefined;
    if (!targetExisted) {
      await ops.rename(staging, target);
      renamedWhole = true;
      return;
    }
    for (const file of files) {
      checkAbort();
      const dest = join(target, file.path);
      for (const dir of await missingDirs(dirname(dest))) {
        await ops.mkdir(dir);
        createdInTarget.push(dir);
      }
      if ((await findConflicts(target, [file])).length > 0) throw new RunError(`${dest} appeared while writing; nothing was overwritten`);
      await ops.rename(join(staging, file.path), dest);
      moved.push(dest);
    }
  } catch (error) {
    // roll back: only what this run created, newest first
    for (const file of moved.reverse()) await fsp.rm(file, { force: true });
    for (const dir of createdInTarget.reverse()) await fsp.rmdir(dir).catch(() => undefined);
    if (renamedWhole) await fsp.rm(target, { recursive: true, force: true });
    await fsp.rm(staging, { recursive: true, force: true });
    for (const dir of createdParents.reverse()) await fsp.rmdir(dir).catch(() => undefined);
    fail(error, target);
  }
  await fsp.rm(staging, { recursive: true, force: true });
}
