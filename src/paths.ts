// Where the package's own files are, both from the bundle (dist/index.js and its chunks, all in dist/) and from src/ in tests.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('..', import.meta.url));
export const templatesRoot = join(packageRoot, 'templates');
