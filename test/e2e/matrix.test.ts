// End-to-end proof of every template with the real tools, as loops over the data in cases/:
// per template its events and expected answers (templates.ts), per flavor its checks
// (flavors.ts), and the rows this run checks (plan.ts: the covering rows, or every row with
// `npm run test:e2e:full`).
//
// Three lanes run side by side, each in order: the host checks (debug builds, then a forked
// template), and one per arch — for each template its one release compile and the checks that
// reuse it. The Terraform validate checks come last: they wait for the provider build .ci/run
// starts first.
import { afterAll, beforeAll, describe } from 'vitest';
import { ARCHES, HOST } from '../harness/toolchain.js';
import { FULL_COMMAND, plan, SCOPE } from './cases/plan.js';
import { TEMPLATES } from './cases/templates.js';
import { forkChecks } from './support/fork.js';
import { hostChecks } from './support/host.js';
import { lane } from './support/lanes.js';
import { GLOBAL_MATRIX_ENV, printMatrix, recordPlan, resetMatrix } from './support/matrix.js';
import { cleanupProjects, generateProjects } from './support/projects.js';
import { readmeChecks } from './support/readme.js';
import { rowChecks } from './support/rows.js';
import { unitChecks } from './support/unit.js';

const rows = plan();
const selected = rows.filter((r) => r.selected);

beforeAll(async () => {
  if (!process.env[GLOBAL_MATRIX_ENV]) resetMatrix();
  recordPlan({ scope: SCOPE, fullCommand: FULL_COMMAND, rows });
  await generateProjects(rows);
}, 10 * 60_000);

afterAll(() => {
  cleanupProjects();
  if (!process.env[GLOBAL_MATRIX_ENV]) printMatrix();
});

describe.concurrent('matrix', () => {
  lane(`host (${HOST}, debug builds)`, (host) => {
    for (const t of TEMPLATES) hostChecks(host, t);
    for (const t of TEMPLATES) readmeChecks(host, t);
    forkChecks(host);
  });
  for (const arch of ARCHES) {
    lane(`${arch} (release builds)`, (builds) => {
      for (const t of TEMPLATES) {
        unitChecks(builds, t, arch);
        for (const row of selected.filter((r) => r.template === t.id && r.arch === arch)) rowChecks(row, builds);
      }
    });
  }
});

describe('after the Terraform provider build', () => {
  for (const row of selected) rowChecks(row, 'last');
});
