// The project a command runs in: the nearest folder at or above the working directory with a
// rust-lambda.toml, the way cargo finds its Cargo.toml.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { RunError } from '../errors.js';
import type { Project } from '../project-model.js';
import { printable } from '../text/printable.js';
import { MAX_PROJECT_FILE_BYTES, PROJECT_FILE, parseProject } from './project-file.js';

export interface FoundProject {
  root: string;
  project: Project;
}

export function findProjectRoot(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, PROJECT_FILE))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function readProject(root: string): Project {
  const file = join(root, PROJECT_FILE);
  const stat = statSync(file);
  if (!stat.isFile()) throw new RunError(`${printable(file)} is not a file`);
  if (stat.size > MAX_PROJECT_FILE_BYTES)
    throw new RunError(`${printable(file)}: larger than ${MAX_PROJECT_FILE_BYTES} bytes; not a project file`);
  return parseProject(readFileSync(file, 'utf8'), printable(file));
}
