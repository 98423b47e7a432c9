// The generated projects of one run: a workspace per template × arch (the unit: compiled once,
// where every build of that template × arch happens), a project per selected template × flavor
// × arch row, the extra variants of a template that only get the host checks, and the projects
// of the lifecycle cases (grown by `add`, edited, upgraded): one per selected row, plus — for a
// case with its own compile — one workspace per arch made the same way, compiled once.

import { Unavailable } from '../../harness/errors.js';
import { ARCHES, type Arch, HOST } from '../../harness/toolchain.js';
import type { FlavorId } from '../cases/flavors.js';
import { type LifecycleCase, type LifecycleRow, lifecycleSubject } from '../cases/lifecycle.js';
import { type PlannedRow, scopedTemplates, UNIT_FLAVOR, unitName } from '../cases/plan.js';
import type { TemplateId } from '../cases/templates.js';
import { type Generated, generate } from './generate.js';
import { type LifecycleProject, makeLifecycleProject } from './lifecycle-make.js';
import { check } from './matrix.js';

const units = new Map<string, Generated>();
const rows = new Map<string, Generated>();
const variants = new Map<string, Generated>();
const readmes = new Map<string, Generated>();
const lifecycleUnits = new Map<string, LifecycleProject>();
const lifecycleRows = new Map<string, LifecycleProject>();

/** The README's local section is the same for every flavor (a CLI test compares them); one is run. */
const README_FLAVOR: FlavorId = 'sam';

const unitKey = (template: string, arch: string) => `${template}/${arch}`;
const rowKey = (template: string, flavor: string, arch: string) => `${template}/${flavor}/${arch}`;

function found<T extends Generated>(map: Map<string, T>, key: string, what: string): T {
  const project = map.get(key);
  if (!project) throw new Unavailable(`no generated ${what} (its generation failed; see the generate row)`);
  return project;
}

export const unitProject = (template: TemplateId, arch: Arch) => found(units, unitKey(template, arch), `${template} crate for ${arch}`);
export const rowProject = (template: TemplateId, flavor: FlavorId, arch: Arch) =>
  found(rows, rowKey(template, flavor, arch), `${template} + ${flavor} project for ${arch}`);
export const variantProject = (label: string) => found(variants, label, `${label} project`);
/** The project whose README the README runner follows (host arch: it runs under `cargo lambda watch`). */
export const readmeProject = (template: TemplateId) => found(readmes, template, `${template} project for its README`);
/** The workspace of a lifecycle case with its own compile, on `arch`. */
export const lifecycleUnit = (c: LifecycleCase, arch: Arch) => found(lifecycleUnits, unitKey(c.id, arch), `${c.id} workspace for ${arch}`);
export const lifecycleProject = (c: LifecycleCase, flavor: FlavorId, arch: Arch) =>
  found(lifecycleRows, rowKey(c.id, flavor, arch), `${lifecycleSubject(c, flavor)} project for ${arch}`);

/** The arches a lifecycle case compiles on: those of its selected rows, the host's first. */
export function lifecycleArches(c: LifecycleCase, planned: readonly LifecycleRow[]): Arch[] {
  const arches = new Set(planned.filter((r) => r.selected && r.case.id === c.id).map((r) => r.arch));
  return [HOST, ...ARCHES.filter((a) => a !== HOST)].filter((a) => arches.has(a));
}

/** Generates everything the selected rows need; each generation is a matrix row, a failure fails only what needs it. */
export async function generateProjects(planned: readonly PlannedRow[], lifecycle: readonly LifecycleRow[] = []): Promise<void> {
  const jobs: (() => Promise<void>)[] = [];
  const job = (row: { subject: string; arch: string; check?: string }, store: () => Promise<Generated & { detail?: string }>) =>
    jobs.push(() =>
      check({ check: 'generate', ...row }, async () => {
        const p = await store();
        return p.detail ? `${p.detail} (${p.dir})` : p.dir;
      }).catch(() => undefined),
    );
  for (const t of scopedTemplates()) {
    for (const arch of ARCHES) {
      job({ subject: t.id, arch }, async () => {
        const p = await generate({ template: t.id, arch, iac: UNIT_FLAVOR, name: unitName(t.id, arch) });
        units.set(unitKey(t.id, arch), p);
        return p;
      });
    }
    job({ subject: `${t.id} README`, arch: 'host' }, async () => {
      const p = await generate({
        template: t.id,
        arch: HOST,
        iac: README_FLAVOR,
        name: `crl-readme-${t.id}`,
      });
      readmes.set(t.id, p);
      return p;
    });
    for (const v of t.variants) {
      job({ subject: v.label, arch: 'host' }, async () => {
        const p = await generate({
          template: t.id,
          arch: 'x86_64',
          iac: 'none',
          name: `crl-e2e-${v.label.replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '')}`,
          extraArgs: v.args,
        });
        variants.set(v.label, p);
        return p;
      });
    }
  }
  for (const r of planned.filter((p) => p.selected)) {
    job({ subject: `${r.template} + ${r.flavor}`, arch: r.arch }, async () => {
      const p = await generate({ template: r.template, arch: r.arch, iac: r.flavor, name: unitName(r.template, r.arch) });
      rows.set(rowKey(r.template, r.flavor, r.arch), p);
      return p;
    });
  }
  for (const c of new Set(lifecycle.map((r) => r.case))) {
    if (c.compile !== 'own') continue;
    for (const arch of lifecycleArches(c, lifecycle)) {
      job({ subject: c.label, arch, check: `made (with ${UNIT_FLAVOR}), compiled for every flavor` }, async () => {
        const p = await makeLifecycleProject(c, UNIT_FLAVOR, arch);
        lifecycleUnits.set(unitKey(c.id, arch), p);
        return p;
      });
    }
  }
  const made = new Set<string>();
  for (const r of lifecycle.filter((l) => l.selected)) {
    // a deploy row's project may be a lifecycle row's too: made once
    const key = rowKey(r.case.id, r.flavor, r.arch);
    if (made.has(key)) continue;
    made.add(key);
    job({ subject: lifecycleSubject(r.case, r.flavor), arch: r.arch, check: 'made' }, async () => {
      const p = await makeLifecycleProject(r.case, r.flavor, r.arch);
      lifecycleRows.set(rowKey(r.case.id, r.flavor, r.arch), p);
      return p;
    });
  }
  // a few at a time: each is a short node process
  const queue = [...jobs];
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await next();
    }),
  );
}

export function cleanupProjects(): void {
  for (const p of [
    ...units.values(),
    ...rows.values(),
    ...variants.values(),
    ...readmes.values(),
    ...lifecycleUnits.values(),
    ...lifecycleRows.values(),
  ])
    p.cleanup();
}
