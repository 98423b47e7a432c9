// Render the layers (base, function template, IaC flavor) into an in-memory file list.
// Nothing touches the disk here except reading the templates, so a template error never
// leaves anything behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Handlebars from 'handlebars';
import { RunError } from '../errors.js';
import { oneLine, printable } from '../text/printable.js';
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

/** Names Windows keeps for devices, with or without an extension: a file so named cannot be written there. */
const DEVICE_NAME = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(?:\..*)?$/i;
/** Characters no Windows file name may hold (`:` would also name an NTFS stream). */
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

/**
 * Why a rendered path (posix, relative to where its layer writes) cannot be a file of the project
 * on every system; undefined when it can. One rule for every path, checked before anything is written.
 */
export function renderedPathProblem(path: string): string | undefined {
  if (path === '') return 'is empty';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'is absolute (it starts with "/" or a drive letter)';
  const problem = pathProblem(path); // control characters, backslashes, version-control metadata
  if (problem) return `is refused: ${problem}`;
  for (const part of path.split('/')) {
    if (part === '' || part === '.' || part === '..') return 'has an empty, "." or ".." part';
    if (/[. ]$/.test(part)) return `has the name "${printable(part)}", which ends in a dot or a space (Windows cannot hold it)`;
    if (WINDOWS_FORBIDDEN.test(part))
      return `has the name "${printable(part)}", with a character Windows does not allow in a name (< > : " | ? *)`;
    if (DEVICE_NAME.test(part)) return `has the name "${printable(part)}", a device name on Windows`;
  }
  return undefined;
}

/** Refuse a rendered path that could land outside the project, that some system cannot hold, or that is version-control metadata. */
export function assertSafePath(path: string, source: string): void {
  const problem = renderedPathProblem(path);
  if (problem) throw new RunError(`${printable(source)}: the output path "${printable(path)}" ${problem}`);
}

/** How two paths are compared where names ignore case (macOS, Windows) and Unicode normal form (macOS). */
const folded = (path: string) => path.normalize('NFC').toLowerCase();

/**
 * Refuses two rendered files that one of the systems a project may be checked out on would see as
 * the same path, or a file where another file needs a folder. `seen` maps each folded file and folder.
 */
function assertNoClash(seen: Map<string, { actual: string; folder: boolean; file: string }>, path: string, file: string): void {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const actual = parts.slice(0, i).join('/');
    const folder = i < parts.length;
    const key = folded(actual);
    const other = seen.get(key);
    if (!other) {
      seen.set(key, { actual, folder, file });
      continue;
    }
    const both = `${printable(file)} and ${printable(other.file)}`;
    if (other.actual !== actual)
      throw new RunError(`${both} both write ${printable(actual)} and ${printable(other.actual)}, one path where case does not count`);
    if (other.folder !== folder) throw new RunError(`${both} both write ${printable(actual)}, one as a file and one as a folder`);
    if (!folder) throw new RunError(`${both} both write ${printable(path)}`);
  }
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
    throw new RunError(`template error in ${printable(file)}: ${oneLine((error as Error).message)}`);
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

  const files: RenderedFile[] = [];
  const seen = new Map<string, { actual: string; folder: boolean; file: string }>();
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
        throw new RunError(`template error in ${printable(file)}: ${oneLine((error as Error).message)}`);
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
    assertNoClash(seen, path, file);
    files.push({ path, content, mode });
  }
  return {
    files: files.sort((a, b) => a.path.localeCompare(b.path)),
    sections,
  };
}
