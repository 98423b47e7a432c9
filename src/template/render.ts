// Render the layers (base, function template, IaC flavor) into an in-memory file list.
// Nothing touches the disk here except reading the templates, so a template error never
// leaves anything behind.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type Handlebars from 'handlebars';
import { RunError } from '../errors.js';
import { helpers } from './helpers.js';
import { RenderBudget } from './limits.js';
import { COMPILE_OPTIONS, loadPrecompiled, precompiledSpec } from './precompiled.js';
import { pathProblem, walkTemplate } from './walk.js';

export interface Layer {
  /** partials of this layer are registered as `<name>/<file>` */
  name: 'base' | 'function' | 'iac';
  dir: string;
  /** render its files/ (default); false: only its partials are used */
  files?: boolean;
  /** render its sections/: texts that other files include, e.g. a function's part of the README */
  sections?: boolean;
}

export interface Rendered {
  files: RenderedFile[];
  /** sections/<name>.hbs → its text */
  sections: Record<string, string>;
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

/** Reject paths that could land outside the project, or that are version-control metadata. */
export function assertSafePath(path: string, source: string): void {
  const normal = posix.normalize(path);
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || normal.startsWith('..') || normal.split('/').includes('..')) {
    throw new RunError(`${source}: the path "${path}" would be written outside the project`);
  }
  const problem = pathProblem(path);
  if (problem) throw new RunError(`${source}: ${problem}`);
}

type Environment = typeof Handlebars;

/** A template source, the file it was read from (named in errors) and its precompiled spec, if any. */
export interface TemplateText {
  file: string;
  source: string;
  spec: object | undefined;
}

/** Looks the spec up once, when the source is read. */
export function templateText(file: string, source: string): TemplateText {
  return { file, source, spec: precompiledSpec(file, source) };
}

/**
 * A Handlebars environment with exactly our helpers (templates cannot add any). The compiler is
 * loaded only when one of `templates` has no precompiled spec: built-in templates need the runtime alone.
 */
export async function newEnvironment(templates: TemplateText[]): Promise<Environment> {
  const needsCompiler = templates.some((template) => !template.spec);
  // the runtime build is the same environment without compile()
  const handlebars = needsCompiler
    ? (await import('handlebars')).default
    : ((await import('handlebars/runtime.js')).default as unknown as Environment);
  const hbs = handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) hbs.registerHelper(name, fn);
  return hbs;
}

/** The template for `source`: its precompiled spec when there is one, else compiled now. */
export function compileTemplate(hbs: Environment, { file, source, spec }: TemplateText): Handlebars.TemplateDelegate {
  try {
    if (spec) return hbs.template(spec as Parameters<typeof hbs.template>[0]);
    return hbs.compile(source, COMPILE_OPTIONS);
  } catch (error) {
    throw new RunError(`template error in ${file}: ${(error as Error).message}`);
  }
}

interface PartialSource extends TemplateText {
  name: string;
}
interface Entry {
  /** the output path, or the section's name */
  path: string;
  section: boolean;
  file: string;
  mode: number;
  /** a .hbs file's template, or the bytes of a file copied verbatim */
  content: TemplateText | Buffer;
}

/** Reads every partial and file of the layers, before anything is compiled. */
function readLayers(layers: Layer[]): { partials: PartialSource[]; entries: Entry[] } {
  const partials: PartialSource[] = [];
  const entries: Entry[] = [];
  for (const layer of layers) {
    // partials/<name>.hbs is `<layer>/<name>`; resources/<kind>/<part>.hbs is `<layer>/resources/<kind>/<part>`
    for (const [folder, prefix] of [
      ['partials', ''],
      ['resources', 'resources/'],
    ] as const) {
      walkTemplate(join(layer.dir, folder), (file, rel) => {
        partials.push({ name: `${layer.name}/${prefix}${rel.replace(/\.hbs$/, '')}`, ...templateText(file, readFileSync(file, 'utf8')) });
      });
    }
    const outputs = [layer.files !== false && 'files', layer.sections === true && 'sections'].filter((f) => f !== false);
    for (const folder of outputs) {
      walkTemplate(join(layer.dir, folder), (file, rel, stat) => {
        const dirs = rel.split('/');
        const fileName = dirs.pop() as string;
        const path = [...dirs, outputName(fileName)].join('/');
        assertSafePath(path, file);
        const content = fileName.endsWith('.hbs') ? templateText(file, readFileSync(file, 'utf8')) : readFileSync(file);
        entries.push({ path, section: folder === 'sections', file, mode: stat.mode & 0o777, content });
      });
    }
  }
  return { partials, entries };
}

/** Wraps the built-in `each` so every iteration counts against the budget (loops can nest). */
function countLoops(hbs: Environment, budget: RenderBudget): void {
  const each = hbs.helpers.each as Handlebars.HelperDelegate;
  hbs.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
    const counted = (fn: Handlebars.TemplateDelegate) => (inner: unknown, opts?: Handlebars.RuntimeOptions) =>
      budget.spend(fn(inner, opts), 'each');
    return each.call(this, context, { ...options, fn: counted(options.fn), inverse: counted(options.inverse) });
  });
}

export async function renderLayers(layers: Layer[], view: object): Promise<RenderedFile[]> {
  return (await render(layers, view)).files;
}

export async function render(layers: Layer[], view: object): Promise<Rendered> {
  await loadPrecompiled(layers.map((layer) => layer.dir));
  const { partials, entries } = readLayers(layers);
  const templates = [...partials, ...entries.flatMap(({ content }) => (Buffer.isBuffer(content) ? [] : [content]))];
  const hbs = await newEnvironment(templates);
  const budget = new RenderBudget();
  countLoops(hbs, budget);
  // strict partials: compile them eagerly so a syntax error names its file; every call is counted
  for (const partial of partials) {
    const template = compileTemplate(hbs, partial);
    hbs.registerPartial(partial.name, ((context: unknown, options: unknown) =>
      budget.spend(template(context, options as never), partial.file)) as never);
  }

  const files = new Map<string, RenderedFile & { file: string }>();
  const sections: Record<string, string> = Object.create(null);
  let total = 0;
  for (const entry of entries) {
    const { path, file, mode } = entry;
    let content: Buffer;
    if (Buffer.isBuffer(entry.content)) {
      content = entry.content;
    } else {
      const template = compileTemplate(hbs, entry.content);
      let text: string;
      try {
        text = template(view);
      } catch (error) {
        throw new RunError(`template error in ${file}: ${(error as Error).message}`);
      }
      if (entry.section) {
        sections[path.replace(/\.md$/, '')] = text;
        continue;
      }
      if (text.trim() === '') continue; // a file that only some combinations need
      content = Buffer.from(text, 'utf8');
    }
    total += content.length;
    budget.file(content.length, path, total);
    const clash = files.get(path) ?? [...files.values()].find((f) => f.path.toLowerCase() === path.toLowerCase());
    if (clash) throw new RunError(`${file} and ${clash.file} both write ${path}`);
    files.set(path, { path, content, mode, file });
  }
  return {
    files: [...files.values()].map(({ path, content, mode }) => ({ path, content, mode })).sort((a, b) => a.path.localeCompare(b.path)),
    sections,
  };
}
