// The checks of the lifecycle cases (cases/lifecycle.ts): per row, the edits are still there,
// every function is wired in and an upgrade gives this version's project; per case, the
// workspace compile every flavor of an arch shares, and — on the host — fmt, clippy, test and
// each function's cases through `cargo lambda watch`; and `add` stopping on an edit that
// conflicts, with nothing written.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePatch } from 'diff';
import { expect } from 'vitest';
import { pascalName } from '../../../src/names.js';
import type { Arch } from '../../harness/toolchain.js';
import type { FlavorCheck } from '../cases/flavors.js';
import { CONFLICT, IAC_EDITS, type LifecycleCase, type LifecycleRow, lifecycleSubject } from '../cases/lifecycle.js';
import { FULL_COMMAND, scopedTemplates } from '../cases/plan.js';
import { templateCase } from '../cases/templates.js';
import { cli, generate, projectFunctions, projectTree } from './generate.js';
import { rustChecks, watchCases } from './host.js';
import type { Lane } from './lanes.js';
import { check, Skipped } from './matrix.js';
import { lifecycleArches, lifecycleProject, lifecycleUnit, unitProject } from './projects.js';
import { localSection } from './readme.js';
import type { CheckedRow } from './rows.js';
import { builtBinary, compileWorkspace, statedSizeCheck, templateCompile, unitBinary } from './unit.js';

/** The functions a case's project has on `arch`, in order: its first, then each added one. */
export const caseFunctions = (c: LifecycleCase, arch: Arch) => [
  { name: c.name(arch), template: c.first },
  ...c.adds.map((a) => ({ name: a.name, template: a.template })),
];

const compileKey = (c: LifecycleCase, arch: Arch) => `lifecycle:${c.id}/${arch}`;

/** The checks a lifecycle row adds to its flavor's: what the commands that made it must have done. */
function ownChecks(r: LifecycleRow): FlavorCheck[] {
  const project = () => lifecycleProject(r.case, r.flavor, r.arch);
  const checks: FlavorCheck[] = [];
  if (r.case.edits.length > 0) {
    checks.push({
      name: 'every edit kept',
      run: async () => {
        const p = project();
        if (p.edits.length === 0) throw new Error('no edit was made');
        for (const e of p.edits) expect(readFileSync(join(p.dir, e.path), 'utf8'), e.path).toContain(e.mark);
        return p.edits.map((e) => e.path).join(', ');
      },
    });
  }
  checks.push({
    name: 'every function wired in',
    run: async () => {
      const p = project();
      const want = caseFunctions(r.case, r.arch);
      expect(projectFunctions(p.dir).map((f) => ({ name: f.name, template: f.template }))).toEqual(want);
      const readme = readFileSync(join(p.dir, 'README.md'), 'utf8');
      const iac = IAC_EDITS[r.flavor]?.file(p.name);
      const iacText = iac ? readFileSync(join(p.dir, iac), 'utf8') : '';
      for (const f of want) {
        expect(readme, `README.md names ${f.name}`).toContain(f.name);
        if (iac)
          expect(
            [f.name, pascalName(f.name)].some((n) => iacText.includes(n)),
            `${iac} names ${f.name}`,
          ).toBe(true);
      }
      return `${want.map((f) => `${f.name} (${f.template})`).join(', ')} in rust-lambda.toml, functions/, README.md${iac ? ` and ${iac}` : ''}`;
    },
  });
  if (r.case.from !== 'create') {
    checks.push({
      name: "this version's project, but for the edits",
      run: async () => {
        const p = project();
        if (!p.reference || !p.made) throw new Error('no reference project');
        const ours = p.made;
        const theirs = p.reference;
        const edited = new Set(p.edits.map((e) => e.path));
        const missing = [...theirs.keys()].filter((f) => !ours.has(f));
        const extra = [...ours.keys()].filter((f) => !theirs.has(f));
        const differ = [...theirs.keys()].filter((f) => ours.has(f) && !edited.has(f) && ours.get(f) !== theirs.get(f));
        if (missing.length + extra.length + differ.length > 0)
          throw new Error(
            `upgraded project vs this version's: missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'}; different ${differ.join(', ') || '-'}`,
          );
        return `${theirs.size} files as this version makes them, ${edited.size} edited files merged`;
      },
    });
  }
  return checks;
}

/** A lifecycle row, with the workspace whose compile it shares. */
export function lifecycleRow(r: LifecycleRow): CheckedRow {
  const c = r.case;
  return {
    subject: lifecycleSubject(c, r.flavor),
    flavor: r.flavor,
    arch: r.arch,
    project: () => lifecycleProject(c, r.flavor, r.arch),
    unit: () =>
      c.compile === 'own'
        ? { dir: lifecycleUnit(c, r.arch).dir, compile: compileKey(c, r.arch) }
        : { dir: unitProject(c.first, r.arch).dir, compile: templateCompile(c.first, r.arch) },
    own: ownChecks(r),
  };
}

/** Arch lane: the one release compile of a case's workspace for `arch`, which every flavor's build reuses. */
export function lifecycleCompile(lane: Lane, c: LifecycleCase, arch: Arch): void {
  if (c.compile !== 'own') return;
  lane.it(`${c.label} ${arch}: cargo lambda build --release`, () =>
    check({ subject: c.label, arch, check: 'cargo lambda build --release' }, () => {
      const { dir } = lifecycleUnit(c, arch);
      const functions = projectFunctions(dir).map((f) => ({ name: f.name, kind: templateCase(f.template).kind }));
      return compileWorkspace(compileKey(c, arch), dir, functions, arch);
    }),
  );
  statedSizeCheck(lane, c.label, arch, compileKey(c, arch), () => lifecycleUnit(c, arch).dir);
}

/** How much bigger than alone a function's binary may be: the crate's own name and path differ (they are in its panic messages). */
const ALONE_SLACK = 1.005;

/**
 * Arch lane, after every compile: each function of a case's workspace is no bigger than the same
 * template's function in a project of its own (its template's compile), so growing a project costs
 * its functions nothing. Built together, Cargo would unify the features of their dependencies
 * (the AWS SDK's HTTP/2 and proxy support in every function of a project with one SDK function).
 */
export function lifecycleAlone(lane: Lane, c: LifecycleCase, arch: Arch): void {
  if (c.compile !== 'own') return;
  const name = 'each function no bigger than in a project of its own';
  lane.it(`${c.label} ${arch}: ${name}`, () =>
    check({ subject: c.label, arch, check: name }, () => {
      const functions = caseFunctions(c, arch);
      const compiledAlone = new Set(scopedTemplates().map((t) => t.id));
      const alone = functions.filter((f) => compiledAlone.has(f.template));
      if (alone.length === 0)
        throw new Skipped(
          `none of its templates is compiled in a project of its own in this run (this project checks them instead; ${FULL_COMMAND} compiles each alone)`,
        );
      const lines = alone.map((f) => {
        const here = statSync(builtBinary(compileKey(c, arch), f.name)).size;
        const own = statSync(unitBinary(templateCase(f.template), arch)).size;
        const line = `${f.name} (${f.template}) ${here} bytes, alone ${own}: ×${(here / own).toFixed(3)}`;
        if (here > own * ALONE_SLACK)
          throw new Error(`${line}: bigger than in a project of its own (${ALONE_SLACK}× allowed for its name)`);
        return line;
      });
      const unchecked = functions.length - alone.length;
      return `${lines.join('; ')}${unchecked > 0 ? `; ${unchecked} not compiled alone in this run` : ''}`;
    }),
  );
}

/**
 * Host lane: fmt, clippy and test at the root of the case's project, and every function's cases
 * through one `cargo lambda watch` there. Every project of the case has the same crates (the rows
 * compare them), so one project is checked: the case's workspace of the first arch it builds,
 * or its first row's project.
 */
export function lifecycleHostChecks(lane: Lane, c: LifecycleCase, planned: readonly LifecycleRow[]): void {
  const rows = planned.filter((r) => r.selected && r.case.id === c.id);
  const first = rows[0];
  if (!first) return;
  const arch = c.compile === 'own' ? (lifecycleArches(c, planned)[0] as Arch) : first.arch;
  const dir = () => (c.compile === 'own' ? lifecycleUnit(c, arch).dir : lifecycleProject(c, first.flavor, first.arch).dir);
  if (c.host.rust) rustChecks(lane, c.label, dir);
  if (c.host.invokes)
    watchCases(
      lane,
      c.label,
      caseFunctions(c, arch).map((f) => ({ name: f.name, t: templateCase(f.template) })),
      dir,
    );
  if (c.host.readme) {
    const name = 'README: local section run literally';
    lane.it(`${c.label}: ${name}`, () => check({ subject: c.label, arch: 'host', check: name }, () => localSection(dir())));
  }
}

/**
 * An edit that conflicts with `add`: a line that the add changes (read from `add --dry-run`),
 * changed otherwise by the user — in the flavor's IaC file if the add changes a line there, else
 * in the first file where it does. Returns the file and its edited text.
 */
function conflictingEdit(dir: string, diff: string, preferred: string): { file: string; text: string } {
  const changed = parsePatch(diff)
    .filter((p) => p.oldFileName?.startsWith('a/'))
    .map((p) => ({ file: (p.newFileName ?? '').replace(/^b\//, ''), hunk: p.hunks.find((h) => h.lines.some((l) => l.startsWith('-'))) }))
    .filter((p) => p.hunk);
  const pick = changed.find((p) => p.file === preferred) ?? changed[0];
  if (!pick?.hunk) throw new Error('add --dry-run changes no line of an existing file');
  let line = pick.hunk.oldStart - 1;
  for (const l of pick.hunk.lines) {
    if (l.startsWith('-')) break;
    if (l.startsWith(' ')) line += 1;
  }
  const lines = readFileSync(join(dir, pick.file), 'utf8').split('\n');
  lines[line] = `${lines[line]} (edited by the platform team)`;
  return { file: pick.file, text: lines.join('\n') };
}

/** Host lane: `add` into a project with an edit that conflicts with it stops, names the file and writes nothing. */
export function conflictChecks(lane: Lane, arch: Arch): void {
  const { first, add, flavors } = CONFLICT;
  for (const flavor of flavors) {
    const iac = IAC_EDITS[flavor];
    const subject = `${first} + ${flavor}, conflicting edit`;
    lane.it(`${subject}: add stops and writes nothing`, () =>
      check({ subject, arch: 'host', check: `add ${add.template} stops, nothing written` }, async () => {
        const name = `crl-conflict-${flavor}`;
        const p = await generate({ template: first, arch, iac: flavor, name });
        try {
          const args = ['add', add.template, '--name', add.name, '--yes'];
          const dry = await cli([...args, '--dry-run'], { cwd: p.dir });
          const { file, text } = conflictingEdit(p.dir, dry.stdout, iac?.file(name) ?? '');
          writeFileSync(join(p.dir, file), text);
          const before = projectTree(p.dir);
          const r = await cli(args, { cwd: p.dir, allowFailure: true });
          expect(r.code, r.stderr).toBe(1);
          expect(r.stderr).toContain(file);
          expect(r.stderr).toMatch(/nothing was written/);
          expect(r.stderr).toMatch(/--conflict-markers/);
          expect(projectTree(p.dir)).toEqual(before);
          return `exit 1 on ${file}; ${before.size} files unchanged`;
        } finally {
          p.cleanup();
        }
      }),
    );
  }
}
