// Built-in templates are precompiled at build time (scripts/build.mjs → dist/precompiled.js):
// compiling Handlebars at run time was most of a scaffold's CPU time. A template whose source
// no longer matches the precompiled hash (or any template outside the package) compiles as usual.
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import { packageRoot } from '../paths.js';

type Specs = Record<string, { hash: string; spec: object }>;

let specs: Specs | undefined;

export async function loadPrecompiled(): Promise<void> {
  if (specs) return;
  try {
    specs = ((await import(new URL('./precompiled.js', import.meta.url).href)) as { default: Specs }).default;
  } catch {
    specs = {}; // running from source: compile everything
  }
}

export function sourceHash(source: string): string {
  return createHash('sha1').update(source).digest('hex');
}

/** The precompiled spec for this template file, if it is a built-in one and unchanged. */
export function precompiledSpec(file: string, source: string): object | undefined {
  const key = relative(packageRoot, file).split(sep).join('/');
  const entry = specs?.[key];
  return entry && entry.hash === sourceHash(source) ? entry.spec : undefined;
}
