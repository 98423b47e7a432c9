// What is at the target before anything is written: whether a project can live there at all, what
// is already in it, and which project paths something is in the way of. Reads only.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { RunError } from '../errors.js';
import type { RenderedFile } from '../template/render.js';
import { printable } from '../text/printable.js';
import { errorCode as code, fsFailure } from './fs-failure.js';

// File systems whose folders are views of the kernel, not storage: /proc, /sys, /dev and their kin.
const VIRTUAL_FS = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'mqueue',
  'efivarfs',
  'binfmt_misc',
  'selinuxfs',
  'nsfs',
  'rpc_pipefs',
  'hugetlbfs',
]);
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
    throw new RunError(
      `cannot write ${printable(target)}: it is on a ${type} file system, a view of the system, not storage. Nothing was written.`,
    );
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
      throw new RunError(
        `cannot write ${printable(target)}: it is a symbolic link; give the folder it points to instead. Nothing was written.`,
      );
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
export async function blocker(target: string, path: string): Promise<string | undefined> {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    // synchronous: a project's few dozen paths cost less than as many round trips through libuv's thread pool
    const stat = fs.lstatSync(join(target, prefix), { throwIfNoEntry: false });
    if (stat === undefined) return undefined;
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
