// The one way template folders are read (rendering, the size limits, eject). A template may be a
// stranger's, so the walk itself refuses what must never reach a project: links (they could point
// anywhere), devices and pipes, version-control metadata (a `.git/config` or hook runs code at the
// first `git status`), and names with control characters (they repaint the terminal that prints them).
import { type Dirent, lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { RunError } from '../errors.js';
import { hasUnsafe, printable } from '../text/printable.js';

/** `.git`, `.hg`, `.svn`, `.bzr` in any case, also as Windows spells them (`.git.`, `GIT~1`). */
const VCS_NAME = /^(?:\.(?:git|hg|svn|bzr)[. ]*|git~\d+)$/i;

/** Why a path (posix, relative) may not be part of a template or a project; undefined when fine. */
export function pathProblem(path: string): string | undefined {
  for (const part of path.split('/')) {
    if (hasUnsafe(part) || part.includes('\\')) return `the name "${printable(part)}" has a control character or a backslash`;
    if (VCS_NAME.test(part)) return `"${printable(part)}" is version-control metadata, which a template may not contain`;
  }
  return undefined;
}

/**
 * Calls `onFile` for every regular file under `dir`, in name order, with its path relative to
 * `dir` (posix separators). A missing `dir` is an empty folder (a layer may have no files/).
 */
export function walkTemplate(dir: string, onFile: (abs: string, rel: string, stat: Stats) => void, prefix = ''): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  // code-unit order: the same on every machine, and far cheaper than a locale-aware compare
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const abs = join(dir, entry.name);
    const rel = prefix + entry.name;
    const problem = pathProblem(entry.name);
    if (problem) throw new RunError(`${printable(abs)}: ${problem}`);
    if (entry.isSymbolicLink()) throw new RunError(`${printable(abs)}: symbolic links are not allowed in templates`);
    if (entry.isDirectory()) walkTemplate(abs, onFile, `${rel}/`);
    else if (entry.isFile()) onFile(abs, rel, lstatSync(abs));
    else throw new RunError(`${printable(abs)}: only regular files are allowed in templates`);
  }
}
