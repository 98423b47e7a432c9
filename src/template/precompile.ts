// Build time only (scripts/build.mjs bundles and runs this): precompile every built-in template
// source into one module per template folder, with exactly the options, hashes and layout that
// precompiled.ts reads back at run time.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { readBuiltinManifests } from './catalog.js';
import { COMPILE_OPTIONS, folderOf, precompiledModule, sourceHash, validatedManifestsFile } from './precompiled.js';
import { walkTemplate } from './walk.js';

/** A built-in template may declare variables with a `pattern`: validating it needs the RE2 engine. */
export { loadPatternEngine } from './pattern.js';

export interface PrecompiledModule {
  /** where precompiled.ts looks for it */
  file: string;
  /** an ES module whose default export maps source hashes to specs */
  code: string;
  specs: number;
}

/** The sources of each built-in folder: every .hbs file and every flavor's next steps. */
function sourcesByFolder(templatesRoot: string): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  const add = (folder: string, source: string) => sources.set(folder, [...(sources.get(folder) ?? []), source]);
  walkTemplate(templatesRoot, (abs, rel) => {
    if (rel.endsWith('.hbs')) add(folderOf(rel), readFileSync(abs, 'utf8'));
    if (rel.endsWith('/flavor.json')) for (const step of JSON.parse(readFileSync(abs, 'utf8')).nextSteps ?? []) add(folderOf(rel), step);
  });
  return sources;
}

export function precompileTemplates(templatesRoot: string): PrecompiledModule[] {
  return [...sourcesByFolder(templatesRoot)].map(([folder, texts]) => {
    const specs = new Map(texts.map((text) => [sourceHash(text), Handlebars.precompile(text, COMPILE_OPTIONS)]));
    const body = [...specs].map(([hash, spec]) => `${JSON.stringify(hash)}:${spec}`).join(',\n');
    return { file: precompiledModule(folder), code: `export default {${body}};\n`, specs: specs.size };
  });
}

/** Every built-in manifest, validated now (a broken one fails the build), keyed by its text's hash. */
export function validateManifests(templatesRoot: string): { file: string; json: string } {
  const { flavors, templates } = readBuiltinManifests(templatesRoot, false);
  const entries = [...flavors, ...templates].map(({ text, manifest }) => [sourceHash(text), manifest]);
  return { file: validatedManifestsFile(), json: JSON.stringify(Object.fromEntries(entries)) };
}
