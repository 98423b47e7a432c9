import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fsFailure } from '../../src/disk/fs-failure.js';
import { existingEntries } from '../../src/disk/inspect-target.js';
import { realOps, type WriteOps, writeProject } from '../../src/disk/write.js';
import { CancelledError, RunError } from '../../src/errors.js';
import { cdPath } from '../../src/format/summary.js';
import { main } from '../../src/index.js';
import { checkTarget } from '../../src/steps/check-target.js';
import type { RenderedFile } from '../../src/template/render.js';
import { printable } from '../../src/text/printable.js';
import { shellQuote } from '../../src/text/shell.js';

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
  const base = {
    files: FILES,
    interactive: false,
    prompter: async () => {
      throw new Error('no prompt');
    },
  };

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

/** The error a call ends with, or undefined. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: Error) => e,
  );

describe('writeProject: OS errors', () => {
  // every cause the table knows: one line naming the target, the path and the cause; nothing left behind
  it.each([
    ['ENOTDIR', /a part of the path is a file/],
    ['ENAMETOOLONG', /a name in the path is too long/],
    ['EACCES', /permission denied/],
    ['EPERM', /operation not permitted/],
    ['ENOSPC', /no space left/],
    ['EROFS', /read-only file system/],
    ['EEXIST', /a file is already there/],
    ['ELOOP', /too many symbolic links/],
    ['EISDIR', /a folder is where a file should be/],
    ['EMFILE', /too many open files/],
    ['EINVAL', /does not accept this name/],
  ])('%s becomes one line naming the path and the cause', async (code, cause) => {
    const target = join(root, 'new');
    const error = await failure(writeProject({ target, files: FILES, ops: failingOps('writeFile', 2, code) }));
    expect(error).toBeInstanceOf(RunError);
    const message = (error as Error).message;
    expect(message).toMatch(cause);
    expect(message).toContain(`cannot write ${target}: `);
    expect(message).toMatch(/\(.*\.create-rust-lambda-staging-[0-9a-f]+\/src\/main\.rs\)\. Nothing was written\.$/);
    expect(message).not.toContain('\n');
    expect(await readdir(root)).toEqual([]);
  });

  it('an unknown code keeps the description Node gives, and a non-OS error its message, on one line', () => {
    const busy = Object.assign(new Error("ETXTBSY: text file is busy, open '/x/y'"), { code: 'ETXTBSY', path: '/x/y' });
    expect(fsFailure(busy, '/x').message).toBe('cannot write /x: text file is busy (/x/y). Nothing was written.');
    expect(fsFailure(new Error('odd\nthing'), '/x').message).toBe('cannot write /x: odd\\x0athing. Nothing was written.');
    const ours = new RunError('mine');
    expect(fsFailure(ours, '/x')).toBe(ours);
  });

  it('reports check-time errors the same way: a file on the path, a link loop, a 300-character name', async () => {
    await writeFile(join(root, 'f'), 'x');
    await symlink('loop', join(root, 'loop'));
    const cases = [
      [join(root, 'f', 'a', 'b'), /cannot write .*\/f\/a\/b: .*\/f is a file, not a folder\. Nothing was written\.$/],
      [join(root, 'loop', 'x'), /too many symbolic links/],
      [join(root, 'x'.repeat(300)), /a name in the path is too long/],
      [join(root, 'f'), /it exists and is not a folder/],
    ] as const;
    for (const [target, message] of cases) {
      const calls = [
        () => existingEntries(target),
        () => writeProject({ target, files: FILES }),
        () => checkTarget({ target, files: FILES, force: true, interactive: false, prompter: async () => ({}) as never }),
      ];
      for (const call of calls) {
        const error = await failure(call());
        expect(error, target).toBeInstanceOf(RunError);
        expect((error as Error).message).toMatch(message);
      }
    }
    expect((await readdir(root)).sort()).toEqual(['f', 'loop']);
  });

  it('refuses a virtual file system at once, without a loop', async () => {
    for (const target of ['/proc/x', '/sys/x/y', '/dev/x', '/proc/self/cwd/x']) {
      const error = await failure(writeProject({ target, files: FILES }));
      expect(error, target).toBeInstanceOf(RunError);
      expect((error as Error).message).toMatch(/file system, a view of the system|system folders/);
    }
  });

  it('never writes through a symbolic link: the target, or a folder of it', async () => {
    const elsewhere = join(root, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(root, 'link'));
    expect((await failure(writeProject({ target: join(root, 'link'), files: FILES })))?.message).toMatch(/is a symbolic link/);
    const target = join(root, 'target');
    await mkdir(target);
    await symlink(elsewhere, join(target, 'src'));
    const base = { files: FILES, interactive: false, prompter: async () => ({}) as never };
    expect((await failure(checkTarget({ ...base, target, force: true })))?.message).toMatch(/already exist in .* \(src\)/);
    expect((await failure(writeProject({ target, files: FILES })))?.message).toMatch(/: src is in the way/);
    expect(await readdir(elsewhere)).toEqual([]);
    expect(await readdir(target)).toEqual(['src']);
  });
});

describe('writeProject: where the target is', () => {
  it('fills an existing empty target without touching its parent (an unwritable parent works)', async () => {
    const target = join(root, 'mine');
    await mkdir(target);
    // every call outside the target fails as it would in a parent the user may not write
    const guard = (path: string) => {
      if (!path.startsWith(`${target}/`)) throw Object.assign(new Error('EACCES: injected'), { code: 'EACCES', path });
    };
    const ops: WriteOps = {
      mkdir: async (p) => (guard(p), realOps.mkdir(p)),
      writeFile: async (p, d, m) => (guard(p), realOps.writeFile(p, d, m)),
      rename: async (f, t) => (guard(f), guard(t), realOps.rename(f, t)),
    };
    await writeProject({ target, files: FILES, ops });
    expect(Object.keys(await snapshot(target)).sort()).toEqual([
      '/Cargo.toml',
      '/events',
      '/events/a.json',
      '/scripts',
      '/scripts/run.sh',
      '/src',
      '/src/main.rs',
    ]);
  });

  it('copies instead when a move crosses file systems (EXDEV), keeping modes', async () => {
    const target = join(root, 'mount');
    await mkdir(target);
    const ops = { ...realOps, rename: async () => Promise.reject(Object.assign(new Error('EXDEV: injected'), { code: 'EXDEV' })) };
    await writeProject({ target, files: FILES, ops });
    expect(await readFile(join(target, 'src/main.rs'), 'utf8')).toBe('src/main.rs');
    expect((await stat(join(target, 'scripts/run.sh'))).mode & 0o777).toBe(0o755);
    expect((await readdir(target)).sort()).toEqual(['Cargo.toml', 'events', 'scripts', 'src']); // no staging left
  });

  it('rolls back the copies too when a later one fails', async () => {
    const target = join(root, 'mount');
    await mkdir(target);
    await writeFile(join(target, 'notes.txt'), 'mine');
    const before = await snapshot(target);
    let copies = 0;
    const ops = {
      ...realOps,
      rename: async () => Promise.reject(Object.assign(new Error('EXDEV: injected'), { code: 'EXDEV' })),
      writeFile: async (p: string, d: Buffer, m: number) => {
        if (!p.includes('.create-rust-lambda-staging-') && ++copies === 3)
          throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC', path: p });
        return realOps.writeFile(p, d, m);
      },
    };
    expect((await failure(writeProject({ target, files: FILES, ops })))?.message).toMatch(/no space left/);
    expect(await snapshot(target)).toEqual(before);
  });

  it('a file that appears in the target while writing is never replaced, and the rest is undone', async () => {
    const target = join(root, 'race');
    await mkdir(join(target, 'src'), { recursive: true });
    const ops = {
      ...realOps,
      writeFile: async (p: string, d: Buffer, m: number) => {
        if (p.endsWith('scripts/run.sh')) await writeFile(join(target, 'src/main.rs'), 'theirs');
        return realOps.writeFile(p, d, m);
      },
    };
    expect((await failure(writeProject({ target, files: FILES, ops })))?.message).toMatch(/: src\/main\.rs is in the way/);
    expect(await snapshot(target)).toEqual({ '/src': '<dir>', '/src/main.rs': 'theirs' });
  });

  it('the real rename never replaces an existing file', async () => {
    await writeFile(join(root, 'a'), 'new');
    await writeFile(join(root, 'b'), 'old');
    expect((await failure(realOps.rename(join(root, 'a'), join(root, 'b')))) as NodeJS.ErrnoException).toMatchObject({ code: 'EEXIST' });
    expect(await readFile(join(root, 'b'), 'utf8')).toBe('old');
  });
});

describe('writeProject: signals', () => {
  // a slow synchronous write: nothing else runs meanwhile, as with the real ops
  const slowOps = (ms: number): WriteOps => ({
    ...realOps,
    writeFile: async (p, d, m) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      return realOps.writeFile(p, d, m);
    },
  });

  it('a signal that arrives during synchronous writing cancels before anything is moved', async () => {
    for (const existing of [false, true]) {
      const target = join(root, `signal-${existing}`);
      if (existing) await mkdir(target);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 5); // the SIGINT handler, waiting for the event loop
      const error = await failure(writeProject({ target, files: FILES, ops: slowOps(20), signal: controller.signal }));
      expect(error).toBeInstanceOf(CancelledError);
      expect(await readdir(root)).toEqual(existing ? [`signal-${existing}`] : []);
      if (existing) expect(await readdir(target)).toEqual([]);
    }
  });

  it('a signal that arrives during the moves still undoes them', async () => {
    const target = join(root, 'moving');
    await mkdir(target);
    await writeFile(join(target, 'notes.txt'), 'mine');
    const controller = new AbortController();
    const ops = { ...realOps, rename: async (f: string, t: string) => (controller.abort(), realOps.rename(f, t)) };
    expect(await failure(writeProject({ target, files: FILES, ops, signal: controller.signal }))).toBeInstanceOf(CancelledError);
    expect(await snapshot(target)).toEqual({ '/notes.txt': 'mine' });
  });
});

describe('printing paths', () => {
  it('printable escapes C0, DEL, C1 and bidi controls, and nothing else', () => {
    expect(printable('a\x1b[2Jb\nc\x7fd\u0085e\u202ef\u2066g')).toBe('a\\x1b[2Jb\\x0ac\\x7fd\\u0085e\\u202ef\\u2066g');
    expect(printable("dossier été/it's $x `y` ✓")).toBe("dossier été/it's $x `y` ✓");
  });

  const dirs = [
    '-',
    '--',
    '-rf',
    'a b',
    "it's",
    '$(touch x)',
    '`id`',
    'new\nline',
    'esc\x1b[2Jx',
    'bidi\u202eabc',
    'c1\u0085x',
    'back\\slash',
    '!bang',
    '=x',
    '~x',
    "a'\\\x01!",
  ];
  it.each(dirs)('cd %j: the printed line is printable and cds into exactly that folder', async (name) => {
    const dir = join(root, name);
    await mkdir(dir);
    const line = `cd ${cdPath(root, dir)}`;
    expect(printable(line)).toBe(line);
    const shell = spawnSync('bash', ['-c', `${line} && pwd`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C', OLDPWD: '/' },
    });
    expect(shell.stdout).toBe(`${dir}\n`);
  });
  it('quotes only when needed', () => {
    expect(shellQuote('my-fn')).toBe('my-fn');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(cdPath('/w', '/w')).toBe('.');
    expect(cdPath('/w', '/elsewhere/x')).toBe('/elsewhere/x');
  });
});

describe('main: how an error is printed', () => {
  const runMain = async (error: unknown, env: NodeJS.ProcessEnv = {}) => {
    const err: string[] = [];
    const code = await main({
      argv: ['x', '--template', 'http'],
      cwd: root,
      env,
      interactive: true,
      out: () => undefined,
      err: (text) => err.push(text),
      // the first question throws, as any step might
      prompter: async () => Promise.reject(error),
      signal: undefined,
    }).catch(() => -1);
    return { code, err: err.join('\n') };
  };

  it('an unexpected error is one escaped line, its stack only with CREATE_RUST_LAMBDA_DEBUG=1', async () => {
    const plain = await runMain(new Error('boom \x1b[2J\nsecond'));
    expect(plain).toEqual({ code: 1, err: 'error: boom \\x1b[2J\\x0asecond' });
    const debug = await runMain(new Error('boom'), { CREATE_RUST_LAMBDA_DEBUG: '1' });
    expect(debug.err).toMatch(/^error: boom\nError: boom\n\s+at /);
  });
  it('our messages keep their lines, with control characters escaped', async () => {
    expect(await runMain(new RunError('one \x1b]0;t\x07\ntwo'))).toEqual({ code: 1, err: 'error: one \\x1b]0;t\\x07\ntwo' });
  });
});
