// The covering design keeps its promises whatever the data holds: every template × flavor and
// every flavor × arch pair is checked, and each template × arch compile serves a build check;
// each lifecycle case runs in CI, the grown project with sam, cdk and terraform on both arches.
import { describe, expect, it } from 'vitest';
import { ARCHES } from '../harness/toolchain.js';
import { FLAVORS } from './cases/flavors.js';
import { deployPlan, LIFECYCLE, lifecyclePlan, TRIGGERS } from './cases/lifecycle.js';
import { ONLY, plan, scopedTemplates } from './cases/plan.js';
import { TEMPLATES } from './cases/templates.js';

const ci = plan('ci').filter((r) => r.selected);
const pairs = (a: string[], b: string[]) => a.flatMap((x) => b.map((y) => `${x}/${y}`)).sort();
const distinct = (xs: string[]) => [...new Set(xs)].sort();
const all = TEMPLATES.map((t) => t.id);
/** the templates CI checks in projects of their own */
const templates = scopedTemplates('ci').map((t) => t.id);
const flavors = FLAVORS.map((f) => f.id);

// CRL_E2E_ONLY narrows the run to some templates on purpose; the plan's promises are about the whole matrix
describe.skipIf(ONLY)('the e2e plan (skipped when CRL_E2E_ONLY narrows the run)', () => {
  it('runs every template × flavor pair once in CI', () => {
    expect(ci.map((r) => `${r.template}/${r.flavor}`).sort()).toEqual(pairs(templates, flavors));
  });

  it('puts every flavor on every arch in CI', () => {
    expect(distinct(ci.map((r) => `${r.flavor}/${r.arch}`))).toEqual(pairs(flavors, [...ARCHES]));
  });

  it('gives each template × arch compile a flavor build to serve in CI', () => {
    const building = FLAVORS.filter((f) => f.checks.some((c) => c.inUnit)).map((f) => f.id);
    const served = distinct(ci.filter((r) => building.includes(r.flavor)).map((r) => `${r.template}/${r.arch}`));
    expect(served).toEqual(pairs(templates, [...ARCHES]));
  });

  it('runs the whole cross product in the full run', () => {
    const full = plan('full');
    expect(full.every((r) => r.selected)).toBe(true);
    expect(full).toHaveLength(all.length * flavors.length * ARCHES.length);
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

  it('runs every lifecycle case in CI, with a flavor that builds (a case only deployed: in every flavor)', () => {
    const building = FLAVORS.filter((f) => f.checks.some((c) => c.inUnit)).map((f) => f.id);
    const ciLifecycle = lifecyclePlan('ci').filter((r) => r.selected);
    for (const c of LIFECYCLE.filter((l) => l.flavors.length === 0)) {
      expect(c.deploy, `${c.id} has no flavor rows, so it must be deployed`).toBe(true);
      expect(
        deployPlan()
          .filter((r) => r.case.id === c.id)
          .map((r) => r.flavor),
      ).toEqual(FLAVORS.map((f) => f.id));
    }
    for (const c of LIFECYCLE.filter((l) => l.flavors.length > 0)) {
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

  it('checks every other template in CI as a function of the triggers project, with every flavor, on both arches', () => {
    expect([...templates, ...TRIGGERS].sort()).toEqual([...all].sort());
    const triggers = lifecyclePlan('ci').filter((r) => r.selected && r.case.id === 'triggers');
    expect(triggers.map((r) => r.flavor).sort()).toEqual([...flavors].sort());
    expect(distinct(triggers.map((r) => r.arch))).toEqual([...ARCHES].sort());
    const c = LIFECYCLE.find((l) => l.id === 'triggers');
    expect([c?.first, ...(c?.adds ?? []).map((a) => a.template)]).toEqual(TRIGGERS);
    expect(c?.host).toEqual({ rust: true, invokes: true, readme: true });
  });

  it('runs every lifecycle case × flavor × arch in the full run', () => {
    const full = lifecyclePlan('full');
    expect(full.every((r) => r.selected)).toBe(true);
    expect(full).toHaveLength(LIFECYCLE.reduce((n, c) => n + c.flavors.length * ARCHES.length, 0));
  });
});
