// Decide whether the target folder may receive the project, before anything is written.

import { existingEntries, findConflicts } from '../disk/inspect-target.js';
import { RunError } from '../errors.js';
import type { Prompter } from '../prompter.js';
import type { RenderedFile } from '../template/render.js';
import { printable } from '../text/printable.js';

export interface TargetInput {
  target: string;
  files: RenderedFile[];
  force: boolean;
  interactive: boolean;
  prompter: () => Promise<Prompter>;
}

const preview = (names: string[]) => printable(names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : ''));

export async function checkTarget({ target, files, force, interactive, prompter }: TargetInput): Promise<void> {
  const entries = await existingEntries(target); // refuses a target that cannot be a project folder
  const where = printable(target);
  if (entries && entries.length > 0 && !force) {
    const allowed =
      interactive &&
      (await (
        await prompter()
      ).confirm({
        message: `${where} is not empty (${preview(entries)}). Add the project to it anyway? Existing files are never overwritten.`,
        initialValue: false,
      }));
    if (!allowed) {
      throw new RunError(
        `${where} is not empty (${preview(entries)}). Choose another directory, or pass --force to add the project beside the existing files.`,
      );
    }
  }
  const conflicts = entries ? await findConflicts(target, files) : [];
  if (conflicts.length > 0) {
    throw new RunError(
      `these paths already exist in ${where} and are in the way of the project (${preview(conflicts)}); nothing was overwritten or written.`,
    );
  }
}
