// Built-in templates are precompiled at build time (scripts/build.mjs): one module per template
// folder, dist/precompiled/<folder>.js, mapping the SHA-1 of each source to its spec. Compiling
// Handlebars at run time was most of a scaffold's CPU time, and loading only the folders a run
// uses keeps start-up short. A source without a spec (edited since the build, or from a forked
// template) compiles as usual.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot, templatesRoot } from '../paths.js';

/** Compile options: a missing variable is an error, and nothing is HTML-escaped. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/** The folder a template file belongs to: `base`, `functions/<id>` or `iac/<id>` (paths relative to templates/). */
export function folderOf(rel: string): string {
  return rel
    .split('/')
    .slice(0, rel.startsWith('base/') ? 1 : 2)
    .join('/');
}

/** layer folder -> (SHA-1 of a source -> spec), for the built-in folders loaded so far */
const loaded = new Map<string, Map<string, object>>();

export function sourceHash(source: string): string {
  return createHash('sha1').update(source).digest('hex');
}

/** Where the build writes the specs of a built-in template folder (templates/<folder>). */
export function precompiledModule(folder: string): string {
  return join(packageRoot, 'dist', 'precompiled', `${folder}.js`);
}

/** Loads the precompiled specs of these template folders; folders outside the package have none. */
export async function loadPrecompiled(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    const rel = relative(templatesRoot, dir);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || loaded.has(dir)) continue;
    const file = precompiledModule(folderOf(rel.split(sep).join('/')));
    const specs = new Map<string, object>();
    if (existsSync(file)) {
      const mod = (await import(pathToFileURL(file).href)) as { default: Record<string, object> };
      for (const [hash, spec] of Object.entries(mod.default)) specs.set(hash, spec);
    } // else running from source before a build: compile
    loaded.set(dir, specs);
  }
}

/** The precompiled spec for `source`, read from `file` in a loaded built-in folder, if the build made one. */
export function precompiledSpec(file: string, source: string): object | undefined {
  for (const [dir, specs] of loaded) {
    if (file.startsWith(dir + sep)) return specs.get(sourceHash(source));
  }
  return undefined;
}

/** Built-in manifests validated by the build, by the SHA-1 of their text (an edited one is validated again). */
export function validatedManifestsFile(): string {
  return join(packageRoot, 'dist', 'precompiled', 'manifests.json');
}

let validated: Record<string, unknown> | undefined;

/** The build's validated manifest for this exact text, if there is one. */
export function validatedManifest(text: string): unknown {
  if (!validated) {
    const file = validatedManifestsFile();
    validated = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  }
  return validated[sourceHash(text)];
}
