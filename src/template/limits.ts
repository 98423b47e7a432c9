// A template is untrusted input: bounded in size, regular files only.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RunError } from '../errors.js';

export const LIMITS = { files: 500, fileBytes: 1024 * 1024, totalBytes: 5 * 1024 * 1024 };

export async function checkTemplateFolder(dir: string, limits = LIMITS): Promise<void> {
  let files = 0;
  let total = 0;
  const visit = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const abs = join(folder, entry.name);
      const stat = await lstat(abs);
      if (stat.isSymbolicLink()) throw new RunError(`${abs}: symbolic links are not allowed in templates`);
      if (stat.isDirectory()) {
        await visit(abs);
        continue;
      }
      if (!stat.isFile()) throw new RunError(`${abs}: only regular files are allowed in templates`);
      if (stat.size > limits.fileBytes) {
        throw new RunError(`${abs} is ${(stat.size / 1024 / 1024).toFixed(1)} MiB; a template file may be at most ${limits.fileBytes / 1024 / 1024} MiB`);
      }
      files += 1;
      total += stat.size;
      if (files > limits.files) throw new RunError(`${dir} has more than ${limits.files} files; a template may have at most ${limits.files}`);
      if (total > limits.totalBytes) throw new RunError(`${dir} is larger than ${limits.totalBytes / 1024 / 1024} MiB; a template may be at most that`);
    }
  };
  await visit(dir);
}
