// The first build, as a new user meets it: each template's project (`--iac none`, its measured
// variables) built from an empty target folder, its crates already downloaded:
//   - release, per architecture: `cargo lambda build --release --package <fn>` (what the README's
//     build and every deploy run), arm64 cross-compiled as the README does it;
//   - dev, on this machine: `cargo build --package <fn>` with the dev profile, what the first
//     `cargo lambda watch` invoke compiles before it answers.
// Beside each, the same build of what `cargo lambda new` makes for the same kind of function (the
// http anchor for lambda_http templates, the event anchor for the others; anchor.ts), in the same
// run. Wall time, CPU time (user + system) and crates compiled; the builds run one after the other.
//
//   npx tsx scripts/bench/first-build.ts          (the CLI must be built: npm run build)
//   TEMPLATES=http,sqs ARCHES=x86_64 npx tsx scripts/bench/first-build.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { minutesAndSeconds } from '../../src/costs/first-build.js';
import { cargoLambdaBuild, compiledCrates } from '../../test/harness/cargo-lambda.js';
import { run } from '../../test/harness/exec.js';
import { gnuTimeWorks } from '../../test/harness/gnu-time.js';
import { type Arch, rustcVersion } from '../../test/harness/toolchain.js';
import { ANCHORS, newAnchor, times } from './anchor.js';
import { generateOurs, measuredArgs, options, templatesFromCli } from './functions.js';

export type BuildKind = `release ${Arch}` | 'dev';

export interface Build {
  ms: number;
  cpuMs: number;
  crates: number;
}

export interface FirstBuildRow {
  template: string;
  /** which `cargo lambda new` project it is compared with */
  anchor: keyof typeof ANCHORS;
  builds: Partial<Record<BuildKind, Build>>;
  error?: string;
}

export interface FirstBuildResult {
  date: string;
  rustc: string;
  arches: Arch[];
  /** 1-minute load average before and after: each build keeps both cores busy itself */
  load: [number, number];
  rows: FirstBuildRow[];
  anchors: Record<string, Partial<Record<BuildKind, Build>>>;
}

const log = (...a: unknown[]) => console.error('[bench]', ...a);

/** One build of crate `name` of the workspace `dir`, into an empty target folder of its own. */
async function coldBuild(work: string, dir: string, name: string, kind: BuildKind, extension: boolean): Promise<Build> {
  const targetDir = mkdtempSync(join(work, 'target-'));
  try {
    if (kind === 'dev') {
      const started = process.hrtime.bigint();
      const { stderr, cpuSeconds } = await run('cargo', ['build', '--package', name], {
        cwd: dir,
        env: { CARGO_TARGET_DIR: targetDir, CARGO_TERM_COLOR: 'never', CARGO_TERM_PROGRESS_WHEN: 'never' },
        timeoutMs: 30 * 60_000,
      });
      return {
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        cpuMs: (cpuSeconds ?? Number.NaN) * 1000,
        crates: compiledCrates(stderr),
      };
    }
    const arch = kind.slice('release '.length) as Arch;
    const r = await cargoLambdaBuild({ dir, name, arch, kind: extension ? 'extension' : 'function', targetDir, cpu: true });
    return { ms: r.ms, cpuMs: r.cpuMs ?? Number.NaN, crates: r.crates };
  } finally {
    rmSync(targetDir, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(0);

export async function benchFirstBuild(): Promise<FirstBuildResult> {
  if (!gnuTimeWorks()) throw new Error('the first-build benchmark measures CPU time with GNU time (apt install time)');
  const fnOpts = options();
  const templates = fnOpts.templates ?? templatesFromCli();
  const kinds: BuildKind[] = [...fnOpts.arches.map((a) => `release ${a}` as const), 'dev'];
  const work = mkdtempSync(join(tmpdir(), 'crl-bench-first-build-'));
  const load: [number, number] = [loadavg()[0] ?? Number.NaN, Number.NaN];
  const rows: FirstBuildRow[] = [];
  const anchors: FirstBuildResult['anchors'] = {};
  try {
    for (const id of Object.keys(ANCHORS)) {
      const anchor = newAnchor(work, id);
      anchors[id] = {};
      for (const kind of kinds) {
        log(`first build: cargo lambda new (${id}), ${kind}`);
        const b = await coldBuild(work, anchor.dir, anchor.name, kind, false);
        (anchors[id] as Record<string, Build>)[kind] = b;
        log(`  ${seconds(b.ms)} s, CPU ${seconds(b.cpuMs)} s, ${b.crates} crates`);
      }
    }
    for (const id of templates) {
      const ours = generateOurs(work, id, measuredArgs(id));
      const usesHttp = /^lambda_http\s*=/m.test(readFileSync(join(ours.crate, 'Cargo.toml'), 'utf8'));
      const row: FirstBuildRow = { template: id, anchor: usesHttp ? 'http' : 'event', builds: {} };
      rows.push(row);
      try {
        for (const kind of kinds) {
          log(`first build: ${id}, ${kind}`);
          const b = await coldBuild(work, ours.dir, ours.name, kind, id === 'extension');
          row.builds[kind] = b;
          log(`  ${seconds(b.ms)} s, CPU ${seconds(b.cpuMs)} s, ${b.crates} crates`);
        }
      } catch (err) {
        row.error = (err as Error).message.split('\n').slice(0, 3).join(' ');
        log(`  ${id}: ${row.error}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  load[1] = loadavg()[0] ?? Number.NaN;
  return { date: new Date().toISOString(), rustc: rustcVersion('x86_64'), arches: fnOpts.arches, load, rows, anchors };
}

const minSec = (ms: number) => minutesAndSeconds(ms / 1000);

/** The first-build part of docs/BENCHMARKS.md. */
export function firstBuildMarkdown(r: FirstBuildResult): string {
  const kinds: BuildKind[] = [...r.arches.map((a) => `release ${a}` as const), 'dev'];
  const md: string[] = [];
  md.push(`Measured ${r.date.replace('T', ' ').slice(0, 16)} UTC, ${r.rustc}.`);
  md.push('');
  md.push(
    "Each template's project (`--iac none`) built from an empty target folder, crates already downloaded: the release build of each architecture " +
      '(`cargo lambda build --release --package <fn>`, arm64 cross-compiled) and the dev build on this machine (`cargo build --package <fn>`, ' +
      "what the first `cargo lambda watch` invoke compiles). Beside each, the same build of `cargo lambda new`'s project for the same kind of function " +
      `(http: \`${ANCHORS.http?.join(' ')}\` for the templates on lambda_http; event: \`${ANCHORS.event?.join(' ')}\` for the others), in the same run, one build after the other. ` +
      `CPU is user + system time; wall time is on this machine's cores (1-minute load average ${r.load.map((l) => l.toFixed(1)).join(' → ')}).`,
  );
  md.push('');
  md.push('| template | build | wall | CPU | × anchor CPU | crates | anchor crates |');
  md.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [id, builds] of Object.entries(r.anchors)) {
    for (const kind of kinds) {
      const b = builds[kind];
      if (b) md.push(`| cargo lambda new (${id}) | ${kind} | ${minSec(b.ms)} | ${minSec(b.cpuMs)} | ×1.00 | ${b.crates} | ${b.crates} |`);
    }
  }
  for (const row of r.rows) {
    if (row.error) {
      md.push(`| ${row.template} | | could not be measured: ${row.error} | | | | |`);
      continue;
    }
    for (const kind of kinds) {
      const b = row.builds[kind];
      const a = r.anchors[row.anchor]?.[kind];
      if (!b) continue;
      md.push(
        `| ${row.template} | ${kind} | ${minSec(b.ms)} | ${minSec(b.cpuMs)} | ${times(b.cpuMs, a?.cpuMs)} (${row.anchor}) | ${b.crates} | ${a?.crates ?? '—'} |`,
      );
    }
  }
  return md.join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const r = await benchFirstBuild();
  console.log(JSON.stringify(r, null, 2));
  console.error(firstBuildMarkdown(r));
}
