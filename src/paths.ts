// Where the package's own files are, both from the bundle (dist/index.js and its chunks, all in dist/) and from src/ in tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const templatesRoot = join(packageRoot, 'templates');

/** This package's version, as package.json says. */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}
