// A copy of a folder made of hard links, taken while another process may still be writing in it
// (a Cargo target folder whose other builds run on): an entry that disappears between the listing
// and the link is left out, as it would be had the copy been taken a moment later (`cp -al` fails
// the whole copy on such an entry), and an entry the copy already has is kept, so a later call
// adds what the source gained since.
import { linkSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const GONE = new Set(['ENOENT', 'ENOTDIR', 'EEXIST']);

function tolerant<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (GONE.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

/** Adds to `to` a hard link to every file under `from` it lacks (symbolic links copied as links); returns the files linked. */
export function linkTree(from: string, to: string): number {
  let linked = 0;
  const walk = (src: string, dst: string): void => {
    mkdirSync(dst, { recursive: true });
    for (const entry of tolerant(() => readdirSync(src, { withFileTypes: true })) ?? []) {
      const s = join(src, entry.name);
      const d = join(dst, entry.name);
      if (entry.isDirectory()) walk(s, d);
      else if (entry.isSymbolicLink()) tolerant(() => symlinkSync(readlinkSync(s), d));
      else if (tolerant(() => (linkSync(s, d), true))) linked++;
    }
  };
  walk(from, to);
  return linked;
}
