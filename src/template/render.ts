// Render the layers (base, function template, IaC flavor) into an in-memory file list.
// Nothing touches the disk here except reading the templates, so a template error never
// leaves anything behind.
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { RunError } from '../errors.js';
import { helpers } from './helpers.js';
import { loadPrecompiled, precompiledSpec } from './precompiled.js';

export interface Layer {
  /** partials of this layer are registered as `<name>/<file>` */
  name: 'base' | 'function' | 'iac';
  dir: string;
}

export interface RenderedFile {
  /** posix path relative to the project root */
  path: string;
  content: Buffer;
  mode: number;
}

/** Names npm would drop or rename when publishing, stored with a leading underscore. */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore', _npmignore: '.npmignore', _npmrc: '.npmrc' };

export function outputName(fileName: string): string {
  const plain = fileName.endsWith('.hbs') ? fileName.slice(0, -4) : fileName;
  return RENAMED[plain] ?? plain;
}

/** Reject paths that could land outside the project. */
export function assertSafePath(path: string, source: string): void {
  const normal = posix.normalize(path);
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || normal.startsWith('..') || normal.split('/').includes('..')) {
    throw new RunError(`${source}: the path "${path}" would be written outside the project`);
  }
}

async function walk(dir: string, onFile: (abs: string, mode: number) => Promise<void>): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return; // a layer may have no files/ folder
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const abs = join(dir, entry.name);
    const stat = await lstat(abs);
    if (stat.isSymbolicLink()) throw new RunError(`${abs}: symbolic links are not allowed in templates`);
    if (stat.isDirectory()) await walk(abs, onFile);
    else if (stat.isFile()) await onFile(abs, stat.mode & 0o777);
    else throw new RunError(`${abs}: only regular files are allowed in templates`);
  }
}

/** A Handlebars environment with exactly our helpers (templates cannot add any). */
export function newEnvironment(): typeof Handlebars {
  const hbs = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hbs.registerHelper(name, fn);
  return hbs;
}

/** Compile options: a missing variable is an error, and nothing is HTML-escaped. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

function compile(hbs: typeof Handlebars, source: string, file: string): Handlebars.TemplateDelegate {
  try {
    const spec = precompiledSpec(file, source);
    if (spec) return hbs.template(spec as Parameters<typeof hbs.template>[0]);
    return hbs.compile(source, COMPILE_OPTIONS);
  } catch (error) {
    throw new RunError(`template error in ${file}: ${(error as Error).message}`);
  }
}

async function registerPartials(hbs: typeof Handlebars, layer: Layer): Promise<void> {
  const dir = join(layer.dir, 'partials');
  await walk(dir, async (abs) => {
    const name = relative(dir, abs).split(sep).join('/').replace(/\.hbs$/, '');
    const source = await readFile(abs, 'utf8');
    // strict partials: compile them eagerly so a syntax error names its file
    hbs.registerPartial(`${layer.name}/${name}`, compile(hbs, source, abs));
  });
}

export async function renderLayers(layers: Layer[], view: object): Promise<RenderedFile[]> {
  await loadPrecompiled();
  const hbs = newEnvironment();
  for (const layer of layers) await registerPartials(hbs, layer);

  const files = new Map<string, RenderedFile & { source: string }>();
  for (const layer of layers) {
    const root = join(layer.dir, 'files');
    await walk(root, async (abs, mode) => {
      const rel = relative(root, abs).split(sep);
      const fileName = rel.pop() as string;
      const path = [...rel, outputName(fileName)].join('/');
      assertSafePath(path, abs);
      let content: Buffer;
      if (fileName.endsWith('.hbs')) {
        const template = compile(hbs, await readFile(abs, 'utf8'), abs);
        let text: string;
        try {
          text = template(view);
        } catch (error) {
          throw new RunError(`template error in ${abs}: ${(error as Error).message}`);
        }
        if (text.trim() === '') return; // a file that only some combinations need
        content = Buffer.from(text, 'utf8');
      } else {
        content = await readFile(abs);
      }
      const clash = files.get(path) ?? [...files.values()].find((f) => f.path.toLowerCase() === path.toLowerCase());
      if (clash) throw new RunError(`${abs} and ${clash.source} both write ${path}`);
      files.set(path, { path, content, mode, source: abs });
    });
  }
  return [...files.values()]
    .map(({ path, content, mode }) => ({ path, content, mode }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
