// A folder's files as a rendered file list (eject copies a template; upgrade reads what an
// older version of the CLI rendered). Links and special files are refused by the walk.
import { readFileSync } from 'node:fs';
import type { RenderedFile } from '../template/render.js';
import { walkTemplate } from '../template/walk.js';

export function readFolder(dir: string, skip: (path: string) => boolean = () => false): RenderedFile[] {
  const files: RenderedFile[] = [];
  walkTemplate(dir, (abs, path, stat) => {
    if (!skip(path)) files.push({ path, content: readFileSync(abs), mode: stat.mode & 0o777 });
  });
  return files;
}
