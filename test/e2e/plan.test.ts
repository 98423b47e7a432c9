// The covering design keeps its promises whatever the data holds: every template × flavor and
// every flavor × arch pair is checked, and each template × arch compile serves a build check;
// each lifecycle case runs in CI, the grown project with sam, cdk and terraform on both arches.
import { describe, expect, it } from 'vitest';
import { ARCHES } from '../harness/toolchain.js';
import { FLAVORS } from './cases/flavors.js';
import { LIFECYCLE, lifecyclePlan } from './cases/lifecycle.js';
import { plan } from './cases/plan.js';
import { TEMPLATES } from './cases/templates.js';

const ci = plan('ci').filter((r) => r.selected);
const pairs = (a: string[], b: string[]) => a.flatMap((x) => b.map((y) => `${x}/${y}`)).sort();
const distinct = (xs: string[]) => [...new Set(xs)].sort();
const templates = TEMPLATES.map((t) => t.id);
// the templates CI checks in rows of their own; the `triggers` ones are functions of the triggers project (cases/lifecycle.ts)
const ownTemplates = TEMPLATES.filter((t) => t.ci === 'own').map((t) => t.id);
const flavors = FLAVORS.map((f) => f.id);

describe('the e2e plan', () => {
  it('runs every template × flavor pair once in CI', () => {
    expect(ci.map((r) => `${r.template}/${r.flavor}`).sort()).toEqual(pairs(ownTemplates, flavors));
  });

  it('puts every flavor on every arch in CI', () => {
    expect(distinct(ci.map((r) => `${r.flavor}/${r.arch}`))).toEqual(pairs(flavors, [...ARCHES]));
  });

  it('gives each template × arch compile a flavor build to serve in CI', () => {
    const building = FLAVORS.filter((f) => f.checks.some((c) => c.inUnit)).map((f) => f.id);
    const served = distinct(ci.filter((r) => building.includes(r.flavor)).map((r) => `${r.template}/${r.arch}`));
    expect(served).toEqual(pairs(ownTemplates, [...ARCHES]));
  });

  it('runs the whole cross product in the full run', () => {
    const full = plan('full');
    expect(full.every((r) => r.selected)).toBe(true);
    expect(full).toHaveLength(templates.length * flavors.length * ARCHES.length);
  });

  it('keeps cases that take the services down last', () => {
    for (const t of TEMPLATES) {
      const down = t.invokes.findIndex((c) => c.servicesDown);
      if (down >= 0)
        expect(
          t.invokes.slice(down).every((c) => c.servicesDown),
          t.id,
        ).toBe(true);
    }
  });

  it('runs every lifecycle case in CI, with a flavor that builds', () => {
    const building = FLAVORS.filter((f) => f.checks.some((c) => c.inUnit)).map((f) => f.id);
    const ciLifecycle = lifecyclePlan('ci').filter((r) => r.selected);
    for (const c of LIFECYCLE) {
      const own = ciLifecycle.filter((r) => r.case.id === c.id);
      expect(own.length, c.id).toBeGreaterThan(0);
      expect(
        own.some((r) => building.includes(r.flavor)),
        c.id,
      ).toBe(true);
    }
  });

  it('checks the grown project with sam, cdk and terraform in CI, building it on both arches', () => {
    const grown = lifecyclePlan('ci').filter((r) => r.selected && r.case.id === 'grown');
    expect(grown.map((r) => r.flavor).sort()).toEqual(['cdk', 'sam', 'terraform']);
    expect(distinct(grown.map((r) => r.arch))).toEqual([...ARCHES].sort());
    const arch = (f: string) => grown.find((r) => r.flavor === f)?.arch;
    expect(arch('sam')).not.toBe(arch('cdk'));
  });

  it('runs every lifecycle case × flavor × arch in the full run', () => {
    const full = lifecyclePlan('full');
    expect(full.every((r) => r.selected)).toBe(true);
    expect(full).toHaveLength(LIFECYCLE.reduce((n, c) => n + c.flavors.length * ARCHES.length, 0));
  });
});
