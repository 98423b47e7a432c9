// The project lock: one writing command at a time, a stale lock taken over, never left behind.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireProjectLock,
  assertLockHeld,
  commandLine,
  FOREIGN_LOCK_MAX_AGE_MS,
  LOCK_FILE,
  type LockHolder,
  pidAlive,
  withProjectLock,
} from '../../src/disk/project-lock.js';
import { updateFiles } from '../../src/disk/update-files.js';
import { CancelledError, RunError } from '../../src/errors.js';

let root: string;
let notes: string[];
const note = (line: string) => notes.push(line);
const lockPath = () => join(root, LOCK_FILE);
const holderOnDisk = () => JSON.parse(readFileSync(lockPath(), 'utf8')) as LockHolder;
/** The pid of a process that has ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;
const writeLock = (holder: Partial<LockHolder>) =>
  writeFileSync(
    lockPath(),
    JSON.stringify({ pid: 1, hostname: hostname(), started: new Date().toISOString(), command: 'add x', token: 't', ...holder }),
  );
const age = (path: string, ms: number) => {
  const then = new Date(Date.now() - ms);
  utimesSync(path, then, then);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'crl-lock-'));
  notes = [];
});
afterEach(() => {
  chmodSync(root, 0o755);
  rmSync(root, { recursive: true, force: true });
});

describe('project lock', () => {
  it('is a file naming its holder, created exclusively and removed on release', () => {
    const lock = acquireProjectLock(root, 'add sqs --name qa', note);
    const holder = holderOnDisk();
    expect(holder).toMatchObject({ pid: process.pid, hostname: hostname(), command: 'add sqs --name qa' });
    expect(Date.now() - Date.parse(holder.started)).toBeLessThan(60_000);
    lock.release();
    lock.release();
    expect(readdirSync(root)).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('refuses a second command while a live one holds it, naming the holder', () => {
    const lock = acquireProjectLock(root, 'add sqs --name qa', note);
    const started = holderOnDisk().started;
    expect(() => acquireProjectLock(root, 'add sns --name qb', note)).toThrow(
      new RunError(
        `another create-rust-lambda is changing this project (pid ${process.pid}, add sqs --name qa, since ${started}); try again when it ends`,
      ),
    );
    expect(holderOnDisk().command).toBe('add sqs --name qa');
    lock.release();
  });

  it('refuses when another live process on this host holds it', () => {
    writeLock({ pid: process.ppid, command: 'upgrade' });
    expect(pidAlive(process.ppid)).toBe(true);
    expect(() => acquireProjectLock(root, 'add x', note)).toThrow(
      /another create-rust-lambda is changing this project \(pid \d+, upgrade, since /,
    );
    expect(holderOnDisk().command).toBe('upgrade');
  });

  it('takes over a lock whose process has ended, with a note', () => {
    const pid = deadPid();
    expect(pidAlive(pid)).toBe(false);
    writeLock({ pid, command: 'add gone' });
    const lock = acquireProjectLock(root, 'add x', note);
    expect(holderOnDisk()).toMatchObject({ pid: process.pid, command: 'add x' });
    expect(notes).toEqual([expect.stringMatching(new RegExp(`^note: took over the lock .*\\(pid ${pid}, add gone, since .*\\)`))]);
    lock.release();
    expect(readdirSync(root)).toEqual([]);
  });

  it('takes over a leftover of this very process that it no longer holds', () => {
    writeLock({ pid: process.pid });
    acquireProjectLock(root, 'add x', note).release();
    expect(notes).toHaveLength(1);
  });

  it('waits out another host’s lock until it is very old', () => {
    writeLock({ pid: 4242, hostname: 'elsewhere.example', started: new Date(Date.now() - 60_000).toISOString() });
    expect(() => acquireProjectLock(root, 'add x', note)).toThrow(/\(pid 4242 on elsewhere\.example, add x, since /);
    writeLock({ pid: 4242, hostname: 'elsewhere.example', started: new Date(Date.now() - FOREIGN_LOCK_MAX_AGE_MS - 1000).toISOString() });
    age(lockPath(), FOREIGN_LOCK_MAX_AGE_MS + 1000);
    acquireProjectLock(root, 'add x', note).release();
    expect(notes).toHaveLength(1);
  });

  it('takes an unreadable lock for abandoned only once it is not being written', () => {
    writeFileSync(lockPath(), '');
    expect(() => acquireProjectLock(root, 'add x', note)).toThrow(/another create-rust-lambda is changing this project \(pid unknown/);
    age(lockPath(), 60_000);
    acquireProjectLock(root, 'add x', note).release();
    expect(readdirSync(root)).toEqual([]);
  });

  it('leaves a takeover in progress to the one doing it, and clears a breaker a crash left', () => {
    writeLock({ pid: deadPid() });
    writeFileSync(`${lockPath()}.break`, '1\n');
    expect(() => acquireProjectLock(root, 'add x', note)).toThrow(/another create-rust-lambda is changing this project/);
    expect(existsSync(`${lockPath()}.break`)).toBe(true);
    age(`${lockPath()}.break`, 60_000);
    acquireProjectLock(root, 'add x', note).release();
    expect(readdirSync(root)).toEqual([]);
  });

  it('never removes a lock that is no longer its own', () => {
    const lock = acquireProjectLock(root, 'add x', note);
    writeLock({ pid: process.ppid, token: 'theirs' });
    lock.release();
    expect(holderOnDisk().token).toBe('theirs');
  });

  it('refuses a lock path that is not a regular file', () => {
    mkdirSync(lockPath());
    expect(() => acquireProjectLock(root, 'add x', note)).toThrow(/is not a regular file/);
    expect(statSync(lockPath()).isDirectory()).toBe(true);
  });

  it('is released when the command fails, and skipped by a run that writes nothing in a read-only project', async () => {
    await expect(
      withProjectLock(root, 'add x', note, async () => {
        expect(existsSync(lockPath())).toBe(true);
        throw new RunError('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readdirSync(root)).toEqual([]);
    if (process.getuid?.() === 0) return; // root writes anyway
    chmodSync(root, 0o555);
    expect(() => acquireProjectLock(root, 'add x', note)).toThrow(/permission denied/);
    expect(await withProjectLock(root, 'add x', note, async () => 7, { readOnly: true })).toBe(7);
  });

  it('goes at a signal, and the write step then refuses to write', async () => {
    const keepAlive = () => undefined; // stands for the CLI's own handler, so the test process lives on
    process.on('SIGINT', keepAlive);
    try {
      acquireProjectLock(root, 'add x', note);
      writeFileSync(join(root, 'a.txt'), 'old');
      process.emit('SIGINT', 'SIGINT');
      expect(existsSync(lockPath())).toBe(false);
      expect(() => assertLockHeld(root)).toThrow(CancelledError);
      await expect(updateFiles(root, [{ path: 'a.txt', content: Buffer.from('new'), mode: 0o644 }])).rejects.toThrow(CancelledError);
      expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('old');
      expect(readdirSync(root)).toEqual(['a.txt']);
    } finally {
      process.off('SIGINT', keepAlive);
    }
  });

  it('names the command as typed', () => {
    expect(commandLine(['add', 'sqs', '--name', 'qa'])).toBe('add sqs --name qa');
    expect(commandLine(['add', './my template', '--var', 'A=b c'])).toBe('add "./my template" --var "A=b c"');
  });
});

describe('the write step', () => {
  it('reads the files again before the swap and writes nothing when one changed meanwhile', async () => {
    writeFileSync(join(root, 'a.txt'), 'old');
    const updating = updateFiles(root, [
      { path: 'a.txt', content: Buffer.from('new'), mode: 0o644 },
      { path: 'b.txt', content: Buffer.from('b'), mode: 0o644 },
    ]);
    writeFileSync(join(root, 'a.txt'), 'the user’s edit');
    await expect(updating).rejects.toThrow(/^a\.txt in .* changed while it was being updated; nothing was written/);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('the user’s edit');
    expect(readdirSync(root)).toEqual(['a.txt']);
  });

  it('sees a file that appeared meanwhile where a new one goes', async () => {
    const updating = updateFiles(root, [{ path: 'c/new.txt', content: Buffer.from('new'), mode: 0o644 }]);
    mkdirSync(join(root, 'c'));
    writeFileSync(join(root, 'c/new.txt'), 'mine');
    await expect(updating).rejects.toThrow(/changed while it was being updated/);
    expect(readFileSync(join(root, 'c/new.txt'), 'utf8')).toBe('mine');
  });
});
