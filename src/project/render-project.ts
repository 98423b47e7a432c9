// Render a project model to files: load every function's template (built-in, folder relative
// to the project, or git), check the recorded values against each template's own rules, plan,
// and release fetched checkouts whatever happens.
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { PackageManager } from '../package-manager.js';
import type { Project } from '../project-model.js';
import { type LoadedTemplate, type LoadOptions, loadTemplate } from '../template/load.js';
import { printable } from '../text/printable.js';
import { type Plan, planProject } from './plan.js';
import { checkTemplateRules, PROJECT_FILE } from './project-file.js';

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
  return withTemplates(project, opts, preloaded, (checked, templates) => planProject(checked, templates, pm));
}

/**
 * The project as its templates accept it (checkTemplateRules: every variable by its template's
 * rules, missing ones at their defaults), or a UsageError naming the file, function and field.
 * For a command that must refuse a project before it does anything else with it.
 */
export function checkProject(project: Project, opts: LoadOptions): Promise<Project> {
  return withTemplates(project, opts, new Map(), async (checked) => checked);
}

async function withTemplates<T>(
  project: Project,
  opts: LoadOptions,
  preloaded: ReadonlyMap<string, LoadedTemplate>,
  use: (checked: Project, templates: LoadedTemplate[]) => Promise<T>,
): Promise<T> {
  const loaded = new Map<string, LoadedTemplate>();
  const templateOf = (source: string) => preloaded.get(source) ?? loaded.get(source);
  try {
    const file = printable(join(opts.cwd, PROJECT_FILE));
    for (const fn of project.functions) {
      if (templateOf(fn.template)) continue;
      // a recorded source that does not load is refused as --template would be, naming where it is recorded
      const template = await loadTemplate(fn.template, opts).catch((error: unknown) => {
        throw error instanceof UsageError ? new UsageError(`${file}: function "${fn.name}", template: ${error.message}`) : error;
      });
      loaded.set(fn.template, template);
    }
    const templates = project.functions.map((fn) => templateOf(fn.template) as LoadedTemplate);
    const checked = checkTemplateRules(
      project,
      templates.map((t) => t.manifest),
      file,
    );
    return await use(checked, templates);
  } finally {
    for (const template of loaded.values()) await template.cleanup();
  }
}
