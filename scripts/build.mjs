// Bundle src/ with its dependencies into dist/index.js: the published package has no runtime
// dependencies. Built-in templates are precompiled into dist/precompiled.js.
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { build, transform } from 'esbuild';
import Handlebars from 'handlebars';

const root = new URL('..', import.meta.url).pathname;
await rm(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src/index.ts')],
  outfile: join(root, 'dist/index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.12',
  minify: true,
  legalComments: 'linked',
  // some bundled CommonJS modules call require() for Node built-ins
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

// Same options as src/template/render.ts (COMPILE_OPTIONS).
const entries = [];
for (const entry of await readdir(join(root, 'templates'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
  const file = join(entry.parentPath, entry.name);
  const source = await readFile(file, 'utf8');
  const key = relative(root, file).split(sep).join('/');
  const hash = createHash('sha1').update(source).digest('hex');
  const spec = Handlebars.precompile(source, { noEscape: true, strict: true });
  entries.push(`${JSON.stringify(key)}:{hash:${JSON.stringify(hash)},spec:${spec}}`);
}
const precompiled = await transform(`export default {${entries.join(',\n')}};\n`, { minify: true, format: 'esm', target: 'node20.12' });
await writeFile(join(root, 'dist/precompiled.js'), precompiled.code);
console.error(`built dist/index.js and ${entries.length} precompiled templates`);
