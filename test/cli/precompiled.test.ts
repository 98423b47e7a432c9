// The build precompiles the built-in templates (dist/precompiled/) so that a scaffold needs only
// the Handlebars runtime. These tests hold the build to that: every built-in source has a spec,
// and rendering from the specs gives exactly what compiling the same sources gives.

import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/options.js';
import { detectPackageManager } from '../../src/package-manager.js';
import { templatesRoot } from '../../src/paths.js';
import { renderView } from '../../src/project/plan.js';
import { baseDir, builtinCatalog, flavorDir, templateDir } from '../../src/template/catalog.js';
import { loadPrecompiled, precompiledModule, precompiledSpec } from '../../src/template/precompiled.js';
import { buildView } from '../../src/template/view.js';

const catalog = builtinCatalog();
const folders = [baseDir(), ...catalog.templates.map((t) => templateDir(t.id)), ...catalog.flavors.map((f) => flavorDir(f.id))];

let copy: string;
beforeAll(async () => {
  if (!existsSync(precompiledModule('base'))) throw new Error('dist/precompiled is missing: run `npm run build` first');
  await loadPrecompiled(folders);
  copy = await mkdtemp(join(tmpdir(), 'crl-precompiled-'));
  await cp(templatesRoot, copy, { recursive: true }); // outside the package: compiled from source
});
afterAll(() => rm(copy, { recursive: true, force: true }));

describe('precompiled templates', () => {
  it('cover every .hbs file and every next step of the built-in templates', async () => {
    const missing: string[] = [];
    for (const folder of folders) {
      for (const name of await readdir(folder, { recursive: true })) {
        const file = join(folder, name);
        if (name.endsWith('.hbs') && !precompiledSpec(file, await readFile(file, 'utf8'))) missing.push(relative(templatesRoot, file));
      }
    }
    for (const flavor of catalog.flavors) {
      const file = join(flavorDir(flavor.id), 'flavor.json');
      for (const step of flavor.nextSteps) if (!precompiledSpec(file, step)) missing.push(`${relative(templatesRoot, file)}: ${step}`);
    }
    expect(missing).toEqual([]);
  });

  it('is not used for a template outside the package, even with the same text', async () => {
    const file = join(copy, 'base', 'files', 'README.md.hbs');
    expect(precompiledSpec(file, await readFile(file, 'utf8'))).toBeUndefined();
  });

  const combos = catalog.templates.flatMap((t) => t.flavors.map((iac) => [t.id, iac] as const));
  it.each(combos)('%s + %s renders the same from the specs as from the sources', async (template, iac) => {
    const manifest = catalog.templates.find((t) => t.id === template) as (typeof catalog.templates)[number];
    const answers: Answers = {
      directory: 'my-fn',
      name: 'my-fn',
      template,
      iac,
      arch: 'arm64',
      memory: 256,
      timeout: 15,
      region: 'eu-west-1',
      git: false,
      vars: Object.fromEntries((manifest.variables ?? []).map((v) => [v.name, v.name === 'extensionApi' ? 'telemetry' : v.default])),
    };
    const view = () => buildView(answers, manifest, catalog, detectPackageManager(undefined));
    const render = async (root: string) => (await renderView(view(), [{ dir: join(root, 'functions', template) }], root)).files;
    const fromSpecs = await render(templatesRoot);
    const fromSources = await render(copy);
    const text = (files: typeof fromSpecs) => files.map((f) => `${f.path.split(sep).join('/')}\n${f.content.toString('utf8')}`);
    expect(fromSpecs.length).toBeGreaterThan(5);
    expect(text(fromSpecs)).toEqual(text(fromSources));
  });
});
