// Fetch a template from git with the user's own git: their credential helpers, SSH keys and
// proxy settings just work, and no git implementation is bundled. A token in the environment
// (GITHUB_TOKEN / GH_TOKEN, GITLAB_TOKEN, BITBUCKET_TOKEN) is sent as an HTTP header through git's
// environment configuration, so it never appears in a command line or an error message.
// The source was checked by parseTemplateSource; git is still called defensively: user values
// only after --end-of-options, only the allowed transports, no hooks, filters or submodules, and
// the repository metadata in a folder beside the checked-out tree, never inside it.
import { spawn } from 'node:child_process';
import { lstat, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { CancelledError, RunError, UsageError } from '../errors.js';
import { printable } from '../text/printable.js';
import { describeSource, GIT_TRANSPORTS, redact, type TemplateSource } from './source.js';

const TOKENS: Record<string, { vars: string[]; user: string }> = {
  'github.com': { vars: ['GITHUB_TOKEN', 'GH_TOKEN'], user: 'x-access-token' },
  'gitlab.com': { vars: ['GITLAB_TOKEN'], user: 'oauth2' },
  'bitbucket.org': { vars: ['BITBUCKET_TOKEN'], user: 'x-token-auth' },
};

export function gitAuthEnv(host: string | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const entry = host ? TOKENS[host] : undefined;
  const token = entry?.vars.map((v) => env[v]).find(Boolean);
  if (!entry || !token) return {};
  const basic = Buffer.from(`${entry.user}:${token}`).toString('base64');
  // appended to any configuration the environment already carries
  const n = Number(env.GIT_CONFIG_COUNT) || 0;
  return {
    GIT_CONFIG_COUNT: String(n + 1),
    [`GIT_CONFIG_KEY_${n}`]: `http.https://${host}/.extraheader`,
    [`GIT_CONFIG_VALUE_${n}`]: `Authorization: Basic ${basic}`,
  };
}

/** For every git call: nothing from the repository or the user's config runs code. */
const SAFE = [
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['submodule.recurse', 'false'],
  ['filter.lfs.smudge', ''],
  ['filter.lfs.process', ''],
  ['filter.lfs.required', 'false'],
  ['advice.detachedHead', 'false'],
].flatMap(([key, value]) => ['-c', `${key}=${value}`]);

/** Variables that would point our git at another repository (set when run from a git hook). */
const REPOSITORY_VARS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_SHALLOW_FILE',
];

/** git's answer when the repository, ref or commit does not exist: bad input (exit 2). */
const MISSING =
  /couldn't find remote ref|does not appear to be a git repository|repository '.*' not found|repository not found|not our ref|no such ref/i;

interface GitResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stderr: string;
  error?: NodeJS.ErrnoException;
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, signal?: AbortSignal): Promise<GitResult> {
  return new Promise((done) => {
    const child = spawn('git', [...SAFE, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let error: NodeJS.ErrnoException | undefined;
    let timedOut = false;
    // our own timer and abort listener, both cleared on 'close' (spawn's `timeout` option keeps
    // the process alive when git is not found); the checkout is removed only once git is gone
    const kill = () => child.kill('SIGTERM');
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    signal?.addEventListener('abort', kill, { once: true });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString();
    });
    child.on('error', (e) => (error = e));
    child.on('close', (code, killed) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', kill);
      done({ code, signal: killed, timedOut, stderr, error });
    });
  });
}

/** git's own cause, on one line: the first `fatal:` / `error:` line, else the last line. */
function gitCause(stderr: string, env: NodeJS.ProcessEnv): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  let cause = (lines.find((l) => /^(fatal|error):/i.test(l)) ?? lines.pop() ?? 'git failed').replace(/^(fatal|error):\s*/i, '');
  for (const name of Object.values(TOKENS).flatMap((t) => t.vars)) {
    const token = env[name];
    if (token) cause = cause.split(token).join('***');
  }
  return redact(cause)
    .replace(/[\p{Cc}\p{Cf}]/gu, '?')
    .slice(0, 300);
}

export interface FetchedTemplate {
  dir: string;
  cleanup: () => Promise<void>;
}

export async function fetchGitTemplate(
  source: Extract<TemplateSource, { kind: 'git' }>,
  opts: { env: NodeJS.ProcessEnv; interactive: boolean; timeoutMs?: number; signal?: AbortSignal },
): Promise<FetchedTemplate> {
  if (opts.signal?.aborted) throw new CancelledError();
  const checkout = await mkdtemp(join(tmpdir(), 'create-rust-lambda-template-'));
  const cleanup = () => rm(checkout, { recursive: true, force: true });
  const gitDir = join(checkout, 'git');
  const tree = join(checkout, 'tree');
  const env: NodeJS.ProcessEnv = {
    ...opts.env,
    ...gitAuthEnv(source.host, opts.env),
    // ext::, fd:: and other helpers are refused whatever the user's configuration says
    GIT_ALLOW_PROTOCOL: GIT_TRANSPORTS.join(':'),
    GIT_LFS_SKIP_SMUDGE: '1',
    // without a terminal, a credential prompt would hang forever
    ...(opts.interactive ? {} : { GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: opts.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes' }),
  };
  for (const name of REPOSITORY_VARS) delete env[name];
  const timeout = opts.timeoutMs ?? 120_000;
  const failed = (why: string) => `could not fetch the template from ${describeSource(source)}: ${why}`;
  try {
    const steps = [
      ['init', '-q', '--bare', gitDir],
      [
        `--git-dir=${gitDir}`,
        'fetch',
        '-q',
        '--depth',
        '1',
        '--no-tags',
        '--no-recurse-submodules',
        '--end-of-options',
        source.url,
        source.ref ?? 'HEAD',
      ],
      [`--git-dir=${gitDir}`, `--work-tree=${tree}`, 'checkout', '-q', '-f', 'FETCH_HEAD'],
    ];
    await mkdir(tree);
    for (const args of steps) {
      const result = await git(args, checkout, env, timeout, opts.signal);
      if (opts.signal?.aborted || result.signal === 'SIGINT') throw new CancelledError();
      if (result.error)
        throw new RunError(
          failed(result.error.code === 'ENOENT' ? 'git was not found on PATH' : `git could not run: ${printable(result.error.message)}`),
        );
      if (result.timedOut) throw new RunError(failed(`git did not finish within ${timeout / 1000} s`));
      if (result.signal) throw new RunError(failed(`git was stopped by ${result.signal}`));
      if (result.code !== 0) {
        const cause = gitCause(result.stderr, opts.env);
        throw new (MISSING.test(cause) ? UsageError : RunError)(failed(cause));
      }
    }
    return { dir: await templateFolder(tree, source), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * The checked-out folder the source names: every part a real folder (no symbolic link on the
 * way), and, to be sure, its real path inside the checkout.
 */
async function templateFolder(tree: string, source: Extract<TemplateSource, { kind: 'git' }>): Promise<string> {
  let dir = tree;
  for (const part of source.subdir?.split('/') ?? []) {
    dir = join(dir, part);
    const found = await lstat(dir).catch(() => undefined);
    const shown = dir.slice(tree.length + 1);
    if (!found) throw new UsageError(`${describeSource(source)}: the repository has no folder "${printable(source.subdir ?? '')}"`);
    if (found.isSymbolicLink())
      throw new RunError(
        `${describeSource(source)}: "${printable(shown)}" is a symbolic link in the repository; symbolic links are not allowed in templates`,
      );
    if (!found.isDirectory()) throw new UsageError(`${describeSource(source)}: "${printable(shown)}" in the repository is not a folder`);
  }
  const [real, root] = await Promise.all([realpath(dir), realpath(tree)]);
  if (real !== root && !real.startsWith(root + sep)) throw new RunError(`${describeSource(source)}: the folder is outside the repository`);
  return dir;
}
