// Renders a project of built-in templates in memory, as create and add do: its files by path.
import { detectPackageManager } from '../../src/package-manager.js';
import { planProject } from '../../src/project/plan.js';
import type { Project } from '../../src/project-model.js';
import { builtinCatalog } from '../../src/template/catalog.js';
import { loadTemplate } from '../../src/template/load.js';

/** One function per template id (the first named like the project), with every variable at its default. */
export async function renderFiles(templateIds: string[], iac: string, arch: 'arm64' | 'x86_64' = 'arm64'): Promise<Record<string, string>> {
  const catalog = builtinCatalog();
  const functions = templateIds.map((template, i) => {
    const manifest = catalog.templates.find((t) => t.id === template);
    const vars = Object.fromEntries((manifest?.variables ?? []).map((v) => [v.name, v.name === 'extensionApi' ? 'none' : v.default]));
    return { name: i === 0 ? 'orders' : `${template}-${i}`, template, memory: 128, timeout: 10, vars };
  });
  const project = { version: '0.0.0', name: 'orders', iac, arch, region: 'eu-west-1', functions } as Project;
  const templates = await Promise.all(templateIds.map((id) => loadTemplate(id, { cwd: '/', env: {}, interactive: false })));
  const plan = await planProject(project, templates, detectPackageManager(undefined));
  return Object.fromEntries(plan.files.map((f) => [f.path, f.content.toString('utf8')]));
}
