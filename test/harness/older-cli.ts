// The CLI as it was released at an earlier version, built from this repository's history, so
// `upgrade` can be proven against the real output of that version. Built once per commit into
// the shared cache (the source comes from `git archive`: the repository is not touched).
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './exec.js';
import { CACHE_DIR, REPO_ROOT } from './paths.js';

/** Releases by version: the tag, and its commit for a clone without tags. */
export const RELEASES = { '0.1.0': { tag: 'v0.1.0', commit: '7332df6' } } as const;

/** The bin of the CLI at `version`, built if it is not in the cache yet. */
export async function olderCli(version: keyof typeof RELEASES): Promise<string> {
  const { tag, commit } = RELEASES[version];
  const dir = join(CACHE_DIR, 'older-cli', version);
  const bin = join(dir, 'bin', 'create-rust-lambda.js');
  if (existsSync(join(dir, 'dist', 'index.js'))) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ref =
    (await run('git', ['-C', REPO_ROOT, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${tag}^{commit}`], { allowFailure: true }))
      .code === 0
      ? tag
      : commit;
  await run('bash', ['-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'archive', REPO_ROOT, ref, dir]);
  // its dependencies are a subset of today's, at the same versions: no install needed
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  await run(process.execPath, [join(dir, 'scripts', 'build.mjs')], { cwd: dir });
  return bin;
}
