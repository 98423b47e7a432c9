// Fetch a template from git with the user's own git: their credential helpers, SSH keys and
// proxy settings just work, and no git implementation is bundled. A token in the environment
// (GITHUB_TOKEN / GH_TOKEN, GITLAB_TOKEN, BITBUCKET_TOKEN) is sent as an HTTP header through git's
// environment configuration, so it never appears in a command line or an error message.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { RunError } from '../errors.js';
import { describeSource, type TemplateSource } from './source.js';

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
  return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `http.https://${host}/.extraheader`, GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` };
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => done({ code: -1, stderr: error.message }));
    child.on('close', (code) => done({ code, stderr }));
  });
}

export interface FetchedTemplate {
  dir: string;
  cleanup: () => Promise<void>;
}

export async function fetchGitTemplate(
  source: Extract<TemplateSource, { kind: 'git' }>,
  opts: { env: NodeJS.ProcessEnv; interactive: boolean; timeoutMs?: number },
): Promise<FetchedTemplate> {
  const checkout = await mkdtemp(join(tmpdir(), 'create-rust-lambda-template-'));
  const cleanup = () => rm(checkout, { recursive: true, force: true });
  const env = {
    ...opts.env,
    ...gitAuthEnv(source.host, opts.env),
    // without a terminal, a credential prompt would hang forever
    ...(opts.interactive ? {} : { GIT_TERMINAL_PROMPT: '0', GIT_SSH_COMMAND: opts.env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes' }),
  };
  const timeout = opts.timeoutMs ?? 120_000;
  try {
    const steps = [
      ['init', '-q'],
      ['fetch', '-q', '--depth', '1', source.url, source.ref ?? 'HEAD'],
      ['-c', 'advice.detachedHead=false', 'checkout', '-q', 'FETCH_HEAD'],
    ];
    for (const args of steps) {
      const result = await git(args, checkout, env, timeout);
      if (result.code !== 0) {
        const why = result.code === -1 ? 'git was not found on PATH' : result.stderr.trim().split('\n').filter(Boolean).pop() ?? `git ${args[0]} failed`;
        throw new RunError(`could not fetch the template from ${describeSource(source)}: ${why}`);
      }
    }
    const dir = resolve(checkout, source.subdir ?? '.');
    if (relative(checkout, dir).startsWith('..')) throw new RunError(`template folder "${source.subdir}" is outside the repository`);
    const found = await stat(dir).catch(() => undefined);
    if (!found?.isDirectory()) throw new RunError(`${describeSource(source)}: the repository has no folder "${source.subdir}"`);
    return { dir, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
