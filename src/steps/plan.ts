// Render the whole project in memory from the base layer, the function template and the flavor.
import { join } from 'node:path';
import type { Answers } from '../options.js';
import type { PackageManager } from '../package-manager.js';
import { baseDir, builtinCatalog, flavorDir } from '../template/catalog.js';
import type { LoadedTemplate } from '../template/load.js';
import type { FlavorManifest, FunctionManifest } from '../template/manifest.js';
import { loadPrecompiled } from '../template/precompiled.js';
import { compileTemplate, type Layer, newEnvironment, type RenderedFile, renderLayers, templateText } from '../template/render.js';
import { buildView } from '../template/view.js';

export interface Plan {
  manifest: FunctionManifest;
  flavor: FlavorManifest;
  files: RenderedFile[];
  nextSteps: string[];
}

export async function planProject(answers: Answers, template: LoadedTemplate, pm: PackageManager): Promise<Plan> {
  const catalog = builtinCatalog();
  const { manifest } = template;
  // resolve-options has checked that the template supports this flavor and architecture
  const flavor = catalog.flavors.find((f) => f.id === answers.iac) as FlavorManifest;
  const view = buildView(answers, manifest, catalog, pm);
  const layers: Layer[] = [
    { name: 'base', dir: baseDir() },
    { name: 'function', dir: template.dir },
    { name: 'iac', dir: flavorDir(flavor.id) },
  ];
  await loadPrecompiled(layers.map((layer) => layer.dir)); // the flavor's next steps are precompiled too
  const file = join(flavorDir(flavor.id), 'flavor.json');
  const steps = flavor.nextSteps.map((source) => templateText(file, source));
  const hbs = await newEnvironment(steps);
  const nextSteps = steps.map((step) => compileTemplate(hbs, step)(view)).filter((step) => step.trim() !== ''); // a step only some projects need
  // the README's deploy block prints the same steps, so the two cannot drift
  const files = await renderLayers(layers, Object.assign(view, { deploySteps: nextSteps }));
  return { manifest, flavor, files, nextSteps };
}
