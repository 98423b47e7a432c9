// The contract of a resource kind (src/kinds/): every kind has its folder and every part in every
// template layer, nothing else sits there, every trigger type is one kind's and in one group, and
// docs/TEMPLATES.md lists exactly the kinds. A kind added to KINDS without its templates, or a
// folder left behind, fails here before any project is rendered.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, type Kind, kindOfTrigger, TRIGGER_KINDS, TRIGGER_TYPES } from '../../src/kinds/index.js';
import { builtinCatalog } from '../../src/template/catalog.js';
import { groupOf, TEMPLATE_GROUPS } from '../../src/template/groups.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TEMPLATES = join(ROOT, 'templates');
const kinds = KINDS as readonly Kind[];
const ids = kinds.map((k) => k.id);

const dirs = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
const parts = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => f.replace(/\.hbs$/, ''))
    .sort();

/** A kind with resources of the whole stack also has these parts (written once, with the root view). */
const stackParts = (k: Kind, parts: string[]) => (k.stack ? parts : []);

/** The parts each layer renders for a kind (the calls of its entry files and partials). */
const LAYER_PARTS: Record<string, { dir: string; parts: (kind: Kind) => string[] }> = {
  sam: {
    dir: 'iac/sam/resources',
    parts: (k) => ['events', 'function', 'outputs', 'policy', 'resources', ...stackParts(k, ['stack', 'stack-outputs'])],
  },
  cdk: { dir: 'iac/cdk/resources', parts: (k) => ['imports', 'resources', ...stackParts(k, ['stack', 'stack-test']), 'test'] },
  // the function's resources part calls the table's environment (its variables) by name
  terraform: {
    dir: 'iac/terraform/resources',
    parts: (k) => [
      ...(k.id === 'table' ? ['environment'] : []),
      'outputs',
      'policy',
      'resources',
      ...stackParts(k, ['stack', 'stack-outputs']),
      'variables',
    ],
  },
  none: { dir: 'iac/none/resources', parts: () => ['deploy', 'try'] },
  // a kind's stack-deploy part is its text in the README's Deploy (the none flavor's included)
  base: {
    dir: 'base/resources',
    parts: (k) => [...(k.localService ? ['local-endpoint', 'local-service'] : []), ...stackParts(k, ['stack-deploy']), 'try-it'],
  },
};

describe('resource kinds', () => {
  it('have unique ids, and every flavor of the catalog is a layer here', () => {
    expect(new Set(ids).size).toBe(ids.length);
    const flavors = builtinCatalog().flavors.map((f) => f.id);
    expect(
      Object.keys(LAYER_PARTS)
        .filter((layer) => layer !== 'base')
        .sort(),
    ).toEqual([...flavors].sort());
  });

  for (const [layer, { dir, parts: expected }] of Object.entries(LAYER_PARTS)) {
    it(`${layer}: a folder per kind and nothing else, each with exactly its parts`, () => {
      expect(dirs(join(TEMPLATES, dir)), `templates/${dir}`).toEqual([...ids].sort());
      for (const kind of kinds) {
        expect(parts(join(TEMPLATES, dir, kind.id)), `templates/${dir}/${kind.id}`).toEqual(expected(kind));
      }
    });
  }

  it('give every trigger type to exactly one kind, and every trigger kind a group', () => {
    expect(new Set(TRIGGER_TYPES).size).toBe(TRIGGER_TYPES.length);
    for (const kind of TRIGGER_KINDS) {
      expect(kindOfTrigger(kind.trigger.type)).toBe(kind);
      const group = groupOf({ kind: 'function', infra: { trigger: { type: kind.trigger.type } } } as never);
      expect(group.id, kind.id).toBe(kind.trigger.group);
    }
    // the groups shown are exactly the ones some trigger kind (or the extensions) names
    const named = new Set<string>(TRIGGER_KINDS.map((k) => k.trigger.group));
    for (const group of TEMPLATE_GROUPS) if (group.triggers !== 'extension') expect(named.has(group.id), group.id).toBe(true);
  });

  it('are exactly the rows of the kinds table in docs/TEMPLATES.md, in order and with their triggers', () => {
    const doc = readFileSync(join(ROOT, 'docs/TEMPLATES.md'), 'utf8');
    const start = doc.indexOf('| kind | trigger type |');
    const table = doc.slice(start, doc.indexOf('\n\n', start));
    const rows = [...table.matchAll(/^\| `([a-z-]+)` \|\s*(?:`([a-z0-9-]+)`)?\s*\|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(kinds.map((k) => [k.id, k.trigger?.type]));
  });
});
