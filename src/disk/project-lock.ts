// One command at a time in a project: every command that writes into an existing project (add,
// upgrade) holds an exclusive lock file in its root for the whole read-render-merge-write. The
// file is created with O_EXCL and names its holder (pid, host, start time, command); it goes when
// the command ends, however it ends. A second command finding it held refuses at once. A lock
// whose holder is gone (its pid is dead on this host, or it is very old from another host) is
// taken over under a second exclusive file, so two waiters cannot both take it.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { CancelledError, RunError } from '../errors.js';
import { printable } from '../text/printable.js';
import { errorCode, fsFailure } from './fs-failure.js';

export const LOCK_FILE = '.create-rust-lambda.lock';
/** Held only while a stale lock is being replaced. */
const BREAKER_SUFFIX = '.break';
/** A lock from another host is taken for abandoned only after this long (no pid to check there). */
export const FOREIGN_LOCK_MAX_AGE_MS = 24 * 60 * 60_000;
/** A lock file is a few hundred bytes; anything bigger is not one of ours. */
const MAX_LOCK_BYTES = 16 * 1024;
/** An unreadable lock younger than this may be one being written right now. */
const FRESH_MS = 10_000;
/** A takeover takes microseconds; a breaker older than this was left by a crash. */
const BREAKER_MAX_AGE_MS = 30_000;
const ATTEMPTS = 50;
const PAUSE_MS = 20;

export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO time the command started */
  started: string;
  /** the command line, for the message a second command prints */
  command: string;
  /** this lock's own mark: a release removes the file only while it still holds it */
  token: string;
}

export interface ProjectLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this lock's; idempotent. */
  release(): void;
}

/** Locks of this process by lock path; what a released lock left is its `released` flag. */
const held = new Map<string, { released: boolean }>();

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Whether `pid` names a running process on this host (one of another user's counts). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (
      typeof v.pid === 'number' &&
      typeof v.hostname === 'string' &&
      typeof v.started === 'string' &&
      typeof v.command === 'string' &&
      typeof v.token === 'string'
    )
      return { pid: v.pid, hostname: v.hostname, started: v.started, command: v.command, token: v.token };
  } catch {
    // not ours
  }
  return undefined;
}

/** The lock file as it is now: undefined when there is none. */
function readLock(path: string, root: string): { raw: Buffer; holder?: LockHolder; mtimeMs: number } | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw fsFailure(error, root);
  }
  if (!stat.isFile())
    throw new RunError(
      `${printable(path)} is not a regular file: it is where create-rust-lambda keeps its lock; remove it if no create-rust-lambda is running. Nothing was written.`,
    );
  if (stat.size > MAX_LOCK_BYTES) return { raw: Buffer.alloc(0), mtimeMs: stat.mtimeMs };
  let raw: Buffer;
  try {
    raw = fs.readFileSync(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw fsFailure(error, root);
  }
  return { raw, holder: parseHolder(raw.toString('utf8')), mtimeMs: stat.mtimeMs };
}

const clip = (text: string, max: number) => printable(text.length > max ? `${text.slice(0, max)}…` : text);

/** "pid N, <command>, since <time>" (and the host when it is another), safe to print. */
export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'pid unknown, a command being started, since just now';
  const host = holder.hostname === hostname() ? '' : ` on ${clip(holder.hostname, 80)}`;
  return `pid ${holder.pid}${host}, ${clip(holder.command, 200)}, since ${clip(holder.started, 40)}`;
}

const busy = (holder: LockHolder | undefined) =>
  new RunError(`another create-rust-lambda is changing this project (${describeHolder(holder)}); try again when it ends`);

/** Whether the lock's holder can no longer be running. */
export function isStale(holder: LockHolder | undefined, mtimeMs: number, path: string, now = Date.now()): boolean {
  if (!holder) return now - mtimeMs > FRESH_MS; // unreadable: abandoned unless it is being written right now
  if (holder.hostname === hostname()) {
    // this very process holds no such lock: a leftover of a run that ended in it
    if (holder.pid === process.pid) return held.get(path)?.released !== false;
    return !pidAlive(holder.pid);
  }
  const started = Date.parse(holder.started);
  return now - (Number.isNaN(started) ? mtimeMs : Math.max(started, Math.min(mtimeMs, now))) > FOREIGN_LOCK_MAX_AGE_MS;
}

/** Creates the lock file, failing with EEXIST when there is one; the content is complete before anyone else can read it as ours. */
function create(path: string, content: string): void {
  const fd = fs.openSync(path, 'wx', 0o644);
  try {
    fs.writeFileSync(fd, content);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(path, { force: true });
    throw error;
  }
  fs.closeSync(fd);
}

/**
 * Replaces the stale lock whose bytes were `seen` with ours, under the breaker file; false when
 * another command is taking it over or took it (the caller looks again).
 */
function takeOver(path: string, root: string, seen: Buffer, content: string): boolean {
  const breaker = `${path}${BREAKER_SUFFIX}`;
  try {
    create(breaker, `${process.pid}\n`);
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw fsFailure(error, root);
    try {
      if (Date.now() - fs.lstatSync(breaker).mtimeMs > BREAKER_MAX_AGE_MS) fs.rmSync(breaker, { force: true });
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    const now = readLock(path, root);
    if (now && !now.raw.equals(seen)) return false; // someone took it first
    fs.rmSync(path, { force: true });
    create(path, content);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw fsFailure(error, root);
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

/**
 * Takes the lock of the project at `root` for `command`, or refuses (RunError, exit 1) when a live
 * command holds it. `note` hears the one line said when a stale lock is taken over.
 */
export function acquireProjectLock(
  root: string,
  command: string,
  note: (line: string) => void,
  options: { readOnly?: boolean } = {},
): ProjectLock {
  const path = join(resolve(root), LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    started: new Date().toISOString(),
    command,
    token: randomBytes(8).toString('hex'),
  };
  const content = `${JSON.stringify(holder)}\n`;
  let last: LockHolder | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      create(path, content);
      return register(path, holder, content);
    } catch (error) {
      // a run that writes nothing (--dry-run) may look at a project it cannot write into
      if (options.readOnly && ['EACCES', 'EPERM', 'EROFS'].includes(errorCode(error))) return { path, holder, release: () => undefined };
      if (errorCode(error) !== 'EEXIST') throw fsFailure(error, root);
    }
    const found = readLock(path, root);
    if (!found) continue; // released meanwhile
    last = found.holder;
    if (!isStale(found.holder, found.mtimeMs, path)) {
      if (found.holder) throw busy(found.holder);
      sleep(PAUSE_MS); // being written: read it again
      continue;
    }
    if (takeOver(path, root, found.raw, content)) {
      note(
        `note: took over the lock of a create-rust-lambda that is no longer running (${describeHolder(found.holder)}); ${LOCK_FILE} was left behind`,
      );
      return register(path, holder, content);
    }
    sleep(PAUSE_MS);
  }
  throw busy(last);
}

function register(path: string, holder: LockHolder, content: string): ProjectLock {
  const state = { released: false };
  held.set(path, state);
  const release = (bySignal = false) => {
    if (state.released) return;
    state.released = true;
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    // released by a signal, the entry stays: the write step must see the command lost its lock
    if (!bySignal && held.get(path) === state) held.delete(path);
    try {
      // only our own lock: a takeover may have replaced it
      if (fs.readFileSync(path, 'utf8') === content) fs.rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
  // a signal ends the command: the lock goes at once (the write step checks it still holds it);
  // with no other handler, the signal then does what it would have done
  const onExit = () => release();
  function onSignal(signal: NodeJS.Signals) {
    release(true);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { path, holder, release: () => release() };
}

/** For the write step: refuses to go on once this process's lock of `root` was released (a signal came). */
export function assertLockHeld(root: string): void {
  const state = held.get(join(resolve(root), LOCK_FILE));
  if (state?.released) throw new CancelledError();
}

/** The command line as a lock names it: `add sqs --name qa` (an argument with spaces or quotes in JSON quotes). */
export function commandLine(argv: readonly string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}

/** Runs `fn` holding the lock of the project at `root`; the lock goes when it ends, however it ends. */
export async function withProjectLock<T>(
  root: string,
  command: string,
  note: (line: string) => void,
  fn: () => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const lock = acquireProjectLock(root, command, note, options);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
