// Bundle src/ with its dependencies into dist/ (index.js and lazily loaded chunks): the published package has no runtime
// dependencies. Built-in templates are precompiled into dist/precompiled/.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { build, transform } from 'esbuild';
import Handlebars from 'handlebars';

const root = new URL('..', import.meta.url).pathname;
await rm(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: { index: join(root, 'src/index.ts') },
  outdir: join(root, 'dist'),
  // the prompts and the Handlebars compiler load only when a run needs them (see render.ts);
  // chunks stay beside index.js, where paths.ts expects the code to run from
  splitting: true,
  chunkNames: '[name]-[hash]',
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

// Precompiled templates: one module per template folder (templates/base, templates/functions/<id>,
// templates/iac/<id>), mapping the SHA-1 of each source to its spec, with the same options as
// src/template/render.ts (COMPILE_OPTIONS). A flavor's next steps (flavor.json) are sources too.
const folderOf = (key) => key.split('/').slice(0, key.startsWith('base/') ? 1 : 2).join('/');
const sources = new Map(); // folder -> source texts
const add = (folder, source) => sources.set(folder, [...(sources.get(folder) ?? []), source]);
for (const entry of await readdir(join(root, 'templates'), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const file = join(entry.parentPath, entry.name);
  const key = relative(join(root, 'templates'), file).split(sep).join('/');
  if (entry.name.endsWith('.hbs')) add(folderOf(key), await readFile(file, 'utf8'));
  if (entry.name === 'flavor.json') for (const step of JSON.parse(await readFile(file, 'utf8')).nextSteps ?? []) add(folderOf(key), step);
}
let count = 0;
for (const [folder, texts] of sources) {
  const specs = new Map(texts.map((text) => [createHash('sha1').update(text).digest('hex'), Handlebars.precompile(text, { noEscape: true, strict: true })]));
  const body = [...specs].map(([hash, spec]) => `${JSON.stringify(hash)}:${spec}`).join(',\n');
  const out = await transform(`export default {${body}};\n`, { minify: true, format: 'esm', target: 'node20.12' });
  await mkdir(dirname(join(root, 'dist/precompiled', `${folder}.js`)), { recursive: true });
  await writeFile(join(root, 'dist/precompiled', `${folder}.js`), out.code);
  count += specs.size;
}
console.error(`built dist/ and ${count} precompiled templates in ${sources.size} folders`);
