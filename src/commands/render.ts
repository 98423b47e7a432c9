// `create-rust-lambda render --out <dir>`: the project around the current folder, rendered
// fresh from its rust-lambda.toml into a new folder — what the templates give before any edit.
// `upgrade` runs it with the version that made a project to get the base of its merge.
import { resolve } from 'node:path';
import { RunError, UsageError } from '../errors.js';
import { printable } from '../format/printable.js';
import type { Io } from '../io.js';
import { detectPackageManager } from '../package-manager.js';
import { findProjectRoot, readProject } from '../project/find-project.js';
import { PROJECT_FILE } from '../project/project-file.js';
import { renderProject } from '../project/render-project.js';
import { existingEntries } from '../steps/inspect-target.js';
import { writeProject } from '../steps/write.js';

export const RENDER_USAGE = `usage: create-rust-lambda render --out <dir>
  Renders the project around the current folder (its ${PROJECT_FILE}) into <dir>, a new or empty folder.`;

export async function render(argv: string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(RENDER_USAGE);
    return 0;
  }
  const [flag, dir, ...extra] = argv;
  if (flag !== '--out' || !dir || dir.startsWith('-') || extra.length) throw new UsageError(RENDER_USAGE.split('\n')[0] as string);
  const root = findProjectRoot(io.cwd);
  if (!root) throw new RunError(`no ${PROJECT_FILE} in ${printable(io.cwd)} or a folder above it`);
  const target = resolve(io.cwd, dir);
  const entries = await existingEntries(target);
  if (entries && entries.length > 0) throw new RunError(`${printable(target)} is not empty; render into a new folder`);
  const project = readProject(root);
  const plan = await renderProject(project, detectPackageManager(io.env.npm_config_user_agent), {
    cwd: root,
    env: io.env,
    interactive: false,
    signal: io.signal,
  });
  await writeProject({ target, files: plan.files, signal: io.signal });
  io.out(`Rendered ${project.name} (${project.functions.length} functions) into ${printable(target)} (${plan.files.length} files).`);
  return 0;
}
