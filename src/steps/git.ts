// git init + first commit, unless the project is already inside a repository, git is missing,
// or git has no identity to commit with. Never fails the run: it reports what it did.
import type { spawnSync as SpawnSync } from 'node:child_process';

export interface GitResult {
  status: 'committed' | 'initialised' | 'skipped';
  reason?: string;
}

export async function initGit(target: string, message = 'Initial commit from create-rust-lambda'): Promise<GitResult> {
  // loaded only when a run uses git: node:child_process costs start-up time every --no-git run would pay
  const { spawnSync } = (await import('node:child_process')) as { spawnSync: typeof SpawnSync };
  const git = (cwd: string, args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const version = git(target, ['--version']);
  if (version.error || version.status !== 0) return { status: 'skipped', reason: 'git was not found on PATH' };
  if (git(target, ['rev-parse', '--is-inside-work-tree']).status === 0) {
    return { status: 'skipped', reason: 'the folder is already inside a git repository' };
  }
  const init = git(target, ['init', '-q']);
  if (init.status !== 0) return { status: 'skipped', reason: `git init failed: ${init.stderr.trim()}` };
  const name = git(target, ['config', 'user.name']).stdout.trim();
  const email = git(target, ['config', 'user.email']).stdout.trim();
  if (!name || !email) {
    return { status: 'initialised', reason: 'first commit skipped: git has no user.name / user.email configured' };
  }
  const add = git(target, ['add', '-A']);
  const commit = add.status === 0 ? git(target, ['commit', '-q', '--no-verify', '-m', message]) : add;
  if (commit.status !== 0) return { status: 'initialised', reason: `first commit failed: ${(commit.stderr || commit.stdout).trim()}` };
  return { status: 'committed' };
}
