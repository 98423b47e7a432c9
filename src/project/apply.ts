// Applies a re-render to a project: plan the three-way update, then show it (--dry-run), refuse
// it (conflicts, unless markers are asked for) or write it through the safe updater. A file the
// tool reads back (rust-lambda.toml) never gets conflict markers: every later run would stop on it.

import { readProjectFile, updateFiles } from '../disk/update-files.js';
import { RunError } from '../errors.js';
import type { RenderedFile } from '../template/render.js';
import { type Change, type MergeLabels, plan3Way } from './merge.js';
import { PROJECT_FILE } from './project-file.js';
import { changeLines, conflictReport, unifiedDiffs } from './show-changes.js';

/** Files of the project create-rust-lambda parses again on its next run: a conflict in one always stops the run. */
export const READ_BACK: readonly string[] = [PROJECT_FILE];

export interface ApplyInput {
  root: string;
  base: RenderedFile[];
  theirs: RenderedFile[];
  labels: MergeLabels;
  dryRun: boolean;
  conflictMarkers: boolean;
  out: (text: string) => void;
  signal?: AbortSignal;
  /** the user's file for a path of the new layout (default: the file at that path) */
  ours?: (path: string) => Buffer | undefined;
  /** files of the user's that move to a new path (upgrading a 0.1 project): old path → new path */
  moves?: Map<string, string>;
}

export async function applyRender(input: ApplyInput): Promise<Change[]> {
  const { root, dryRun, conflictMarkers, out } = input;
  const ours = input.ours ?? ((path: string) => readProjectFile(root, path));
  const changes = plan3Way(input.base, input.theirs, ours, input.labels);
  // a moved file the merge has nothing to say about moves as it is
  const planned = new Set(changes.map((c) => c.path));
  for (const [from, to] of input.moves ?? []) {
    if (!planned.has(to)) changes.push({ path: to, action: 'create', ours: ours(to), result: ours(to), mode: 0o644, movedFrom: from });
    else Object.assign(changes.find((c) => c.path === to) as Change, { movedFrom: from });
  }
  changes.sort((a, b) => a.path.localeCompare(b.path));
  const conflicts = changes.filter((c) => c.action === 'conflict');
  if (dryRun) {
    out(unifiedDiffs(changes.filter((c) => c.action !== 'conflict' || c.result)));
    out(changeLines(changes).join('\n'));
  }
  const unmarkable = conflicts.filter((c) => READ_BACK.includes(c.path));
  if (unmarkable.length > 0 && conflictMarkers) {
    throw new RunError(
      [
        `${unmarkable.map((c) => c.path).join(', ')} changed both by you and by the templates in ways that do not merge; nothing was written.`,
        'create-rust-lambda reads this file itself, so it never writes conflict markers into it, even with --conflict-markers:',
        ...conflictReport(unmarkable),
        'Resolve it by hand (keep your change and make the one the templates make), then run again.',
      ].join('\n'),
    );
  }
  if (conflicts.length > 0 && !conflictMarkers) {
    throw new RunError(
      [
        `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} changed both by you and by the templates in ways that do not merge; nothing was written:`,
        ...conflictReport(changes),
        unmarkable.length > 0
          ? `Resolve them by hand (${unmarkable.map((c) => c.path).join(', ')} too: create-rust-lambda reads it, so --conflict-markers never marks it).`
          : 'Resolve them by hand, or run again with --conflict-markers to write every change and mark the conflicts in the files (<<<<<<< yours … >>>>>>> templates), as git does.',
      ].join('\n'),
    );
  }
  if (dryRun) return changes;
  // with --conflict-markers a file with a whole-file conflict keeps the user's text (there is nothing to mark)
  const writable = changes.filter((c) => c.action !== 'conflict' || c.hunks);
  await updateFiles(
    root,
    [
      ...writable.map((c) => ({ path: c.path, content: c.action === 'delete' ? undefined : c.result, mode: c.mode })),
      // the old place of a moved file goes once the new one is written
      // (unless a file of the new layout takes its place: the root Cargo.toml)
      ...changes.flatMap((c) => (c.movedFrom && !planned.has(c.movedFrom) ? [{ path: c.movedFrom, content: undefined, mode: 0o644 }] : [])),
    ],
    input.signal,
  );
  return changes;
}
