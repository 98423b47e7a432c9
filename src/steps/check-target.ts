// Decide whether the target folder may receive the project, before anything is written.
import { RunError } from '../errors.js';
import type { Prompter } from '../prompter.js';
import type { RenderedFile } from '../template/render.js';
import { existingEntries, findConflicts } from './write.js';

export interface TargetInput {
  target: string;
  files: RenderedFile[];
  force: boolean;
  interactive: boolean;
  prompter: () => Promise<Prompter>;
}

const preview = (names: string[]) => names.slice(0, 5).join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');

export async function checkTarget({ target, files, force, interactive, prompter }: TargetInput): Promise<void> {
  const entries = await existingEntries(target);
  if (entries && entries.length > 0 && !force) {
    const allowed =
      interactive &&
      (await (await prompter()).confirm({
        message: `${target} is not empty (${preview(entries)}). Add the project to it anyway? Existing files are never overwritten.`,
        initialValue: false,
      }));
    if (!allowed) {
      throw new RunError(`${target} is not empty (${preview(entries)}). Choose another directory, or pass --force to add the project beside the existing files.`);
    }
  }
  const conflicts = await findConflicts(target, files);
  if (conflicts.length > 0) {
    throw new RunError(
      `these files already exist in ${target} and would be overwritten; nothing was written:\n${conflicts.map((c) => `  ${c}`).join('\n')}`,
    );
  }
}
