// Render the whole project in memory from the base layer, the function template and the flavor.
import { join } from 'node:path';
import { RunError } from '../errors.js';
import type { Answers } from '../options.js';
import type { PackageManager } from '../package-manager.js';
import { baseDir, builtinCatalog, flavorDir } from '../template/catalog.js';
import type { LoadedTemplate } from '../template/load.js';
import type { FlavorManifest, FunctionManifest } from '../template/manifest.js';
import { compileTemplate, newEnvironment, type RenderedFile, renderLayers, templateText } from '../template/render.js';
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
  const flavor = catalog.flavors.find((f) => f.id === answers.iac);
  if (!flavor) throw new RunError(`unknown flavor "${answers.iac}"`);
  if (!manifest.flavors.includes(flavor.id)) {
    throw new RunError(`template "${manifest.id}" does not support --iac ${flavor.id} (supported: ${manifest.flavors.join(', ')})`);
  }
  if (!manifest.architectures.includes(answers.arch)) {
    throw new RunError(`template "${manifest.id}" does not support --arch ${answers.arch} (supported: ${manifest.architectures.join(', ')})`);
  }
  const view = buildView(answers, manifest, catalog, pm);
  const files = await renderLayers(
    [
      { name: 'base', dir: baseDir() },
      { name: 'function', dir: template.dir },
      { name: 'iac', dir: flavorDir(flavor.id) },
    ],
    view,
  );
  // renderLayers has loaded the flavor's precompiled specs, next steps included
  const file = join(flavorDir(flavor.id), 'flavor.json');
  const steps = flavor.nextSteps.map((source) => templateText(file, source));
  const hbs = await newEnvironment(steps);
  const nextSteps = steps.map((step) => compileTemplate(hbs, step)(view));
  return { manifest, flavor, files, nextSteps };
}
