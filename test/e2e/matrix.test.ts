// End-to-end proof of every template with the real tools, as loops over the data in cases/:
// per template its events and expected answers (templates.ts), per flavor its checks
// (flavors.ts), the projects that live on after `create` — grown by `add`, edited, upgraded
// (lifecycle.ts) — and the rows this run checks (plan.ts and lifecycle.ts: the covering rows,
// or every row with `npm run test:e2e:full`).
//
// Lanes run side by side, each in order: one per deployed project (support/deploy.ts), the host checks (debug builds, a forked
// template, the lifecycle projects' Rust checks and local invokes, `add` refusing a conflict),
// and one per arch — the compiles of the deployed projects first, then for each template, then
// each lifecycle workspace, its one release compile and the checks that reuse it, and then each
// workspace's functions beside the same templates' own projects. The Terraform
// validate checks come last: they wait for the provider build .ci/run starts first.
import { afterAll, beforeAll, describe } from 'vitest';
import { ARCHES, HOST } from '../harness/toolchain.js';
import { deployPlan, LIFECYCLE, lifecyclePlan } from './cases/lifecycle.js';
import { FULL_COMMAND, ONLY, plan, SCOPE, scopedTemplates } from './cases/plan.js';
import { deployChecks } from './support/deploy.js';
import { forkChecks } from './support/fork.js';
import { hostChecks } from './support/host.js';
import { lane } from './support/lanes.js';
import { conflictChecks, lifecycleAlone, lifecycleCompile, lifecycleHostChecks, lifecycleRow } from './support/lifecycle.js';
import { GLOBAL_MATRIX_ENV, printMatrix, recordPlan, resetMatrix } from './support/matrix.js';
import { inPhase } from './support/phase.js';
import { cleanupProjects, generateProjects, lifecycleArches } from './support/projects.js';
import { readmeChecks } from './support/readme.js';
import { rowChecks, templateRow } from './support/rows.js';
import { saveSourceTimes } from './support/source-times.js';
import { cleanupBinaries, unitChecks } from './support/unit.js';

const rows = plan();
const selected = rows.filter((r) => r.selected);
const lifecycle = ONLY ? [] : lifecyclePlan(SCOPE);
const lifecycleSelected = lifecycle.filter((r) => r.selected);
const deploys = ONLY ? [] : deployPlan();
/** the lifecycle projects to make and compile: the lifecycle rows' and the deploy rows' */
const made = [...lifecycle, ...deploys];

beforeAll(async () => {
  if (!process.env[GLOBAL_MATRIX_ENV]) resetMatrix();
  recordPlan({
    scope: SCOPE,
    fullCommand: FULL_COMMAND,
    rows: [...rows, ...lifecycle.map((r) => ({ template: r.case.label, flavor: r.flavor, arch: r.arch, selected: r.selected }))],
  });
  await inPhase('generate projects', () => generateProjects(rows, made));
}, 10 * 60_000);

afterAll(() => {
  saveSourceTimes();
  cleanupProjects();
  cleanupBinaries();
  if (!process.env[GLOBAL_MATRIX_ENV]) printMatrix();
});

describe.concurrent('matrix', () => {
  lane(`host (${HOST}, debug builds)`, (host) => {
    for (const t of scopedTemplates()) hostChecks(host, t);
    for (const t of scopedTemplates()) readmeChecks(host, t);
    if (ONLY) return;
    forkChecks(host);
    for (const c of LIFECYCLE) lifecycleHostChecks(host, c, lifecycle);
    conflictChecks(host, HOST);
  });
  // the deploy rows wait for the compiles they reuse, then deploy while the release lanes go on;
  // a deploy mostly waits on the emulator and the tools' own pacing, so they overlap: per project,
  // Terraform in a lane of its own (its destroy waits 2 minutes per SQS queue), the other flavors
  // one after another in another. With a lane per project × flavor (twelve emulators at once) a
  // Terraform provider's AddPermission hung for 5 minutes in two runs of four, and its retry met
  // its own first attempt (409)
  for (const c of LIFECYCLE.filter((l) => deploys.some((r) => r.case === l))) {
    const phase = `deploy (local AWS, ${HOST})`;
    for (const terraform of [true, false]) {
      const rows = deploys.filter((r) => r.case === c && (r.flavor === 'terraform') === terraform);
      const title = `${phase}: ${c.label}${terraform ? ' (terraform)' : ''}`;
      if (rows.length > 0) lane(title, (deployLane) => rows.forEach((r) => deployChecks(deployLane, r)), phase);
    }
  }
  for (const arch of ARCHES) {
    lane(`${arch} (release builds)`, (builds) => {
      // the compiles the deploy lanes reuse come first, so their deploys (mostly waiting) overlap the rest
      const compiled = LIFECYCLE.filter((c) => deploys.some((r) => r.case === c && r.arch === arch));
      for (const c of compiled) lifecycleCompile(builds, c, arch);
      for (const t of scopedTemplates()) {
        unitChecks(builds, t, arch);
        for (const row of selected.filter((r) => r.template === t.id && r.arch === arch)) rowChecks(templateRow(row), builds);
      }
      for (const c of LIFECYCLE) {
        if (!compiled.includes(c) && lifecycleArches(c, made).includes(arch)) lifecycleCompile(builds, c, arch);
        for (const r of lifecycleSelected.filter((l) => l.case.id === c.id && l.arch === arch)) rowChecks(lifecycleRow(r), builds);
      }
      // every compile is done: each workspace's functions beside the same templates' own projects
      for (const c of LIFECYCLE) if (lifecycleArches(c, made).includes(arch)) lifecycleAlone(builds, c, arch);
    });
  }
});

describe('after the Terraform provider build', () => {
  for (const row of [...selected.map(templateRow), ...lifecycleSelected.map(lifecycleRow)]) rowChecks(row, 'last');
});
