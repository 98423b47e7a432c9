// Safe writing: render into a hidden staging folder inside the target, then move each file into place.
// On any failure or abort, everything this run created is removed and no existing file is touched.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CancelledError, RunError, UsageError } from '../errors.js';
import { printable } from '../format/printable.js';
import type { RenderedFile } from '../template/render.js';

/** The file system calls the writer makes; tests swap one for a failing or slow one. */
export interface WriteOps {
  /** one folder, its parent existing */
  mkdir: (path: string) => Promise<unknown>;
  /** a new file: never replaces an existing one */
  writeFile: (path: string, data: Buffer, mode: number) => Promise<void>;
  /** put a staged file in place: never replaces an existing one */
  rename: (from: string, to: string) => Promise<void>;
}

const code = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? '';

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
      if (fs.existsSync(to)) throw Object.assign(new Error(`EEXIST: file already exists, rename '${from}' -> '${to}'`), { code: 'EEXIST', dest: to });
      fs.renameSync(from, to);
    }
  },
};

// What an OS error means, in the words of the one-line message.
const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'a name in the path is too long',
  EEXIST: 'a file is already there',
  ELOOP: 'too many symbolic links (a link loop?)',
  EISDIR: 'a folder is where a file should be',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
  EINVAL: 'the file system does not accept this name',
  EIO: 'input/output error',
  EBUSY: 'the path is busy',
  ENOENT: 'a folder on the path is missing (a broken symbolic link?)',
  EXDEV: 'the move crosses file systems',
};

/** Any error while checking or writing `target`, as one line naming the path and the cause. Ours pass through. */
export function fsFailure(error: unknown, target: string): Error {
  if (error instanceof RunError || error instanceof UsageError || error instanceof CancelledError) return error;
  const e = error as NodeJS.ErrnoException & { dest?: string };
  const raw = e instanceof Error ? e.message : String(error);
  const cause = CAUSES[code(e)] ?? /^[A-Z0-9]+: ([^,]+)/.exec(raw)?.[1] ?? raw;
  const path = e?.dest ?? e?.path;
  const where = path && resolve(path) !== target ? ` (${printable(path)})` : '';
  return new RunError(`cannot write ${printable(target)}: ${printable(cause)}${where}. Nothing was written.`);
}

// File systems whose folders are views of the kernel, not storage: /proc, /sys, /dev and their kin.
const VIRTUAL_FS = new Set(['proc', 'sysfs', 'devtmpfs', 'devpts', 'cgroup', 'cgroup2', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf', 'configfs', 'fusectl', 'mqueue', 'efivarfs', 'binfmt_misc', 'selinuxfs', 'nsfs', 'rpc_pipefs', 'hugetlbfs']);
const VIRTUAL_PATH = /^\/(proc|sys|dev)(\/|$)/;

/** The file system type `real` (a resolved path) lives on, from the longest matching mount point; unknown off Linux. */
function fileSystemOf(real: string): string | undefined {
  let mounts: string;
  try {
    mounts = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return undefined;
  }
  let best: { point: string; type: string } | undefined;
  for (const line of mounts.split('\n')) {
    // id parent dev root MOUNT-POINT options… - TYPE source options; spaces in paths are octal escapes
    const fields = line.split(' ');
    const point = (fields[4] ?? '').replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    const type = fields[fields.indexOf('-') + 1];
    const inside = real === point || real.startsWith(point === '/' ? '/' : `${point}/`);
    if (type && inside && point.length >= (best?.point.length ?? 0)) best = { point, type }; // later lines mount over earlier
  }
  return best?.type;
}

/** The nearest part of `path` that exists (the path itself, or an ancestor), and where it really is. */
async function nearestExisting(path: string): Promise<{ path: string; real: string }> {
  for (let current = path; ; current = dirname(current)) {
    try {
      return { path: current, real: await fsp.realpath(current) };
    } catch (error) {
      if (!['ENOENT', 'ENOTDIR'].includes(code(error)) || dirname(current) === current) throw error;
    }
  }
}

/** Refuse a place no project can live in, before anything is read or written there. */
async function checkPlace(target: string): Promise<void> {
  const nearest = await nearestExisting(target);
  const type = fileSystemOf(nearest.real);
  if (VIRTUAL_FS.has(type ?? '')) {
    throw new RunError(`cannot write ${printable(target)}: it is on a ${type} file system, a view of the system, not storage. Nothing was written.`);
  }
  if (VIRTUAL_PATH.test(target) || VIRTUAL_PATH.test(nearest.real)) {
    throw new RunError(`cannot write ${printable(target)}: /proc, /sys and /dev are system folders, not storage. Nothing was written.`);
  }
  if (nearest.path !== target && !(await fsp.stat(nearest.path)).isDirectory()) {
    throw new RunError(`cannot write ${printable(target)}: ${printable(nearest.path)} is a file, not a folder. Nothing was written.`);
  }
}

/**
 * Entries of an existing target that make it "not empty" (`.git` is kept and does not count), or undefined
 * when there is no target yet. Refuses a target that cannot be a project folder: on a virtual file system,
 * a file, or a symbolic link (nothing is written through a link into some other place).
 */
export async function existingEntries(target: string): Promise<string[] | undefined> {
  target = resolve(target);
  try {
    await checkPlace(target);
    let stat: fs.Stats;
    try {
      stat = await fsp.lstat(target);
    } catch (error) {
      if (code(error) === 'ENOENT') return undefined;
      throw error;
    }
    if (stat.isSymbolicLink()) {
      throw new RunError(`cannot write ${printable(target)}: it is a symbolic link; give the folder it points to instead. Nothing was written.`);
    }
    if (!stat.isDirectory()) throw new RunError(`cannot write ${printable(target)}: it exists and is not a folder. Nothing was written.`);
    return (await fsp.readdir(target)).filter((name) => name !== '.git').sort();
  } catch (error) {
    throw fsFailure(error, target);
  }
}

/**
 * What stands in the way of writing `path` (relative, `/`-separated) in `target`: the file itself, or a part
 * of its path that is not a real folder (a file, or a symbolic link that would lead the write elsewhere).
 */
async function blocker(target: string, path: string): Promise<string | undefined> {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    let stat: fs.Stats;
    try {
      stat = await fsp.lstat(join(target, prefix));
    } catch (error) {
      if (code(error) === 'ENOENT') return undefined;
      throw error;
    }
    if (i === parts.length || !stat.isDirectory()) return prefix;
  }
  return undefined;
}

/** Project paths already taken in the target (the file, or a file or link where one of its folders goes): never overwritten. */
export async function findConflicts(target: string, files: RenderedFile[]): Promise<string[]> {
  target = resolve(target);
  const conflicts = new Set<string>();
  try {
    for (const file of files) {
      const taken = await blocker(target, file.path);
      if (taken !== undefined) conflicts.add(taken);
    }
  } catch (error) {
    throw fsFailure(error, target);
  }
  return [...conflicts];
}

/** Missing folders up to and including `dir`, outermost first, so a rollback can remove exactly what it made. */
async function missingDirs(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    try {
      await fsp.lstat(current);
      return missing.reverse();
    } catch (error) {
      if (code(error) !== 'ENOENT' || dirname(current) === current) throw error;
      missing.push(current);
    }
  }
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
  const makeDirs = async (dir: string, record: boolean) => {
    for (const missing of await missingDirs(dir)) {
      await ops.mkdir(missing);
      if (record) created.push(missing);
    }
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
      if (taken !== undefined) throw new RunError(`cannot write ${printable(target)}: ${printable(taken)} is in the way. Nothing was written.`);
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
