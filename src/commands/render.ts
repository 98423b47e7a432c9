// `create-rust-lambda render --out <dir>`: the project around the current folder, rendered
// fresh from its rust-lambda.toml into a new folder — what the templates give before any edit.
// `upgrade` runs it with the version that made a project to get the base of its merge.
import { resolve } from 'node:path';
import type { Command } from '../args.js';
import { existingEntries } from '../disk/inspect-target.js';
import { writeProject } from '../disk/write.js';
import { RunError } from '../errors.js';
import { optionRow } from '../options.js';
import { detectPackageManager } from '../package-manager.js';
import { findProjectRoot, readProject } from '../project/find-project.js';
import { PROJECT_FILE } from '../project/project-file.js';
import { renderProject } from '../project/render-project.js';
import { printable } from '../text/printable.js';

export const RENDER_USAGE = `usage: create-rust-lambda render --out <dir>
  Renders the project around the current folder (its ${PROJECT_FILE}) into <dir>, a new or empty folder.`;

export const render: Command = {
  name: 'render',
  usage: () => RENDER_USAGE,
  options: [
    { kind: 'flag', flag: 'out', valueName: '<dir>', description: 'a new or empty folder to render into', required: true },
    optionRow('help'),
  ],
  run: async ({ own }, io) => {
    const root = findProjectRoot(io.cwd);
    if (!root) throw new RunError(`no ${PROJECT_FILE} in ${printable(io.cwd)} or a folder above it`);
    const target = resolve(io.cwd, own.out as string);
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
  },
};
