// The three-way update of a project (copier's method): base = the files the recorded answers
// render to with the recorded version, theirs = what the new answers or version render to,
// ours = the files on disk. A file the user never touched takes the new text; a file both
// changed is merged line by line; a change the user made always survives. What cannot be merged
// is a conflict, reported with its hunks — nothing is written unless the user asks for markers.
// Line endings are not content: a file checked out with CRLF (git's core.autocrlf) is compared
// and merged as LF text, and written back with the endings the user's file had.
import { diff3Merge, diffComm } from 'node-diff3';
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
const CRLF = Buffer.from('\r\n');
/** A text file with a CRLF line ending somewhere: its endings are kept apart from its lines. */
const hasCrlf = (b: Buffer) => b.includes(CRLF) && isText(b);
/** The lines of a text with CRLF read as LF (a lone CR stays part of its line). */
const lines = (b: Buffer) => b.toString('utf8').split(/\r?\n/);

/**
 * `a` and `b` are the same file, or the same text but for line endings when `a` (the user's
 * file) has CRLF endings: a checkout's endings are not a change of the user's.
 */
function sameText(a: Buffer | undefined, b: Buffer | undefined): boolean {
  if (same(a, b)) return true;
  if (a === undefined || b === undefined || !hasCrlf(a) || !isText(b)) return false;
  return lines(a).join('\n') === lines(b).join('\n');
}

/** How the user's file ends its lines: each line's own ending, and the one most lines have (for new lines). */
export interface LineEndings {
  /** the ending after line i ("" after the last) */
  each: string[];
  dominant: '\r\n' | '\n';
}

export function lineEndings(b: Buffer): LineEndings {
  const each: string[] = [...(b.toString('utf8').match(/\r?\n/g) ?? []), ''];
  const crlf = each.filter((e) => e === '\r\n').length;
  return { each, dominant: crlf > each.length - 1 - crlf ? '\r\n' : '\n' };
}

/**
 * `result` (LF lines) written with the user's endings: a line that is one of the user's (matched
 * in order, as a diff does) keeps the ending it had, any other line takes the dominant one.
 */
export function withEndings(result: string[], ours: string[], endings: LineEndings): Buffer {
  const out: string[] = [];
  let i = 0; // position in ours
  for (const part of diffComm(ours, result)) {
    if ('common' in part && part.common) {
      for (const line of part.common) {
        out.push(line, endings.each[i] || endings.dominant);
        i++;
      }
    } else {
      const { buffer1 = [], buffer2 = [] } = part as { buffer1?: string[]; buffer2?: string[] };
      i += buffer1.length;
      for (const line of buffer2) out.push(line, endings.dominant);
    }
  }
  out.pop(); // the last line has no ending: a file that ends with one has an empty last line
  return Buffer.from(out.join(''), 'utf8');
}

/** `text` in the endings of the user's file `ours`; unchanged when `ours` has no CRLF. */
function inEndingsOf(ours: Buffer, text: Buffer): Buffer {
  if (!hasCrlf(ours) || !isText(text)) return text;
  return withEndings(lines(text), lines(ours), lineEndings(ours));
}

/**
 * Merges one file's three texts; conflicts come back as hunks and as git-style markers. The merge
 * runs on LF lines; the result has the endings of the user's file when it has CRLF ones.
 */
export function mergeText(ours: Buffer, base: Buffer, theirs: Buffer, labels: MergeLabels): { text: Buffer; hunks: Hunk[] } {
  const oursLines = lines(ours);
  const regions = diff3Merge(oursLines, lines(base), lines(theirs), { excludeFalseConflicts: true });
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
  const text = hasCrlf(ours) ? withEndings(out, oursLines, lineEndings(ours)) : Buffer.from(out.join('\n'), 'utf8');
  return { text, hunks };
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
        sameText(o, b?.content)
          ? { path, action: 'delete', ours: o, mode }
          : conflict('you changed a file the new templates no longer have'),
      );
      continue;
    }
    if (!o) {
      changes.push(b ? conflict('you deleted a file the new templates change') : { path, action: 'create', result: t.content, mode });
      continue;
    }
    if (sameText(o, t.content)) continue; // already what it should be (line endings aside)
    if (!b) {
      changes.push(conflict('a file of yours is where the new templates put one'));
      continue;
    }
    if (sameText(o, b.content)) {
      changes.push({ path, action: 'update', ours: o, result: inEndingsOf(o, t.content), mode });
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
