// The covering design: which template × flavor × arch rows a run checks.
import { ARCHES, type Arch } from '../../harness/toolchain.js';
import { FLAVORS, type FlavorId } from './flavors.js';
import { TEMPLATES, type TemplateCase, type TemplateId } from './templates.js';

export type Scope = 'ci' | 'full';

/** CRL_E2E=full (`npm run test:e2e:full`) runs every row; anything else the covering rows. */
export const SCOPE: Scope = process.env.CRL_E2E === 'full' ? 'full' : 'ci';
export const FULL_COMMAND = 'npm run test:e2e:full';

/**
 * CRL_E2E_ONLY=id,id: check only these templates in projects of their own (no lifecycle, fork or
 * conflict checks) — to work on a template; with CRL_E2E=full, on every flavor × arch.
 */
export const ONLY: string[] | undefined = process.env.CRL_E2E_ONLY?.split(',').filter(Boolean);

export interface PlannedRow {
  template: TemplateId;
  flavor: FlavorId;
  arch: Arch;
  selected: boolean;
}

/**
 * Every template × flavor × arch row, and whether `scope` runs it. The covering rows take each
 * template × flavor pair once, on the arch its position picks: (template index + flavor
 * index) mod 2. So every template × flavor pair is checked, each template meets both arches
 * and so does each flavor, and sam and cdk (neighbours in FLAVORS) land on different arches:
 * each template × arch compile serves one of the two builds. The template × arch pairs are
 * all built and run anyway, by the unit checks of every run. `full` takes every row.
 */
export function plan(scope: Scope = SCOPE): PlannedRow[] {
  return scopedTemplates(scope).flatMap((t, ti) =>
    FLAVORS.flatMap((f, fi) =>
      ARCHES.map((arch, ai) => ({ template: t.id, flavor: f.id, arch, selected: scope === 'full' || (ti + fi) % ARCHES.length === ai })),
    ),
  );
}

/** The templates checked in projects of their own: in CI those with `ci: 'own'`, in the full run all. */
export function scopedTemplates(scope: Scope = SCOPE): TemplateCase[] {
  if (ONLY) return TEMPLATES.filter((t) => ONLY?.includes(t.id));
  return TEMPLATES.filter((t) => scope === 'full' || t.ci === 'own');
}

/** The project = package = binary = function name of a template × arch: unique, because the target folders are shared. */
export function unitName(template: TemplateId, arch: Arch): string {
  return `crl-e2e-${template}-${arch === 'x86_64' ? 'x86' : arch}`;
}

/**
 * The flavor a template × arch workspace (and a lifecycle case's) is generated with. Its crates
 * (the root Cargo.toml and everything under functions/) must equal those of every flavor with
 * a check `inUnit`; the suite compares them before it stages a flavor's files there.
 */
export const UNIT_FLAVOR: FlavorId = 'sam';
