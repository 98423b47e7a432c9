// Resolve `--template` to a folder and a validated manifest, whatever the source.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { printable } from '../text/printable.js';
import { builtinCatalog, templateDir } from './catalog.js';
import { checkTemplateFolder } from './limits.js';
import { type FunctionManifest, parseFunctionManifest, readJson } from './manifest.js';
import { loadPatternEngine } from './pattern.js';
import { describeSource, parseTemplateSource, redact, SOURCE_FORMS, type TemplateSource } from './source.js';

export interface LoadedTemplate {
  source: TemplateSource;
  dir: string;
  manifest: FunctionManifest;
  /** removes a fetched checkout; a no-op for folders on disk */
  cleanup: () => Promise<void>;
}

export interface LoadOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  interactive: boolean;
  /** aborted on Ctrl-C / SIGTERM: a running fetch stops and its checkout is removed */
  signal?: AbortSignal;
}

export async function loadTemplate(value: string, opts: LoadOptions): Promise<LoadedTemplate> {
  const catalog = builtinCatalog();
  const source = parseTemplateSource(
    value,
    catalog.templates.map((t) => t.id),
    opts.cwd,
  );
  if (!source) {
    throw new UsageError(
      `invalid --template ${printable(JSON.stringify(redact(value)))}. Valid values: ${catalog.templates.map((t) => t.id).join(', ')}, or a template source (${SOURCE_FORMS})`,
    );
  }
  if (source.kind === 'builtin') {
    const manifest = catalog.templates.find((t) => t.id === source.id) as FunctionManifest;
    // a value given for a variable with a pattern (`--var schedule=…`) is matched on RE2
    if (manifest.variables?.some((v) => v.pattern)) await loadPatternEngine();
    return { source, dir: templateDir(source.id), manifest, cleanup: async () => undefined };
  }

  let dir: string;
  let cleanup = async (): Promise<void> => {};
  if (source.kind === 'local') {
    dir = source.path;
    const found = await stat(dir).catch(() => undefined);
    if (!found?.isDirectory()) throw new UsageError(`template folder ${printable(dir)} does not exist`);
  } else {
    // opts.signal: Ctrl-C / SIGTERM stops git and removes the checkout (exit 130)
    const { fetchGitTemplate } = await import('./fetch-git.js'); // git, and node:child_process, only for git sources
    const fetched = await fetchGitTemplate(source, opts);
    dir = fetched.dir;
    cleanup = fetched.cleanup;
  }
  try {
    await checkTemplateFolder(dir);
    await loadPatternEngine(); // a fork's variables may declare patterns
    const file = join(dir, 'template.json');
    const manifest = parseFunctionManifest(
      readJson(file),
      catalog.flavors.map((f) => f.id),
      `${describeSource(source)}: template.json`,
    );
    return { source, dir, manifest, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
