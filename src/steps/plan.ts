// Resolve the template and flavor, then render the whole project in memory.
import Handlebars from 'handlebars';
import { RunError } from '../errors.js';
import type { Answers } from '../options.js';
import type { PackageManager } from '../package-manager.js';
import { baseDir, builtinCatalog, flavorDir, templateDir } from '../template/catalog.js';
import type { FlavorManifest, FunctionManifest } from '../template/manifest.js';
import { type RenderedFile, renderLayers } from '../template/render.js';
import { buildView } from '../template/view.js';

export interface Plan {
  manifest: FunctionManifest;
  flavor: FlavorManifest;
  files: RenderedFile[];
  nextSteps: string[];
}

export async function planProject(answers: Answers, pm: PackageManager): Promise<Plan> {
  const catalog = builtinCatalog();
  const manifest = catalog.templates.find((t) => t.id === answers.template);
  const flavor = catalog.flavors.find((f) => f.id === answers.iac);
  if (!manifest || !flavor) throw new RunError(`unknown template "${answers.template}" or flavor "${answers.iac}"`);
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
      { name: 'function', dir: templateDir(manifest.id) },
      { name: 'iac', dir: flavorDir(flavor.id) },
    ],
    view,
  );
  const hbs = Handlebars.create();
  const nextSteps = flavor.nextSteps.map((step) => hbs.compile(step, { noEscape: true, strict: true })(view));
  return { manifest, flavor, files, nextSteps };
}
