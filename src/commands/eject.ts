// `create-rust-lambda eject <template-id> <dir>`: copy a built-in template, byte for byte, as the
// starting point of a fork. The copy is written the same safe way as a project.
import { resolve } from 'node:path';
import { RunError, UsageError } from '../errors.js';
import { printable } from '../format/printable.js';
import { cdPath } from '../format/summary.js';
import type { Io } from '../io.js';
import { existingEntries } from '../steps/inspect-target.js';
import { readFolder } from '../steps/read-folder.js';
import { writeProject } from '../steps/write.js';
import { builtinCatalog, templateDir } from '../template/catalog.js';

export async function eject(argv: string[], io: Io): Promise<number> {
  const ids = builtinCatalog().templates.map((t) => t.id);
  const usage = `usage: create-rust-lambda eject <template-id> <dir>   (template ids: ${ids.join(', ')})`;
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage);
    return 0;
  }
  const unknown = argv.find((a) => a.startsWith('-'));
  if (unknown) throw new UsageError(`unknown option "${unknown}" for eject. ${usage}`);
  const [id, dir, ...extra] = argv;
  if (!id || !dir || extra.length) throw new UsageError(usage);
  if (!ids.includes(id)) throw new UsageError(`invalid template "${id}" for eject. Valid values: ${ids.join(', ')}`);

  const target = resolve(io.cwd, dir);
  const entries = await existingEntries(target);
  if (entries && entries.length > 0) throw new RunError(`${printable(target)} is not empty; eject into a new folder`);
  const files = readFolder(templateDir(id));
  await writeProject({ target, files, signal: io.signal });
  const where = cdPath(io.cwd, target);
  io.out(
    [
      `Ejected the "${id}" template to ${target} (${files.length} files).`,
      'Change its files and template.json (docs/TEMPLATES.md explains the format), then generate from it:',
      `  npm create rust-lambda@latest my-fn -- --template ${where.startsWith('/') || where.startsWith("'") ? where : `./${where}`}`,
    ].join('\n'),
  );
  return 0;
}
