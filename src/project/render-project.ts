// Render a project model to files: load every function's template (built-in, folder relative
// to the project, or git), plan, and release fetched checkouts whatever happens.
import type { PackageManager } from '../package-manager.js';
import type { Project } from '../project-model.js';
import { type LoadedTemplate, type LoadOptions, loadTemplate } from '../template/load.js';
import { type Plan, planProject } from './plan.js';

/**
 * `opts.cwd` is the project's folder: recorded template folders are relative to it. `preloaded`
 * templates (by recorded source) are used as they are and left for their owner to clean up.
 */
export async function renderProject(
  project: Project,
  pm: PackageManager,
  opts: LoadOptions,
  preloaded: ReadonlyMap<string, LoadedTemplate> = new Map(),
): Promise<Plan> {
  const loaded = new Map<string, LoadedTemplate>();
  const templateOf = (source: string) => preloaded.get(source) ?? loaded.get(source);
  try {
    for (const fn of project.functions) {
      if (!templateOf(fn.template)) loaded.set(fn.template, await loadTemplate(fn.template, opts));
    }
    return await planProject(
      project,
      project.functions.map((fn) => templateOf(fn.template) as LoadedTemplate),
      pm,
    );
  } finally {
    for (const template of loaded.values()) await template.cleanup();
  }
}
