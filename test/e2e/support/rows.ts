// The checks of one template × flavor × arch row: the ones every row gets (ROW_CHECKS), then its
// flavor's list. Checks `inUnit` run in the template × arch crate folder — the flavor's files
// staged beside the crate after checking that the crates are the same — so `sam build` and
// `cdk synth` reuse the unit's compile.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { it, type TestContext } from 'vitest';
import { buildSetup } from '../../harness/toolchain.js';
import { FLAVORS, type FlavorSpec, ROW_CHECKS } from '../cases/flavors.js';
import type { PlannedRow } from '../cases/plan.js';
import { templateCase } from '../cases/templates.js';
import type { Lane } from './lanes.js';
import { check } from './matrix.js';
import { rowProject, unitProject } from './projects.js';
import { unitBinary } from './unit.js';

/** the provider build may still be running when the lanes are done */
const LAST_TIMEOUT = 60 * 60_000;

/** The Rust crate's files, relative to the project root: what a flavor must share with the unit. */
function crateFiles(dir: string): string[] {
  const files = ['Cargo.toml'];
  for (const sub of ['src', 'events']) {
    if (!existsSync(join(dir, sub))) continue;
    for (const entry of readdirSync(join(dir, sub), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name).slice(dir.length + 1));
    }
  }
  return files.sort();
}

const staged = new Map<string, string>();

/** Copies the row's flavor files beside the unit's crate (once per row); throws if the crates differ. */
function stage(row: PlannedRow, flavor: FlavorSpec): string {
  const key = `${row.template}/${row.flavor}/${row.arch}`;
  const done = staged.get(key);
  if (done) return done;
  const t = templateCase(row.template);
  unitBinary(t, row.arch); // the compile this check reuses
  const unit = unitProject(row.template, row.arch).dir;
  const own = rowProject(row.template, row.flavor, row.arch).dir;
  const files = crateFiles(own);
  const differs = files.filter((f) => !existsSync(join(unit, f)) || !readFileSync(join(own, f)).equals(readFileSync(join(unit, f))));
  if (differs.length > 0 || crateFiles(unit).length !== files.length) {
    throw new Error(`the ${row.flavor} project carries another Rust crate than the unit: ${differs.join(', ') || 'different file lists'}`);
  }
  for (const file of flavor.stage) {
    if (!existsSync(join(own, file))) continue;
    rmSync(join(unit, file), { recursive: true, force: true });
    cpSync(join(own, file), join(unit, file), { recursive: true });
  }
  staged.set(key, unit);
  return unit;
}

/**
 * Registers the row's checks: in its lane, or — for `last` checks (they wait for the Terraform
 * provider) — as plain tests after the lanes.
 */
export function rowChecks(row: PlannedRow, lane: Lane | 'last'): void {
  const flavor = FLAVORS.find((f) => f.id === row.flavor);
  if (!flavor) throw new Error(`no flavor ${row.flavor}`);
  const t = templateCase(row.template);
  const subject = `${row.template} + ${row.flavor}`;
  for (const c of [...ROW_CHECKS, ...flavor.checks].filter((c) => !!c.last === (lane === 'last'))) {
    const name = `${subject} (${row.arch}): ${c.name}`;
    const test = (ctx: TestContext) =>
      check(
        { subject, arch: row.arch, check: c.name },
        () => {
          const { dir, name: pkg, nextSteps } = rowProject(row.template, row.flavor, row.arch);
          const buildEnv = { ...buildSetup(row.arch).env, CARGO_TERM_COLOR: 'never' };
          const target = {
            template: t,
            arch: row.arch,
            name: pkg,
            dir: c.inUnit ? stage(row, flavor) : dir,
            buildEnv,
            flavor: row.flavor,
            nextSteps,
          };
          return c.run(target);
        },
        ctx,
      );
    if (lane === 'last') it(name, test, LAST_TIMEOUT);
    else lane.it(name, test);
  }
}
