// How an update of a project is shown: a line per file, unified diffs for --dry-run, and the
// conflicts with their hunks.
import { createTwoFilesPatch } from 'diff';
import { printable } from '../text/printable.js';
import type { Change } from './merge.js';

const VERB: Record<Change['action'], string> = {
  create: 'create',
  update: 'update',
  merge: 'merge ',
  delete: 'delete',
  conflict: 'CONFLICT',
};

export function changeLines(changes: Change[]): string[] {
  return changes.map(
    (c) =>
      `  ${c.movedFrom && c.action === 'create' ? 'move  ' : VERB[c.action]} ${c.movedFrom ? `${printable(c.movedFrom)} → ` : ''}${printable(c.path)}${c.reason ? ` (${c.reason})` : ''}`,
  );
}

/** Unified diffs of what the update would write, from the user's file to the result. */
export function unifiedDiffs(changes: Change[]): string {
  return changes
    .map((c) => {
      const before = c.ours?.toString('utf8') ?? '';
      const after = c.action === 'delete' ? '' : (c.result?.toString('utf8') ?? '');
      const from = c.movedFrom ? `a/${c.movedFrom}` : c.ours ? `a/${c.path}` : '/dev/null';
      const to = c.action === 'delete' ? '/dev/null' : `b/${c.path}`;
      const patch = createTwoFilesPatch(from, to, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, '');
      // a file's lines may hold anything: each is made printable, tabs kept
      return patch
        .split('\n')
        .map((line) => line.split('\t').map(printable).join('\t'))
        .join('\n');
    })
    .join('');
}

const MAX_HUNK_LINES = 8;
const excerpt = (lines: string[]) => {
  const shown = lines.slice(0, MAX_HUNK_LINES).map((l) => `      ${printable(l)}`);
  if (lines.length > MAX_HUNK_LINES) shown.push(`      … ${lines.length - MAX_HUNK_LINES} more lines`);
  return shown.length ? shown : ['      (nothing)'];
};

/** Each conflicting file with its hunks: your lines, then the new templates' lines. */
export function conflictReport(changes: Change[]): string[] {
  const out: string[] = [];
  for (const c of changes.filter((x) => x.action === 'conflict')) {
    out.push(`  ${printable(c.path)}: ${c.reason ?? `${c.hunks?.length} conflicting hunk${c.hunks?.length === 1 ? '' : 's'}`}`);
    for (const hunk of c.hunks ?? []) {
      out.push(`    at line ${hunk.line}, yours:`, ...excerpt(hunk.ours), '    the new templates:', ...excerpt(hunk.theirs));
    }
  }
  return out;
}
