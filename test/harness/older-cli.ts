// The CLI as it was released at an earlier version, built from this repository's history, so
// `upgrade` can be proven against the real output of that version. Built once per commit into
// the shared cache (the source comes from `git archive`: the repository is not touched).
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './exec.js';
import { CACHE_DIR, REPO_ROOT } from './paths.js';

/** Releases by version: the tag, and its commit for a clone without tags. */
export const RELEASES = { '0.1.0': { tag: 'v0.1.0', commit: '7332df6' } } as const;

/** The bin of the CLI at `version`, built if it is not in the cache yet. */
export function olderCli(version: keyof typeof RELEASES): Promise<string> {
  let made = building.get(version);
  if (!made) {
    made = build(version);
    building.set(version, made);
  }
  return made;
}

/** One build per version in this process; another process (a test project beside) may build it too. */
const building = new Map<string, Promise<string>>();

/**
 * Built in a folder of its own and renamed into place, so a process that finds the version's folder
 * finds it whole: on a fresh cache several test processes ask for it at once.
 */
async function build(version: keyof typeof RELEASES): Promise<string> {
  const { tag, commit } = RELEASES[version];
  const dir = join(CACHE_DIR, 'older-cli', version);
  const bin = join(dir, 'bin', 'create-rust-lambda.js');
  if (existsSync(join(dir, 'dist', 'index.js'))) return bin;
  mkdirSync(dirname(dir), { recursive: true });
  const scratch = mkdtempSync(`${dir}.building-`);
  try {
    const ref =
      (
        await run('git', ['-C', REPO_ROOT, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${tag}^{commit}`], {
          allowFailure: true,
        })
      ).code === 0
        ? tag
        : commit;
    await run('bash', ['-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'archive', REPO_ROOT, ref, scratch]);
    // its dependencies are a subset of today's, at the same versions: no install needed
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(scratch, 'node_modules'));
    await run(process.execPath, [join(scratch, 'scripts', 'build.mjs')], { cwd: scratch });
    try {
      renameSync(scratch, dir);
    } catch (error) {
      // another process renamed its build into place first, or a folder with no build is in the way
      if (existsSync(join(dir, 'dist', 'index.js'))) return bin;
      if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      rmSync(dir, { recursive: true, force: true });
      renameSync(scratch, dir);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return bin;
}
