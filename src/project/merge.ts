// The three-way update of a project (copier's method): base = the files the recorded answers
// render to with the recorded version, theirs = what the new answers or version render to,
// ours = the files on disk. A file the user never touched takes the new text; a file both
// changed is merged line by line; a change the user made always survives. What cannot be merged
// is a conflict, reported with its hunks — nothing is written unless the user asks for markers.
import { diff3Merge } from 'node-diff3';
import type { RenderedFile } from '../template/render.js';

export type Action = 'create' | 'update' | 'merge' | 'delete' | 'conflict';

export interface Hunk {
  /** first line of the hunk in the user's file (1-based) */
  line: number;
  ours: string[];
  base: string[];
  theirs: string[];
}

export interface Change {
  path: string;
  action: Action;
  /** the user's file, if there is one */
  ours?: Buffer;
  /** the text to write: the new file, the merge, or (with markers) the conflicted merge; none for delete */
  result?: Buffer;
  /** mode for a new file */
  mode: number;
  /** why a conflict is one: merge hunks, or a sentence for whole-file conflicts */
  hunks?: Hunk[];
  reason?: string;
  /** the user's file was at this path before (a 0.1 project's crate moving into functions/<name>/) */
  movedFrom?: string;
}

export interface MergeLabels {
  ours: string;
  base: string;
  theirs: string;
}

const same = (a: Buffer | undefined, b: Buffer | undefined) => a !== undefined && b !== undefined && a.equals(b);
/** Text we merge line by line; anything with a NUL byte or broken UTF-8 is taken whole. */
const isText = (b: Buffer) => !b.includes(0) && Buffer.from(b.toString('utf8'), 'utf8').equals(b);
const lines = (b: Buffer) => b.toString('utf8').split('\n');

/** Merges one file's three texts; conflicts come back as hunks and as git-style markers. */
export function mergeText(ours: Buffer, base: Buffer, theirs: Buffer, labels: MergeLabels): { text: Buffer; hunks: Hunk[] } {
  const regions = diff3Merge(lines(ours), lines(base), lines(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  const hunks: Hunk[] = [];
  let line = 1;
  for (const region of regions) {
    if (region.ok) {
      out.push(...region.ok);
      line += region.ok.length;
      continue;
    }
    const { a, o, b } = region.conflict as { a: string[]; o: string[]; b: string[] };
    hunks.push({ line, ours: a, base: o, theirs: b });
    out.push(`<<<<<<< ${labels.ours}`, ...a, `||||||| ${labels.base}`, ...o, '=======', ...b, `>>>>>>> ${labels.theirs}`);
    line += a.length;
  }
  return { text: Buffer.from(out.join('\n'), 'utf8'), hunks };
}

/**
 * What to do with each file. `ours(path)` reads the user's file (undefined when it does not exist).
 * Files that base and theirs render alike are left as the user has them, whatever that is.
 */
export function plan3Way(
  base: RenderedFile[],
  theirs: RenderedFile[],
  ours: (path: string) => Buffer | undefined,
  labels: MergeLabels,
): Change[] {
  const baseByPath = new Map(base.map((f) => [f.path, f]));
  const theirsByPath = new Map(theirs.map((f) => [f.path, f]));
  const paths = [...new Set([...baseByPath.keys(), ...theirsByPath.keys()])].sort();
  const changes: Change[] = [];
  for (const path of paths) {
    const b = baseByPath.get(path);
    const t = theirsByPath.get(path);
    if (b && t && same(b.content, t.content)) continue; // the templates did not change it
    const o = ours(path);
    const mode = t?.mode ?? b?.mode ?? 0o644;
    const conflict = (reason: string): Change => ({ path, action: 'conflict', ours: o, result: t?.content, mode, reason });
    if (!t) {
      // the new render has no such file
      if (!o) continue;
      changes.push(
        same(o, b?.content) ? { path, action: 'delete', ours: o, mode } : conflict('you changed a file the new templates no longer have'),
      );
      continue;
    }
    if (!o) {
      changes.push(b ? conflict('you deleted a file the new templates change') : { path, action: 'create', result: t.content, mode });
      continue;
    }
    if (same(o, t.content)) continue; // already what it should be
    if (!b) {
      changes.push(conflict('a file of yours is where the new templates put one'));
      continue;
    }
    if (same(o, b.content)) {
      changes.push({ path, action: 'update', ours: o, result: t.content, mode });
      continue;
    }
    if (!isText(o) || !isText(b.content) || !isText(t.content)) {
      changes.push(conflict('a binary file changed on both sides'));
      continue;
    }
    const merged = mergeText(o, b.content, t.content, labels);
    changes.push(
      merged.hunks.length === 0
        ? { path, action: 'merge', ours: o, result: merged.text, mode }
        : { path, action: 'conflict', ours: o, result: merged.text, mode, hunks: merged.hunks },
    );
  }
  return changes;
}
