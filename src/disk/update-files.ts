// Safe updating of an existing project (add, upgrade): every new text is staged first in a hidden
// folder inside the project; then each file is swapped in, the old one kept aside until the end.
// On any failure or abort every file goes back as it was. A path whose folders are not plain
// folders of the project (a symbolic link, a file) is refused before anything is written.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CancelledError, RunError } from '../errors.js';
import { printable } from '../text/printable.js';
import { errorCode, fsFailure } from './fs-failure.js';
import { assertLockHeld } from './project-lock.js';

export interface FileUpdate {
  path: string;
  /** undefined: delete the file */
  content?: Buffer;
  /** for a new file; an existing file keeps its own mode */
  mode: number;
}

/** The user's file at `path` in the project, or undefined; refuses a link or a non-file anywhere on the way. */
export function readProjectFile(target: string, path: string): Buffer | undefined {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(join(target, ...parts.slice(0, i)));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw fsFailure(error, target);
    }
    const last = i === parts.length;
    if (stat.isSymbolicLink() || (last ? !stat.isFile() : !stat.isDirectory()))
      throw new RunError(
        `${printable(parts.slice(0, i).join('/'))} in ${printable(target)} is ${stat.isSymbolicLink() ? 'a symbolic link' : last ? 'not a regular file' : 'not a folder'}; the project is not changed through it. Nothing was written.`,
      );
  }
  return fs.readFileSync(join(target, path));
}

function removeEmptyParents(target: string, dir: string): void {
  for (let d = dir; d.startsWith(`${target}/`) && fs.existsSync(d) && fs.readdirSync(d).length === 0; d = dirname(d)) fs.rmdirSync(d);
}

export async function updateFiles(target: string, updates: FileUpdate[], signal?: AbortSignal): Promise<void> {
  target = resolve(target);
  const staging = join(target, `.create-rust-lambda-staging-${randomBytes(4).toString('hex')}`);
  const done: { dest: string; kept?: string }[] = [];
  const madeDirs: string[] = [];
  const ensureDir = (dir: string) => {
    const missing: string[] = [];
    for (let d = dir; !fs.existsSync(d); d = dirname(d)) missing.unshift(d);
    for (const d of missing) {
      fs.mkdirSync(d);
      madeDirs.push(d);
    }
  };
  try {
    // every path checked before anything is written; what is there now is what the plan was made from
    const seen = updates.map((update) => readProjectFile(target, update.path));
    fs.mkdirSync(staging);
    updates.forEach((update, i) => {
      if (update.content) fs.writeFileSync(join(staging, `new-${i}`), update.content, { mode: update.mode });
    });
    fs.mkdirSync(join(staging, 'kept'));
    await new Promise((turn) => setImmediate(turn));
    if (signal?.aborted) throw new CancelledError();
    assertLockHeld(target);
    // the files are read again right before the swap: a change made meanwhile is never overwritten
    updates.forEach((update, i) => {
      const now = readProjectFile(target, update.path);
      if (now === undefined ? seen[i] !== undefined : seen[i] === undefined || !now.equals(seen[i]))
        throw new RunError(
          `${printable(update.path)} in ${printable(target)} changed while it was being updated; nothing was written. Run the command again.`,
        );
    });
    updates.forEach((update, i) => {
      const dest = join(target, update.path);
      const kept = fs.existsSync(dest) ? join(staging, 'kept', String(i)) : undefined;
      if (kept) {
        if (update.content) fs.chmodSync(join(staging, `new-${i}`), fs.statSync(dest).mode & 0o777);
        fs.renameSync(dest, kept);
      }
      done.push({ dest, kept });
      if (update.content) {
        ensureDir(dirname(dest));
        fs.renameSync(join(staging, `new-${i}`), dest);
      }
    });
    // a folder a delete emptied goes too (a 0.1 project's src/ after its crate moved)
    for (const update of updates.filter((u) => !u.content)) removeEmptyParents(target, dirname(join(target, update.path)));
    // the kept files go last: until here, a failure can still put every file back
    fs.rmSync(staging, { recursive: true, force: true });
  } catch (error) {
    // put everything back, newest first; a failing step of the rollback must not hide the cause
    let restored = true;
    for (const { dest, kept } of done.reverse()) {
      try {
        fs.rmSync(dest, { force: true });
        if (kept) {
          fs.mkdirSync(dirname(dest), { recursive: true }); // its folder may have been emptied and removed
          fs.renameSync(kept, dest);
        }
      } catch {
        if (kept) restored = false; // without a kept original, nothing of the user's is missing
      }
    }
    for (const dir of madeDirs.reverse()) {
      try {
        fs.rmdirSync(dir); // only if empty: never anything but what this run made
      } catch {
        // left as is
      }
    }
    // the user's old files stay in the staging folder until they are all back in place
    if (!restored)
      throw new RunError(
        `cannot update ${printable(target)}, and not every file could be put back: the originals are in ${printable(staging)}/kept`,
      );
    fs.rmSync(staging, { recursive: true, force: true });
    throw fsFailure(error, target);
  }
}
