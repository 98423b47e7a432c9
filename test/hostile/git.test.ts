// Hostile git template sources: every part of `--template <url>[/dir][//dir][#ref]` is untrusted.
// Each case runs the built CLI against a local bare repository (file://) and asserts the exit
// code, the one-line message, that the work folder and the canary are unchanged, that the marker
// a successful injection would create never appears, and that no temporary checkout is left.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../cli/run-cli.js';
import { type Arena, arena, attempt, type Outcome, observe, refusal, refused, TEMPLATES, tempLeftovers } from './harness.js';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@e',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@e',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
};

/** A bare repository at `<at>.git` made from what `fill` puts in a fresh work tree; returns its file:// URL. */
function bareRepo(at: string, fill: (dir: string) => void): string {
  mkdirSync(at, { recursive: true });
  git(at, 'init', '-q');
  fill(at);
  git(at, 'add', '-A');
  git(at, 'commit', '-qm', 'v1');
  git(at, 'tag', 'v1');
  git(at, 'clone', '-q', '--bare', at, `${at}.git`);
  return `file://${at}.git`;
}

const HTTP = join(TEMPLATES, 'functions/http');
let root: string;
let url: string; // file://…/good.git: http/, nested/http/, link -> http, via -> nested, escape -> /etc, README.md
let shim: string; // a `git` that records its calls and can hang on fetch
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'crl-hostile-git-'));
  url = bareRepo(join(root, 'good'), (dir) => {
    cpSync(HTTP, join(dir, 'http'), { recursive: true });
    cpSync(HTTP, join(dir, 'nested', 'http'), { recursive: true });
    symlinkSync('http', join(dir, 'link'));
    symlinkSync('nested', join(dir, 'via'));
    symlinkSync('/etc', join(dir, 'escape'));
    writeFileSync(join(dir, 'README.md'), 'templates\n');
  });
  shim = join(root, 'bin');
  mkdirSync(shim);
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(
    join(shim, 'git'),
    `#!/bin/sh
printf '%s\\n' "$*" >> "$SPY_DIR/calls"
case " $* " in *" fetch "*) if [ -n "$SPY_HANG" ]; then echo $$ > "$SPY_DIR/hanging"; exec sleep 60; fi ;; esac
${realGit} "$@"; rc=$?
for arg in "$@"; do case "$arg" in --work-tree=*) ls -A "\${arg#--work-tree=}" > "$SPY_DIR/tree";; esac; done
exit $rc
`,
  );
  chmodSync(join(shim, 'git'), 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let a: Arena;
afterEach(() => a?.dispose());
const run = (template: string, env: NodeJS.ProcessEnv = {}) => {
  a = arena('git');
  const value = template.replaceAll('MARKER', a.marker).replaceAll('ROOT', a.root);
  // the "=" form: a value that starts with "-" is a value, not a missing one
  return attempt(a, ['out', `--template=${value}`, '--yes', '--no-git'], env);
};
/** A clean refusal: the code, one line that matches, nothing touched. */
const expectRefused = (o: Outcome, code: number, message: RegExp) =>
  expect(refusal(o)).toMatchObject({ ...refused(code, message), lines: 1 });

describe('a ref is never an option, a refspec or anything but a ref name (exit 2, before git runs)', () => {
  it.each([
    ['the known exploit: --upload-pack in the ref', '#--upload-pack=touch MARKER'],
    ['--upload-pack through sh -c', '#--upload-pack=sh -c "touch MARKER"'],
    ['a short option', '#-utouch MARKER'],
    ['--exec', '#--exec=touch MARKER'],
    ['a forced refspec', '#+HEAD:refs/heads/x'],
    ['a refspec with a destination', '#HEAD:refs/heads/evil'],
    ['a glob refspec', '#refs/heads/*'],
    ['a negative refspec', '#^HEAD'],
    ['a range', '#v1..HEAD'],
    ['a reflog expression', '#@{-1}'],
    ['a newline that forges a second message line', '#v1\nfatal: all is well'],
    ['an option after a space', '#v1 --upload-pack=touch MARKER'],
  ])('%s', (_, suffix) => {
    const o = run(`${url}/http${suffix}`);
    expectRefused(
      o,
      2,
      /^error: invalid --template ref ".*": (a ref may not start with "-" or "\+"|not a valid git ref name \(see git check-ref-format\))$/,
    );
  });
});

describe('only https, ssh, git and file transports, and no URL part that ssh or git reads as an option (exit 2)', () => {
  it.each([
    ['ext:: runs a command', 'ext::sh -c touch% MARKER', /"::" \(git transport helper syntax\) is not allowed/],
    ['fd::', 'fd::0/http', /"::" \(git transport helper syntax\)/],
    ['"::" later in a URL', `file://ROOT::/x.git`, /"::"/],
    ['ssh -oProxyCommand as the host', 'ssh://-oProxyCommand=touch%20MARKER/x.git', /may start with "-"/],
    ['ssh -oProxyCommand percent-encoded', 'ssh://%2DoProxyCommand=touch%20MARKER@localhost/x.git', /may start with "-"/],
    ['ssh option as the user of an scp-style address', '-oProxyCommand=touch@localhost:x.git', /may start with "-"/],
    ['ssh option as the host of an scp-style address', 'git@-oProxyCommand=touch:x.git', /may start with "-"/],
    ['--upload-pack as an scp-style path', 'git@localhost:--upload-pack=touch', /may start with "-"/],
    ['plain http', 'http://127.0.0.1:9/x.git', /the transport "http" is not allowed \(allowed: https, ssh, git, file\)/],
    ['a helper scheme', 'git+ssh://localhost/x.git', /the transport "git\+ssh" is not allowed/],
    ['an upper-case scheme git would hand to a helper', 'FILE:///x.git', /the transport "FILE" is not allowed/],
    ['a percent-encoded newline', 'file://ROOT/good%0a.git', /whitespace and control characters/],
    ['a tab', 'file://ROOT/good.git\t', /whitespace and control characters/],
    ['a host in a file:// URL', 'file://-evil/x.git', /a file:\/\/ URL takes no host/],
  ])('%s', (_, template, message) => {
    expectRefused(run(template), 2, message);
  });
  it('a value that is itself an option is no source at all', () => {
    expectRefused(run('--upload-pack=touch MARKER'), 2, /^error: invalid --template "--upload-pack=touch .*PWNED". Valid values: /);
  });
});

describe('the folder stays inside the checkout', () => {
  it.each([
    ['".." after "//"', '//../../canary', /a folder may not have empty, "\." or "\.\." parts/],
    ['".." after ".git/"', '/http/../../../canary', /a folder may not have empty, "\." or "\.\." parts/],
    ['"."', '/./http', /a folder may not have empty, "\." or "\.\." parts/],
    ['an empty part', '//http//files', /a folder may not have empty, "\." or "\.\." parts/],
    ['a control character', '/http\u0001', /control characters/],
    ['backslashes', '/..\\..\\canary', /control characters and "\\" are not allowed/],
  ])('refuses %s as written (exit 2)', (_, suffix, message) => {
    expectRefused(run(`${url}${suffix}#v1`), 2, new RegExp(`^error: invalid --template folder .*${message.source}`));
  });
  it.each([
    ['a folder that is a symbolic link', '/link', /"link" is a symbolic link in the repository; symbolic links are not allowed/],
    ['a symbolic link on the way', '//via/http', /"via" is a symbolic link in the repository/],
    ['a symbolic link out of the repository', '/escape', /"escape" is a symbolic link in the repository/],
  ])('refuses %s in the repository (exit 1)', (_, suffix, message) => {
    expectRefused(run(`${url}${suffix}#v1`), 1, message);
  });
  it.each([
    ['a missing folder', '/missing', /the repository has no folder "missing"$/],
    ['a file, not a folder', '/README.md', /"README\.md" in the repository is not a folder$/],
    [
      'a folder named like an option: only ever a path',
      '/--upload-pack=touch MARKER',
      /the repository has no folder "--upload-pack=touch .*PWNED"$/,
    ],
  ])('refuses %s as bad input (exit 2)', (_, suffix, message) => {
    expectRefused(run(`${url}${suffix}#v1`), 2, message);
  });
});

describe("a failed fetch reports git's own cause, on one line", () => {
  it('a missing ref is bad input (exit 2)', () => {
    expectRefused(
      run(`${url}/http#no-such-tag`),
      2,
      /could not fetch the template from file:\/\/.*good\.git \(folder http\) at no-such-tag: couldn't find remote ref no-such-tag$/,
    );
  });
  it('a missing commit is bad input (exit 2)', () => {
    expectRefused(run(`${url}/http#${'0123456789'.repeat(4)}`), 2, /not our ref 0123456789/);
  });
  it('a missing repository is bad input (exit 2)', () => {
    expectRefused(run('file://ROOT/nope.git//http'), 2, /: '.*\/nope\.git' does not appear to be a git repository$/);
  });
  it('a folder that is no repository (the canary) is bad input, and stays untouched (exit 2)', () => {
    expectRefused(run('file://ROOT/canary'), 2, /canary' does not appear to be a git repository$/);
  });
  it('an unreachable server is exit 1, and a token in the URL is never shown', () => {
    const o = run('https://x-access-token:sekret-token@127.0.0.1:1/acme/t.git');
    expectRefused(o, 1, /could not fetch the template from https:\/\/x-access-token:\*\*\*@127\.0\.0\.1:1\/acme\/t\.git: .*127\.0\.0\.1/);
    expect(o.stderr + o.stdout).not.toContain('sekret');
  });
  it('git missing from PATH is exit 1', () => {
    const empty = mkdtempSync(join(tmpdir(), 'crl-hostile-nopath-'));
    try {
      expectRefused(run(`${url}/http`, { PATH: empty }), 1, /: git was not found on PATH$/);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});

describe('the repository and the user configuration run no code, and leave no metadata', () => {
  /** A global git configuration that would run MARKER-touching code, were it honoured. */
  const hostileConfig = (a: Arena, lines: string) => {
    const file = join(a.root, 'gitconfig');
    writeFileSync(file, lines);
    return { GIT_CONFIG_GLOBAL: file };
  };
  const script = (a: Arena, name: string) => {
    const file = join(a.root, name);
    writeFileSync(file, `#!/bin/sh\ntouch '${a.marker}'\n`);
    chmodSync(file, 0o755);
    return file;
  };

  it('a tree that holds .git/hooks is refused by the checkout (exit 1)', () => {
    const repo = join(root, 'dotgit.git');
    mkdirSync(repo);
    git(repo, 'init', '-q', '--bare');
    const blob = spawnSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: repo,
      input: '#!/bin/sh\ntouch /dev/null\n',
      encoding: 'utf8',
    }).stdout.trim();
    const mktree = (entry: string) => spawnSync('git', ['mktree'], { cwd: repo, input: `${entry}\n`, encoding: 'utf8' }).stdout.trim();
    const tree = mktree(`040000 tree ${mktree(`040000 tree ${mktree(`100755 blob ${blob}\tpost-checkout`)}\thooks`)}\t.git`);
    git(
      repo,
      'update-ref',
      'refs/heads/main',
      spawnSync('git', ['commit-tree', '-m', 'x', tree], {
        cwd: repo,
        env: { ...process.env, ...GIT_ENV },
        encoding: 'utf8',
      }).stdout.trim(),
    );
    git(repo, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    expectRefused(run(`file://${repo}`), 1, /: invalid path '\.git\/hooks\/post-checkout'$/);
  });

  it('hooks and fsmonitor from the configuration do not run', () => {
    a = arena('git-hooks');
    const hooks = join(a.root, 'hooks');
    mkdirSync(hooks);
    script(a, 'hooks/post-checkout');
    const env = hostileConfig(a, `[core]\n\thooksPath = ${hooks}\n\tfsmonitor = ${script(a, 'fsmonitor')}\n`);
    const o = attempt(a, ['out', '--template', `${url}/http#v1`, '--yes', '--no-git', '--dry-run'], env);
    expect(refusal(o)).toMatchObject({ code: 0, wrote: false, canaryTouched: false, marker: false, strayTemp: [] });
  });

  it('a transport helper reached through url.insteadOf in the configuration is refused (exit 1)', () => {
    a = arena('git-insteadof');
    const env = hostileConfig(
      a,
      `[protocol "ext"]\n\tallow = always\n[url "ext::sh -c touch% ${a.marker}% #"]\n\tinsteadOf = file:///rewritten/\n`,
    );
    const o = attempt(a, ['out', '--template', 'file:///rewritten/x.git', '--yes', '--no-git'], env);
    expectRefused(o, 1, /could not fetch the template from file:\/\/\/rewritten\/x\.git: transport 'ext' not allowed$/);
  });

  it('LFS smudge filters from the configuration do not run', () => {
    a = arena('git-lfs');
    const lfs = bareRepo(join(a.root, 'with-lfs'), (dir) => {
      cpSync(HTTP, join(dir, 'http'), { recursive: true });
      writeFileSync(join(dir, '.gitattributes'), '* filter=lfs\n');
    });
    const env = hostileConfig(a, `[filter "lfs"]\n\tsmudge = ${script(a, 'smudge')}\n\trequired = true\n`);
    const o = attempt(a, ['out', '--template', `${lfs}//http`, '--yes', '--no-git', '--dry-run'], env);
    expect(refusal(o)).toMatchObject({ code: 0, wrote: false, canaryTouched: false, marker: false, strayTemp: [] });
  });

  it('every user value follows --end-of-options, and the checked-out tree holds no .git', () => {
    a = arena('git-spy');
    const o = attempt(a, ['out', '--template', `${url}/http#v1`, '--yes', '--no-git', '--dry-run'], {
      PATH: `${shim}:${process.env.PATH}`,
      SPY_DIR: a.root,
    });
    expect(o.code, o.stderr).toBe(0);
    const fetch = readFileSync(join(a.root, 'calls'), 'utf8')
      .split('\n')
      .find((l) => l.includes(' fetch '));
    expect(fetch).toMatch(new RegExp(` --end-of-options ${url} v1$`));
    expect(fetch).toMatch(/-c core\.hooksPath=\/dev\/null -c core\.fsmonitor=false /);
    expect(readFileSync(join(a.root, 'tree'), 'utf8').split('\n').sort()).toEqual([
      '',
      'README.md',
      'escape',
      'http',
      'link',
      'nested',
      'via',
    ]);
    expect(o.strayTemp).toEqual([]);
  });
});

describe('Ctrl-C and SIGTERM during a fetch stop git, remove the checkout and exit 130', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('%s', async (signal) => {
    a = arena(`git-${signal}`);
    const finish = observe(a);
    const child = spawn(process.execPath, [BIN, 'out', '--template', `${url}/http#v1`, '--yes', '--no-git'], {
      cwd: a.cwd,
      env: { ...process.env, PATH: `${shim}:${process.env.PATH}`, SPY_DIR: a.root, SPY_HANG: '1', TMPDIR: a.tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const hanging = join(a.root, 'hanging');
    // the shim creates the file before it writes its pid: wait for the pid, or a signal sent in
    // between leaves the file empty and pid 0 (this very process group) "alive" below
    const pid = () => (existsSync(hanging) ? Number(readFileSync(hanging, 'utf8').trim()) || 0 : 0);
    for (let i = 0; i < 200 && pid() === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(pid(), 'the fetch started').toBeGreaterThan(0);
    expect(tempLeftovers(a).length, 'a checkout exists while git runs').toBeGreaterThan(0);
    child.kill(signal);
    const code = await exited;
    const o = finish({ code, stdout: '', stderr });
    expectRefused(o, 130, /^cancelled$/);
    // the hanging "git" is gone too
    expect(() => process.kill(pid(), 0)).toThrow();
  });
});
