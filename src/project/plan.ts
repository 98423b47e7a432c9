// Render the whole project in memory: each function's crate under functions/<name>/ from its
// template, then the root (workspace, README, CI, IaC) from the base layer and the flavor, with
// every function's README sections, and the project file.
import { join } from 'node:path';
import type { PackageManager } from '../package-manager.js';
import { templatesRoot } from '../paths.js';
import { functionDir, type Project } from '../project-model.js';
import { baseDir, builtinCatalog, flavorDir } from '../template/catalog.js';
import type { LoadedTemplate } from '../template/load.js';
import type { FlavorManifest } from '../template/manifest.js';
import { loadPrecompiled } from '../template/precompiled.js';
import { compileTemplate, newEnvironment, type RenderedFile, render, templateText } from '../template/render.js';
import { workspaceRustVersion } from '../template/rust-version.js';
import { buildProjectView, type ProjectView } from '../template/view.js';
import { localAwsSteps, TERRAFORM_LOCAL_OVERRIDE } from './local-aws.js';
import { PROJECT_FILE, stringifyProject } from './project-file.js';

export interface Plan {
  flavor: FlavorManifest;
  files: RenderedFile[];
  nextSteps: string[];
}

/** `templates[i]` is the loaded template of `project.functions[i]`. */
export async function planProject(project: Project, templates: LoadedTemplate[], pm: PackageManager): Promise<Plan> {
  const catalog = builtinCatalog();
  const inputs = project.functions.map((fn, i) => ({ fn, manifest: (templates[i] as LoadedTemplate).manifest }));
  const plan = await renderView(buildProjectView(project, inputs, catalog, pm), templates);
  return {
    ...plan,
    files: [...plan.files, { path: PROJECT_FILE, content: Buffer.from(stringifyProject(project)), mode: 0o644 }].sort(byPath),
  };
}

const byPath = (a: RenderedFile, b: RenderedFile) => a.path.localeCompare(b.path);

/**
 * Renders a root view (tests may adjust one before). `templates[i]` is the template of
 * `view.functions[i]`; `root` holds the base and flavor layers (a test's copy of templates/).
 */
export async function renderView(view: ProjectView, templates: Pick<LoadedTemplate, 'dir'>[], root = templatesRoot): Promise<Plan> {
  // resolve-options (or the project file's check) has made sure the flavor exists
  const flavor = builtinCatalog().flavors.find((f) => f.id === view.iac) as FlavorManifest;
  const nextSteps = await renderNextSteps(flavor, view, root);
  // the README's deploy block prints the same steps, so the two cannot drift
  Object.assign(view, {
    deploySteps: nextSteps,
    localAwsSteps: localAwsSteps(flavor.id, nextSteps),
    localAwsOverride: TERRAFORM_LOCAL_OVERRIDE,
  });

  const out: RenderedFile[] = [];
  for (const [i, fn] of view.functions.entries()) {
    Object.assign(fn, { deploySteps: nextSteps });
    const rendered = await render(
      [
        { name: 'base', dir: baseDir(root), files: false, sections: true },
        { name: 'function', dir: (templates[i] as LoadedTemplate).dir },
        { name: 'iac', dir: flavorDir(flavor.id, root), files: false },
      ],
      fn,
    );
    const dir = functionDir(fn.name);
    out.push(...rendered.files.map((file) => ({ ...file, path: `${dir}/${file.path}` })));
    Object.assign(fn, { sections: rendered.sections });
  }
  // the workspace's rust-version: what the functions' crates need, as rendered
  const manifests = out.filter((file) => /^functions\/[^/]+\/Cargo\.toml$/.test(file.path)).map((file) => file.content.toString('utf8'));
  Object.assign(view, { rustVersion: workspaceRustVersion(manifests) });
  const top = await render(
    [
      { name: 'base', dir: baseDir(root) },
      { name: 'iac', dir: flavorDir(flavor.id, root) },
    ],
    view,
  );
  out.push(...top.files);
  return { flavor, files: out.sort(byPath), nextSteps };
}

/** The flavor's next steps for this project; a step may print several lines, or none (a step only some projects need). */
async function renderNextSteps(flavor: FlavorManifest, view: object, root: string): Promise<string[]> {
  await loadPrecompiled([flavorDir(flavor.id, root)]); // the flavor's next steps are precompiled too
  const file = join(flavorDir(flavor.id, root), 'flavor.json');
  const steps = flavor.nextSteps.map((source) => templateText(file, source));
  const hbs = await newEnvironment(steps);
  return steps.flatMap((step) => compileTemplate(hbs, step)(view).split('\n')).filter((line) => line.trim() !== '');
}
