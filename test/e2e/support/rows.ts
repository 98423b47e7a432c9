// The checks of one row — a template × flavor × arch, or a lifecycle case × flavor × arch: the
// row's own checks (a lifecycle row's edits and wiring), the ones every row gets (ROW_CHECKS),
// then its flavor's list. Checks `inUnit` run in the workspace whose compile the row shares —
// the flavor's files staged beside the crates after checking that the crates are the same — so
// `sam build`, `cdk synth` and the Terraform zips reuse that one compile.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { it, type TestContext } from 'vitest';
import { type Arch, buildSetup } from '../../harness/toolchain.js';
import { type CheckTarget, FLAVORS, type FlavorCheck, type FlavorId, type FlavorSpec, ROW_CHECKS } from '../cases/flavors.js';
import type { PlannedRow } from '../cases/plan.js';
import { templateCase } from '../cases/templates.js';
import { crateFiles } from './crate-files.js';
import { type Generated, projectFunctions } from './generate.js';
import type { Lane } from './lanes.js';
import { check } from './matrix.js';
import { inPhase } from './phase.js';
import { rowProject, unitProject } from './projects.js';
import { builtBinary, templateCompile } from './unit.js';

/** the provider build may still be running when the lanes are done */
const LAST_TIMEOUT = 60 * 60_000;
const LAST_PHASE = 'after the lanes (waits for the Terraform provider)';

/** A row of the matrix, whatever made its project. */
export interface CheckedRow {
  subject: string;
  flavor: FlavorId;
  arch: Arch;
  /** the row's own project */
  project(): Generated;
  /** the workspace whose compile the `inUnit` checks reuse, and that compile's key (unit.ts) */
  unit(): { dir: string; compile: string };
  /** the row's own checks, before the common ones */
  own?: FlavorCheck[];
}

/** A template × flavor × arch row: its project, and the template × arch workspace it shares a compile with. */
export function templateRow(row: PlannedRow): CheckedRow {
  return {
    subject: `${row.template} + ${row.flavor}`,
    flavor: row.flavor,
    arch: row.arch,
    project: () => rowProject(row.template, row.flavor, row.arch),
    unit: () => ({ dir: unitProject(row.template, row.arch).dir, compile: templateCompile(row.template, row.arch) }),
  };
}

/** The crate files that differ between two workspaces (present in one only, or with other content). */
export function crateDifferences(a: string, b: string): string[] {
  const files = [...new Set([...crateFiles(a), ...crateFiles(b)])].sort();
  return files.filter(
    (f) => !existsSync(join(a, f)) || !existsSync(join(b, f)) || !readFileSync(join(a, f)).equals(readFileSync(join(b, f))),
  );
}

const staged = new Map<string, string>();

/** Copies the row's flavor files beside the unit's crates (once per row); throws if the crates differ. */
function stage(row: CheckedRow, flavor: FlavorSpec): string {
  const key = `${row.subject}/${row.arch}`;
  const done = staged.get(key);
  if (done) return done;
  const unit = row.unit().dir;
  const own = row.project().dir;
  const differs = crateDifferences(own, unit);
  if (differs.length > 0)
    throw new Error(
      `the ${row.flavor} project carries other Rust crates than the workspace it shares a compile with: ${differs.join(', ')}`,
    );
  for (const file of flavor.stage) {
    rmSync(join(unit, file), { recursive: true, force: true });
    if (existsSync(join(own, file))) cpSync(join(own, file), join(unit, file), { recursive: true });
  }
  staged.set(key, unit);
  return unit;
}

/** The workspace whose compile `row` shares, with the row's flavor files staged beside its crates (after that compile). */
export function stagedUnit(row: CheckedRow): string {
  const flavor = FLAVORS.find((f) => f.id === row.flavor);
  if (!flavor) throw new Error(`no flavor ${row.flavor}`);
  const { compile } = row.unit();
  for (const f of projectFunctions(row.project().dir)) builtBinary(compile, f.name);
  return stage(row, flavor);
}

/** What a check of `row` works on: its project (or, `inUnit`, the workspace it shares a compile with) and its functions. */
function target(row: CheckedRow, flavor: FlavorSpec, inUnit: boolean): CheckTarget {
  const { dir, name, nextSteps } = row.project();
  const unit = row.unit();
  const functions = projectFunctions(dir).map((f) => ({
    name: f.name,
    template: templateCase(f.template),
    built: () => builtBinary(unit.compile, f.name),
  }));
  const first = functions[0];
  if (!first) throw new Error(`${dir} has no function`);
  if (inUnit) for (const f of functions) f.built(); // the compile this check reuses
  return {
    template: first.template,
    arch: row.arch,
    name,
    functions,
    dir: inUnit ? stage(row, flavor) : dir,
    buildEnv: { ...buildSetup(row.arch).env, CARGO_TERM_COLOR: 'never' },
    flavor: row.flavor,
    nextSteps,
  };
}

/**
 * Registers the row's checks: in its lane, or — for `last` checks (they wait for the Terraform
 * provider) — as plain tests after the lanes.
 */
export function rowChecks(row: CheckedRow, lane: Lane | 'last'): void {
  const flavor = FLAVORS.find((f) => f.id === row.flavor);
  if (!flavor) throw new Error(`no flavor ${row.flavor}`);
  for (const c of [...(row.own ?? []), ...ROW_CHECKS, ...flavor.checks].filter((c) => !!c.last === (lane === 'last'))) {
    const name = `${row.subject} (${row.arch}): ${c.name}`;
    const test = (ctx: TestContext) =>
      check({ subject: row.subject, arch: row.arch, check: c.name }, () => c.run(target(row, flavor, !!c.inUnit)), ctx);
    if (lane === 'last') it(name, (ctx) => inPhase(LAST_PHASE, () => test(ctx)), LAST_TIMEOUT);
    else lane.it(name, test);
  }
}
