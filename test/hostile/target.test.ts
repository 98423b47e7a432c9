// Hostile targets: where the project is asked to go. Every refusal is exit 1 with one escaped line naming the
// path and the cause, and leaves the work folder, the canary and any pre-existing target exactly as they were.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BIN, type runCli } from '../cli/run-cli.js';
import { toolOrSkip } from '../harness/require-tool.js';
import { type Arena, arena, attempt, checksums, type Outcome, refusal, refused } from './harness.js';

const ARGS = ['--yes', '--template', 'http', '--iac', 'sam', '--arch', 'arm64', '--no-git', '--name', 'my-fn'];
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** The built CLI, killed if it hangs (the spin this file guards against would block a plain spawnSync forever). */
function spawnAs(uid?: number): typeof runCli {
  return (args, opts) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, HOME: opts.cwd };
    delete env.FORCE_COLOR;
    const ids = uid === undefined ? {} : { uid, gid: uid };
    const r = spawnSync(uid === undefined ? process.execPath : nodeFor(uid), [BIN, ...args], {
      ...ids,
      cwd: opts.cwd,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
}
const bounded = spawnAs();

/**
 * A Node.js that `uid` may run: this one, or — when it lives where that user cannot go (the
 * toolchains' Node 22 under root's home) — a copy in a folder of its own that everyone may read.
 */
const nodes = new Map<number, string>();
function nodeFor(uid: number): string {
  let node = nodes.get(uid);
  if (!node) {
    node = process.execPath;
    if (spawnSync(node, ['--version'], { uid, gid: uid }).status !== 0) {
      const dir = mkdtempSync(join(tmpdir(), 'crl-node-'));
      chmodSync(dir, 0o755);
      node = join(dir, 'node');
      copyFileSync(process.execPath, node);
      chmodSync(node, 0o755);
    }
    nodes.set(uid, node);
  }
  return node;
}
afterAll(() => {
  for (const node of nodes.values()) if (node !== process.execPath) rmSync(dirname(node), { recursive: true, force: true });
});

const mountWorks =
  isRoot &&
  (() => {
    const probe = mkdtempSync(join(tmpdir(), 'crl-mount-probe-'));
    const ok = spawnSync('mount', ['-t', 'tmpfs', 'tmpfs', probe]).status === 0;
    if (ok) spawnSync('umount', [probe]);
    rmSync(probe, { recursive: true, force: true });
    return ok;
  })();

let a: Arena;
const mounts: string[] = [];
afterEach(() => {
  for (const point of mounts.splice(0).reverse()) spawnSync('umount', [point]);
  a?.dispose();
});
function mount(...args: string[]): void {
  const r = spawnSync('mount', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mount ${args.join(' ')}: ${r.stderr}`);
  mounts.push(args[args.length - 1] as string);
}

/** A clean refusal: exit 1, one line, no raw control character, nothing changed anywhere. */
function expectRefused(o: Outcome, message: RegExp): void {
  expect(refusal(o), o.stderr).toMatchObject({ ...refused(1, message), lines: 1 });
  expect(o.stderr.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
}
const run = (args: string[], runner = bounded) => attempt(a, [...ARGS, ...args], {}, runner);

describe('targets on virtual file systems', () => {
  it.each([
    ['/proc/x', /^error: cannot write \/proc\/x: it is on a proc file system, a view of the system, not storage\. Nothing was written\.$/],
    ['/sys/x', /^error: cannot write \/sys\/x: it is on a sysfs file system/],
    ['/dev/x', /^error: cannot write \/dev\/x: (it is on a devtmpfs file system|\/proc, \/sys and \/dev are system folders)/],
    ['/dev/shm/x', /^error: cannot write \/dev\/shm\/x: \/proc, \/sys and \/dev are system folders, not storage/],
    ['/sys/fs/cgroup/x/y', /^error: cannot write \/sys\/fs\/cgroup\/x\/y: /],
    ['/proc/self/cwd/x', /^error: cannot write \/proc\/self\/cwd\/x: \/proc, \/sys and \/dev are system folders/], // leads back into cwd
  ])('%s fails at once (no spin), exit 1', (target, message) => {
    a = arena('virtual');
    const started = Date.now();
    expectRefused(run(['--', target]), message);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a symlink on the path that leads into /sys', () => {
    a = arena('virtual-link');
    symlinkSync('/sys/kernel', join(a.cwd, 'kernel'));
    expectRefused(run(['--', 'kernel/x']), /^error: cannot write .*\/kernel\/x: it is on a sysfs file system/);
  });
});

describe('paths the OS refuses', () => {
  it.each([
    ['f/x', 'f'],
    ['f/x/y/z', 'f'],
    ['d/e/f/x/y', 'd/e/f'],
  ])('a file where a folder should be: %s', (target, file) => {
    a = arena('enotdir');
    mkdirSync(join(a.cwd, 'd', 'e'), { recursive: true });
    writeFileSync(join(a.cwd, file), 'a file');
    expectRefused(
      run(['--', target]),
      new RegExp(`^error: cannot write ${a.cwd}/${target}: ${a.cwd}/${file} is a file, not a folder\\. Nothing was written\\.$`),
    );
  });

  it('a target that is an existing file', () => {
    a = arena('file');
    writeFileSync(join(a.cwd, 'taken'), 'mine');
    expectRefused(run(['--', 'taken']), /^error: cannot write .*\/taken: it exists and is not a folder\. Nothing was written\.$/);
  });

  it.each([
    ['top', (n: string) => n],
    ['nested', (n: string) => `sub/${n}/x`],
  ])('a 300-character name component (%s)', (_, path) => {
    a = arena('long');
    mkdirSync(join(a.cwd, 'sub'));
    expectRefused(
      run(['--', path('n'.repeat(300))]),
      /^error: cannot write .*n{300}.*: a name in the path is too long\. Nothing was written\.$/,
    );
  });

  it.each([
    ['a self loop, below', ['loop', 'loop'], 'loop/x'],
    ['a two-link loop, as the target', ['b', 'a', 'a', 'b'], 'a'],
  ])('a symlink loop: %s', (_, links, target) => {
    a = arena('loop');
    for (let i = 0; i < links.length; i += 2) symlinkSync(links[i] as string, join(a.cwd, links[i + 1] as string));
    expectRefused(run(['--', target]), /^error: cannot write .*: too many symbolic links \(a link loop\?\)\. Nothing was written\.$/);
  });

  it('a dangling symlink as the target', () => {
    a = arena('dangling');
    symlinkSync(join(a.root, 'nowhere'), join(a.cwd, 'dangling'));
    expectRefused(
      run(['--', 'dangling']),
      /^error: cannot write .*\/dangling: it is a symbolic link; give the folder it points to instead\./,
    );
    expect(existsSync(join(a.root, 'nowhere'))).toBe(false);
  });

  it('a dangling symlink on the path', () => {
    a = arena('dangling-path');
    symlinkSync(join(a.root, 'nowhere'), join(a.cwd, 'dangling'));
    expectRefused(
      run(['--', 'dangling/x']),
      /^error: cannot write .*\/dangling\/x: a folder on the path is missing \(a broken symbolic link\?\)/,
    );
    expect(existsSync(join(a.root, 'nowhere'))).toBe(false);
  });

  // refused, not followed: a link may lead the project into a folder the user did not name
  it('a target that is a symlink to a folder elsewhere (the canary)', () => {
    a = arena('link');
    symlinkSync(a.canary, join(a.cwd, 'link'));
    expectRefused(
      run(['--force', '--', 'link']),
      /^error: cannot write .*\/link: it is a symbolic link; give the folder it points to instead\./,
    );
  });

  it('--force into a folder whose functions/ is a symlink to the canary', () => {
    a = arena('link-inside');
    mkdirSync(join(a.cwd, 'proj'));
    symlinkSync(a.canary, join(a.cwd, 'proj', 'functions'));
    expectRefused(
      run(['--force', '--', 'proj']),
      /^error: these paths already exist in .*\/proj and are in the way of the project \(functions\); nothing was overwritten or written\.$/,
    );
  });
});

describe('names that could repaint the terminal', () => {
  it('escape sequences in a folder name are shown escaped', () => {
    a = arena('escape');
    const name = '\u001b]0;PWNED\u0007\u001b[2J\u001b[31mred';
    writeFileSync(join(a.cwd, name), 'a file');
    const o = run(['--', `${name}/x`]);
    expectRefused(o, /is a file, not a folder/);
    expect(o.stderr).toContain('\\x1b]0;PWNED\\x07\\x1b[2J\\x1b[31mred/x');
  });

  it('a newline and a bidi override in names, in the "not empty" list too', () => {
    a = arena('newline');
    const dir = join(a.cwd, 'new\nline\u202etxt.exe');
    mkdirSync(dir);
    writeFileSync(join(dir, 'x\u001b[1Ay'), 'mine');
    const o = run(['--', 'new\nline\u202etxt.exe']);
    expectRefused(o, /not empty/);
    expect(o.stderr).toContain('new\\x0aline\\u202etxt.exe is not empty (x\\x1b[1Ay)');
  });
});

describe('existing folders are never changed', () => {
  it('a non-empty target without --force', () => {
    a = arena('occupied');
    mkdirSync(join(a.cwd, 'proj'));
    writeFileSync(join(a.cwd, 'proj', 'NOTES.md'), 'mine');
    expectRefused(run(['--', 'proj']), /^error: .*\/proj is not empty \(NOTES\.md\)\. Choose another directory, or pass --force/);
  });

  it('--force with a conflicting file', () => {
    a = arena('conflict');
    mkdirSync(join(a.cwd, 'proj', 'functions', 'my-fn', 'src'), { recursive: true });
    writeFileSync(join(a.cwd, 'proj', 'NOTES.md'), 'mine');
    writeFileSync(join(a.cwd, 'proj', 'functions', 'my-fn', 'src', 'main.rs'), 'fn main() {}');
    expectRefused(
      run(['--force', '--', 'proj']),
      /^error: these paths already exist in .*\/proj and are in the way of the project \(functions\/my-fn\/src\/main\.rs\)/,
    );
  });
});

describe('folder names a shell would misread', () => {
  it.each(['-', '--', '-rf', 'a b', "it's", '$(touch PWNED)', '`touch PWNED`', 'new\nline', 'esc\u001b[2J', 'rtl\u202eabc'])(
    '%j is created, and the printed cd line reaches it',
    (name) => {
      a = arena('shell');
      const o = run(['--json', '--', name]);
      expect(o.code, o.stderr).toBe(0);
      const cd = (JSON.parse(o.stdout) as { nextSteps: string[] }).nextSteps[0] as string;
      expect(cd).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
      const shell = spawnSync('bash', ['-c', `${cd} && pwd`], { cwd: a.cwd, encoding: 'utf8', env: { ...process.env, OLDPWD: a.root } });
      expect(shell.stdout).toBe(`${join(a.cwd, name)}\n`);
      expect(readdirSync(a.cwd)).toEqual([name]); // no staging left, nothing ran
      expect(readdirSync(join(a.cwd, name))).toContain('Cargo.toml');
      expect(o.canaryAfter).toEqual(o.canaryBefore);
      expect(existsSync(a.marker)).toBe(false);
    },
  );
});

// CI runs as root with mount allowed: there these groups run, or fail saying why not
const asRoot = toolOrSkip('root', isRoot, 'not running as root, which switching to user nobody needs');
const mounting = toolOrSkip(
  'mount',
  mountWorks,
  isRoot ? '`mount -t tmpfs` is refused here; it needs CAP_SYS_ADMIN' : 'not running as root, which mount needs',
);

asRoot.describe('permissions, as user nobody', () => {
  const asNobody = spawnAs(NOBODY);
  const setUp = () => {
    a = arena('nobody');
    chmodSync(a.root, 0o755);
    chmodSync(a.cwd, 0o755);
    mkdirSync(join(a.cwd, 'parent'));
    return join(a.cwd, 'parent');
  };

  it('an existing empty target of its own inside a parent it cannot write: works, staging inside', () => {
    const parent = setUp();
    mkdirSync(join(parent, 'mine'));
    chownSync(join(parent, 'mine'), NOBODY, NOBODY);
    chmodSync(parent, 0o555);
    const o = run(['--', 'parent/mine'], asNobody);
    expect(o.code, o.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual(['mine']);
    expect(readdirSync(join(parent, 'mine'))).toEqual(expect.arrayContaining(['Cargo.toml', 'functions', 'template.yaml']));
    expect(readdirSync(join(parent, 'mine')).filter((n) => n.includes('staging'))).toEqual([]);
    expect(o.canaryAfter).toEqual(o.canaryBefore);
  });

  it('a new target in a parent it cannot write', () => {
    const parent = setUp();
    chmodSync(parent, 0o555);
    expectRefused(run(['--', 'parent/new'], asNobody), /^error: cannot write .*\/parent\/new: permission denied\. Nothing was written\.$/);
  });

  it('an existing read-only folder', () => {
    const parent = setUp();
    mkdirSync(join(parent, 'ro'));
    chmodSync(join(parent, 'ro'), 0o555);
    expectRefused(
      run(['--', 'parent/ro'], asNobody),
      /^error: cannot write .*\/parent\/ro: permission denied \(.*\/parent\/ro\/\.create-rust-lambda-staging-[0-9a-f]+\)\. Nothing was written\.$/,
    );
  });
});

mounting.describe('mount points, as root', () => {
  const target = () => {
    a = arena('mount');
    const dir = join(a.root, 'target');
    mkdirSync(dir);
    return dir;
  };

  it('an empty target that is a mount point inside a read-only parent: works', () => {
    a = arena('mount');
    const parent = join(a.root, 'parent');
    mkdirSync(join(parent, 'mine'), { recursive: true });
    mount('--bind', parent, parent);
    spawnSync('mount', ['-o', 'remount,bind,ro', parent]);
    mount('-t', 'tmpfs', 'tmpfs', join(parent, 'mine'));
    const before = checksums(a.cwd);
    const o = run(['--', join(parent, 'mine')]);
    expect(o.code, o.stderr).toBe(0);
    expect(readdirSync(join(parent, 'mine'))).toContain('Cargo.toml');
    expect(readdirSync(join(parent, 'mine')).filter((n) => n.includes('staging'))).toEqual([]);
    expect(checksums(a.cwd)).toEqual(before);
  });

  it('a read-only file system (EROFS)', () => {
    const dir = target();
    mount('-t', 'tmpfs', '-o', 'ro', 'tmpfs', dir);
    expectRefused(run(['--', dir]), /^error: cannot write .*\/target: read-only file system \(.*staging.*\)\. Nothing was written\.$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a full disk (ENOSPC) half-way: nothing is left', () => {
    const dir = target();
    mount('-t', 'tmpfs', '-o', 'size=8k', 'tmpfs', dir);
    expectRefused(run(['--', dir]), /^error: cannot write .*\/target: no space left on the device \(.*\)\. Nothing was written\.$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--force with a folder of the target on another file system (EXDEV): copied', () => {
    const dir = target();
    mkdirSync(join(dir, 'functions'));
    mount('-t', 'tmpfs', 'tmpfs', join(dir, 'functions'));
    const o = run(['--force', '--', dir]);
    expect(o.code, o.stderr).toBe(0);
    expect(readdirSync(join(dir, 'functions', 'my-fn', 'src'))).toContain('main.rs');
    expect(readdirSync(dir).filter((n) => n.includes('staging'))).toEqual([]);
  });
});
