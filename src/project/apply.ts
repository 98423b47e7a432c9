// Applies a re-render to a project: plan the three-way update, then show it (--dry-run), refuse
// it (conflicts, unless markers are asked for) or write it through the safe updater.
import { RunError } from '../errors.js';
import { changeLines, conflictReport, unifiedDiffs } from '../format/changes.js';
import { readProjectFile, updateFiles } from '../steps/update-files.js';
import type { RenderedFile } from '../template/render.js';
import { type Change, type MergeLabels, plan3Way } from './merge.js';

export interface ApplyInput {
  root: string;
  base: RenderedFile[];
  theirs: RenderedFile[];
  labels: MergeLabels;
  dryRun: boolean;
  conflictMarkers: boolean;
  out: (text: string) => void;
  signal?: AbortSignal;
}

export async function applyRender(input: ApplyInput): Promise<Change[]> {
  const { root, dryRun, conflictMarkers, out } = input;
  const changes = plan3Way(input.base, input.theirs, (path) => readProjectFile(root, path), input.labels);
  const conflicts = changes.filter((c) => c.action === 'conflict');
  if (dryRun) {
    out(unifiedDiffs(changes.filter((c) => c.action !== 'conflict' || c.result)));
    out(changeLines(changes).join('\n'));
  }
  if (conflicts.length > 0 && !conflictMarkers) {
    throw new RunError(
      [
        `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} changed both by you and by the templates in ways that do not merge; nothing was written:`,
        ...conflictReport(changes),
        'Resolve them by hand, or run again with --conflict-markers to write every change and mark the conflicts in the files (<<<<<<< yours … >>>>>>> templates), as git does.',
      ].join('\n'),
    );
  }
  if (dryRun) return changes;
  // with --conflict-markers a file with a whole-file conflict keeps the user's text (there is nothing to mark)
  const writable = changes.filter((c) => c.action !== 'conflict' || c.hunks);
  await updateFiles(
    root,
    writable.map((c) => ({ path: c.path, content: c.action === 'delete' ? undefined : c.result, mode: c.mode })),
    input.signal,
  );
  return changes;
}
