// Bundle src/ with its dependencies into dist/ (index.js and lazily loaded chunks): the published package has no runtime
// dependencies. Built-in templates are precompiled into dist/precompiled/.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build, transform } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
/** Node ES modules, every dependency inside; some bundled CommonJS modules call require() for Node built-ins. */
const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
};
await rm(join(root, 'dist'), { recursive: true, force: true });
await build({
  ...nodeBundle,
  entryPoints: { index: join(root, 'src/index.ts') },
  outdir: join(root, 'dist'),
  // the prompts and the Handlebars compiler load only when a run needs them (see render.ts);
  // chunks stay beside index.js, where paths.ts expects the code to run from
  splitting: true,
  chunkNames: '[name]-[hash]',
  minify: !process.env.CRL_BUILD_READABLE,
  legalComments: 'linked',
});

// Precompiled templates: src/template/precompile.ts (bundled here, then run) writes one module per
// template folder with the same options, hashes and layout that src/template/precompiled.ts reads.
// The same build-time bundle gives the texts of --help and --version (below).
const precompiler = join(root, 'dist', '.precompile.mjs');
await build({
  ...nodeBundle,
  stdin: {
    contents:
      "export * from './src/template/precompile.ts'; import kleur from 'kleur'; import { helpText, version } from './src/format/help.ts';" +
      'export function helpTexts() { kleur.enabled = false; const plain = helpText(); kleur.enabled = true; return { plain, color: helpText(), version: version() }; }',
    resolveDir: root,
    loader: 'ts',
  },
  outfile: precompiler,
});
const { precompileTemplates, validateManifests, loadPatternEngine, helpTexts } = await import(precompiler);
await loadPatternEngine();
let count = 0;
const modules = precompileTemplates(join(root, 'templates'));
for (const { file, code, specs } of modules) {
  const out = await transform(code, { minify: true, format: 'esm', target: 'node22' });
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, out.code);
  count += specs;
}
const manifests = validateManifests(join(root, 'templates'));
await writeFile(manifests.file, manifests.json);
// What `--help` and `--version` print when they are the only argument: the bin answers them from
// these files without loading the CLI (bin/create-rust-lambda.js). helpText() as the CLI runs it,
// with kleur's colours off and on (after the manifests: --help lists the templates).
const help = helpTexts();
await writeFile(join(root, 'dist', 'help.txt'), `${help.plain}\n`);
await writeFile(join(root, 'dist', 'help.color.txt'), `${help.color}\n`);
await writeFile(join(root, 'dist', 'version.txt'), `${help.version}\n`);
await rm(precompiler);

console.error(`built dist/ and ${count} precompiled templates in ${modules.length} folders`);
