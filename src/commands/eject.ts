// `create-rust-lambda eject <template-id> <dir>`: copy a built-in template, byte for byte, as the
// starting point of a fork. The copy is written the same safe way as a project.
import { resolve } from 'node:path';
import type { Command } from '../args.js';
import { existingEntries } from '../disk/inspect-target.js';
import { readFolder } from '../disk/read-folder.js';
import { writeProject } from '../disk/write.js';
import { RunError, UsageError } from '../errors.js';
import { cdPath } from '../format/summary.js';
import { optionRow } from '../options.js';
import { builtinCatalog, templateDir } from '../template/catalog.js';
import { printable } from '../text/printable.js';

const templateIds = () => builtinCatalog().templates.map((t) => t.id);

export const eject: Command = {
  name: 'eject',
  usage: () => `usage: create-rust-lambda eject <template-id> <dir>   (template ids: ${templateIds().join(', ')})`,
  options: [
    { kind: 'argument', name: 'template-id', valueName: '<template-id>', description: 'the built-in template to copy', required: true },
    { kind: 'argument', name: 'dir', valueName: '<dir>', description: 'a new or empty folder for the copy', required: true },
    optionRow('help'),
  ],
  run: async ({ own }, io) => {
    const id = own['template-id'] as string;
    const ids = templateIds();
    if (!ids.includes(id)) throw new UsageError(`invalid template "${printable(id)}" for eject. Valid values: ${ids.join(', ')}`);

    const target = resolve(io.cwd, own.dir as string);
    const entries = await existingEntries(target);
    if (entries && entries.length > 0) throw new RunError(`${printable(target)} is not empty; eject into a new folder`);
    const files = readFolder(templateDir(id));
    await writeProject({ target, files, signal: io.signal });
    const where = cdPath(io.cwd, target);
    io.out(
      [
        `Ejected the "${id}" template to ${printable(target)} (${files.length} files).`,
        'Change its files and template.json (docs/TEMPLATES.md explains the format), then generate from it:',
        `  npm create rust-lambda@latest my-fn -- --template ${/^(\/|'|\.\/)/.test(where) ? where : `./${where}`}`,
      ].join('\n'),
    );
    return 0;
  },
};
