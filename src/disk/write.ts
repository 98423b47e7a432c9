// Safe writing: render into a hidden staging folder inside the target, then move each file into place.
// On any failure or abort, everything this run created is removed and no existing file is touched.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CancelledError, RunError } from '../errors.js';
import type { RenderedFile } from '../template/render.js';
import { printable } from '../text/printable.js';
import { errorCode as code, fsFailure } from './fs-failure.js';
import { blocker, existingEntries } from './inspect-target.js';

/** The file system calls the writer makes; tests swap one for a failing or slow one. */
export interface WriteOps {
  /** one folder, its parent existing */
  mkdir: (path: string) => Promise<unknown>;
  /** a new file: never replaces an existing one */
  writeFile: (path: string, data: Buffer, mode: number) => Promise<void>;
  /** put a staged file in place: never replaces an existing one */
  rename: (from: string, to: string) => Promise<void>;
}

// Synchronous calls behind the async interface: a scaffold writes a few dozen small files, and a
// round trip through libuv's thread pool for each one costs more than the write itself.
export const realOps: WriteOps = {
  // never `recursive: true`: Node's recursive mkdir spins forever, deaf to Ctrl-C, where a parent exists
  // but refuses children with ENOENT (/proc, a dangling symlink)
  mkdir: async (path) => fs.mkdirSync(path),
  writeFile: async (path, data, mode) => {
    const fd = fs.openSync(path, 'wx', mode);
    try {
      fs.writeFileSync(fd, data);
      fs.fchmodSync(fd, mode); // the umask must not drop an executable bit
    } catch (error) {
      fs.closeSync(fd);
      fs.rmSync(path, { force: true }); // ours, and half-written
      throw Object.assign(error as Error, { path }); // a write through a descriptor names no path
    }
    fs.closeSync(fd);
  },
  // a hard link fails if `to` exists, where rename(2) would replace it (the staged name goes with the staging
  // folder); where there are no hard links: check, then rename
  rename: async (from, to) => {
    try {
      fs.linkSync(from, to);
    } catch (error) {
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK'].includes(code(error))) throw error;
      if (fs.existsSync(to))
        throw Object.assign(new Error(`EEXIST: file already exists, rename '${from}' -> '${to}'`), { code: 'EEXIST', dest: to });
      fs.renameSync(from, to);
    }
  },
};

/**
 * Missing folders up to and including `dir`, outermost first, so a rollback can remove exactly what it
 * made; `present` holds the folders this run made or found, which need no second look.
 */
function missingDirs(dir: string, present: ReadonlySet<string>): string[] {
  const missing: string[] = [];
  for (let current = dir; !present.has(current); current = dirname(current)) {
    try {
      fs.lstatSync(current);
      break;
    } catch (error) {
      if (code(error) !== 'ENOENT' || dirname(current) === current) throw error;
      missing.push(current);
    }
  }
  return missing.reverse();
}

export interface WriteInput {
  target: string;
  files: RenderedFile[];
  signal?: AbortSignal;
  ops?: WriteOps;
}

export async function writeProject({ target, files, signal, ops = realOps }: WriteInput): Promise<void> {
  target = resolve(target);
  // the ops are synchronous: a Ctrl-C or SIGTERM handler only runs once the event loop turns
  const checkAbort = async () => {
    await new Promise((turn) => setImmediate(turn));
    if (signal?.aborted) throw new CancelledError();
  };
  const created: string[] = []; // folders this run made, outermost first: the target's missing parents, the target, its subfolders
  const moved: string[] = [];
  // inside the target, so an existing target needs no writable parent and every move stays on one file system
  const staging = join(target, `.create-rust-lambda-staging-${randomBytes(4).toString('hex')}`);
  let staged = false;
  const present = new Set<string>();
  const makeDirs = async (dir: string, record: boolean) => {
    for (const missing of missingDirs(dir, present)) {
      await ops.mkdir(missing);
      if (record) created.push(missing);
    }
    for (let current = dir; !present.has(current) && dirname(current) !== current; current = dirname(current)) present.add(current);
  };

  try {
    await checkAbort();
    await existingEntries(target); // refuses a virtual file system, a file, a link
    await makeDirs(target, true);
    await ops.mkdir(staging);
    staged = true;
    for (const file of files) {
      if (signal?.aborted) throw new CancelledError();
      const dest = join(staging, file.path);
      await makeDirs(dirname(dest), false);
      await ops.writeFile(dest, file.content, file.mode);
    }
    await checkAbort(); // a signal that came while writing cancels before anything is moved
    for (const file of files) {
      const dest = join(target, file.path);
      const taken = await blocker(target, file.path); // checked before, but something may have come since
      if (taken !== undefined)
        throw new RunError(`cannot write ${printable(target)}: ${printable(taken)} is in the way. Nothing was written.`);
      await makeDirs(dirname(dest), true);
      try {
        await ops.rename(join(staging, file.path), dest);
      } catch (error) {
        if (code(error) !== 'EXDEV') throw error;
        await ops.writeFile(dest, file.content, file.mode); // a folder of the target is another mount: copy instead
      }
      moved.push(dest);
    }
    await checkAbort(); // still undone if a signal came during the moves
    fs.rmSync(staging, { recursive: true, force: true });
  } catch (error) {
    // roll back: only what this run created, newest first; a failing clean-up must not hide the cause
    const quietly = (undo: () => void) => {
      try {
        undo();
      } catch {
        // left as is
      }
    };
    for (const file of moved.reverse()) quietly(() => fs.rmSync(file, { force: true }));
    if (staged) quietly(() => fs.rmSync(staging, { recursive: true, force: true }));
    for (const dir of created.reverse()) quietly(() => fs.rmdirSync(dir));
    throw fsFailure(error, target);
  }
}
