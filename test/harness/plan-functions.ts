// A project of built-in templates rendered in memory (no CLI, no disk): the unit tests that read
// back what several functions render to.
import { detectPackageManager } from '../../src/package-manager.js';
import { planProject } from '../../src/project/plan.js';
import type { Project } from '../../src/project-model.js';
import { builtinCatalog, templateDir } from '../../src/template/catalog.js';
import type { VarValue } from '../../src/template/manifest.js';

export interface PlannedFunction {
  name: string;
  template: string;
  memory?: number;
  timeout?: number;
  vars?: Record<string, VarValue>;
}

/** The project `shop` (arm64 unless told, eu-west-1) of `functions` in flavor `iac`; returns a reader of its files ("" when absent). */
export async function planFunctions(
  iac: string,
  functions: readonly PlannedFunction[],
  arch: Project['arch'] = 'arm64',
): Promise<(path: string) => string> {
  const project: Project = {
    version: '0.2.0',
    name: 'shop',
    iac,
    arch,
    region: 'eu-west-1',
    functions: functions.map(({ name, template, memory, timeout, vars }) => ({
      name,
      template,
      memory: memory ?? 128,
      timeout: timeout ?? 10,
      vars: vars ?? {},
    })),
  };
  const catalog = builtinCatalog();
  const templates = functions.map(({ template }) => ({
    source: { kind: 'builtin' as const, id: template },
    dir: templateDir(template),
    manifest: catalog.templates.find((t) => t.id === template) as never,
    cleanup: async () => undefined,
  }));
  const plan = await planProject(project, templates, detectPackageManager(undefined));
  return (path) => plan.files.find((f) => f.path === path)?.content.toString() ?? '';
}
