// `npm run bench`: the CLI benchmark, the generated-functions benchmark and the projects of
// several functions (`add`, the workspace build) in one run, every figure beside a baseline
// measured in the same run, written to docs/BENCHMARKS.md and docs/benchmarks.svg (raw
// figures: docs/benchmarks.json).
//
//   npm run bench                    (tsx runs these TypeScript files; test/harness/ is shared with the e2e suite)
//   TEMPLATES=http ARCHES=x86_64 RUNS=5 INVOCATIONS=100 LATENCY_INVOCATIONS=100 SKIP_CLEAN_BUILD=1 npm run bench   (quick)
//   SKIP_CLI=1 / SKIP_FUNCTIONS=1 / SKIP_ANCHOR=1 / SKIP_FIRST_BUILD=1 / SKIP_WORKSPACE=1   leave a part out (its part of the doc is then omitted)
//   REPORT_FROM=docs/benchmarks.json BENCH_PARTS=workspace npm run bench   measure one part again, keep the others' figures
//   BENCH_OUT=/tmp/x.md             write the report elsewhere (the SVG and JSON go beside it)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { REPO_ROOT as root } from '../../test/harness/paths.js';
import { type AnchorResult, anchorMarkdown, anchorOptions, benchAnchor } from './anchor.js';
import { barChart } from './chart.js';
import { benchCli, type CliResult, cliMarkdown } from './cli.js';
import { FIGURES_FILE, writeBuildFigures, writeFigures } from './figures.js';
import { benchFirstBuild, type FirstBuildResult, firstBuildMarkdown } from './first-build.js';
import { benchFunctions, type FunctionsResult, type Measured, options, PACED_INVOCATIONS, portable } from './functions.js';
import { notes } from './notes.js';
import { benchWorkspace, type WorkspaceResult, workspaceMarkdown } from './workspace.js';

const outMd = resolve(process.env.BENCH_OUT ?? join(root, 'docs', 'BENCHMARKS.md'));
const outSvg = process.env.BENCH_OUT ? `${outMd.replace(/\.md$/, '')}.svg` : join(dirname(outMd), 'benchmarks.svg');
const outJson = outSvg.replace(/\.svg$/, '.json');
const log = (...a: unknown[]) => console.error('[bench]', ...a);
mkdirSync(dirname(outMd), { recursive: true });

const TARGETS = {
  httpSizeBytes: 2 * 1024 * 1024,
  coldStartMs: 10,
  rssKb: { http: 12 * 1024, dynamodb: 20 * 1024 },
};

const startedAt = new Date();
const t0 = Date.now();
const loadStart = loadavg();

function machine() {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memGiB: (totalmem() / 2 ** 30).toFixed(1),
    os,
    kernel: sh('uname', ['-r']),
    node: process.version,
    npm: sh('npm', ['--version']),
  };
}

/** The machine as the README's figures name it: "Intel Xeon, 2 cores". */
function machineLine(): string {
  const m = machine();
  const cpu = m.cpu
    .replace(/\(R\)|Processor/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `${cpu}, ${m.cores} cores`;
}

// REPORT_FROM=<benchmarks.json or a BENCH_PARTIAL file>: write the report from saved figures;
// with BENCH_PARTS=<cli,functions,anchor,workspace> those parts are measured again and the rest kept
interface Saved extends Partial<FunctionsResult> {
  date?: string;
  minutes?: number;
  loadStart?: number[];
  loadEnd?: number[];
  note?: string;
  cli?: CliResult | null;
  functions?: FunctionsResult | null;
  workspace?: WorkspaceResult | null;
  anchor?: AnchorResult | null;
  firstBuild?: FirstBuildResult | null;
  reproduce?: string;
  partDates?: Partial<Record<string, string>>;
  machine?: ReturnType<typeof machine>;
}
const saved = process.env.REPORT_FROM ? (JSON.parse(readFileSync(process.env.REPORT_FROM, 'utf8')) as Saved) : null;
const PARTS = ['cli', 'functions', 'anchor', 'first-build', 'workspace'] as const;
type Part = (typeof PARTS)[number];
const measured = new Set<Part>(
  (process.env.BENCH_PARTS?.split(',').map((p) => p.trim()) ?? (saved ? [] : [...PARTS])).filter((p): p is Part =>
    (PARTS as readonly string[]).includes(p),
  ),
);
if (process.env.SKIP_CLI) measured.delete('cli');
if (process.env.SKIP_FUNCTIONS) measured.delete('functions');
if (process.env.SKIP_WORKSPACE) measured.delete('workspace');
if (process.env.SKIP_ANCHOR) measured.delete('anchor');
if (process.env.SKIP_FIRST_BUILD) measured.delete('first-build');
if (measured.size > 0) {
  log('npm run build');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

let cli: CliResult | null = saved?.cli ?? null;
if (measured.has('cli')) {
  log('CLI benchmark');
  cli = await benchCli();
}
let fns: FunctionsResult | null = saved
  ? (saved.functions ?? (saved.results && saved.settings ? { results: saved.results, settings: saved.settings } : null))
  : null;
const fnOpts = options();
if (measured.has('functions')) {
  log(`functions benchmark: arches ${fnOpts.arches.join(', ')}; ${fnOpts.runs} cold starts, ${fnOpts.invocations} invocations`);
  fns = await benchFunctions(fnOpts);
  const rows = writeFigures(fns, startedAt, machineLine());
  log(`${rows} template × arch rows of the README's figures written to ${FIGURES_FILE}`);
}
let anchor: AnchorResult | null = saved?.anchor ?? null;
if (measured.has('anchor')) {
  log('our http and event functions beside cargo lambda new');
  anchor = await benchAnchor(anchorOptions());
}
let firstBuild: FirstBuildResult | null = saved?.firstBuild ?? null;
if (measured.has('first-build')) {
  log('the first build of every template, beside cargo lambda new');
  firstBuild = await benchFirstBuild();
  const rows = writeBuildFigures(firstBuild, machineLine());
  log(`${rows} templates' first-build figures written to ${FIGURES_FILE}`);
}
let ws: WorkspaceResult | null = saved?.workspace ?? null;
if (measured.has('workspace')) {
  log('projects of several functions: add and the workspace build');
  ws = await benchWorkspace();
}
// what was measured, before anything can fail writing the report (REPORT_FROM=<this file> writes it again)
const partial = process.env.BENCH_PARTIAL ?? join(tmpdir(), `crl-bench-${process.pid}.json`);
if (measured.size > 0) {
  writeFileSync(
    partial,
    JSON.stringify({ date: startedAt.toISOString(), cli, functions: fns, anchor, firstBuild, workspace: ws }, null, 2),
  );
  log(`figures saved in ${partial}`);
}
// when each part was measured (a report may keep figures of an earlier run)
const partDates = Object.fromEntries(
  PARTS.map((p) => [p, measured.has(p) ? startedAt.toISOString() : (saved?.partDates?.[p] ?? saved?.date ?? startedAt.toISOString())]),
) as Record<Part, string>;
// a report that keeps figures of an earlier run says which ones, and when each part was measured
const kept = PARTS.filter((p) => !measured.has(p) && { cli, functions: fns, anchor, 'first-build': firstBuild, workspace: ws }[p]);
const mixed = saved !== null && measured.size > 0 && kept.length > 0;
const note = mixed
  ? `${[...measured].join(' and ')} measured in this run; ${kept.join(' and ')} from the run of ${partDates[kept[0] as Part].replace('T', ' ').slice(0, 16)} UTC${saved?.minutes ? ` (${saved.minutes.toFixed(0)} min)` : ''}; the date, machine and load lines above are this run's, the Rust line that run's.`
  : saved?.note;
const loadEnd = mixed || !saved?.loadEnd ? loadavg() : saved.loadEnd;
const minutes = saved && !mixed && saved.minutes !== undefined ? saved.minutes : (Date.now() - t0) / 60_000;
if (saved?.loadStart && !mixed) loadStart.splice(0, 3, ...saved.loadStart);
if (saved?.date && !mixed) startedAt.setTime(Date.parse(saved.date));

// ---------- formatting
type Figure = number | null | undefined;
const mb = (kb: Figure) => ((kb ?? NaN) / 1024).toFixed(1);
const mib = (bytes: Figure) => ((bytes ?? NaN) / 1024 / 1024).toFixed(2);
const ratio = (a: Figure, b: Figure) => (a != null && b != null && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : NaN);
const fr = (a: Figure, b: Figure) => {
  const r = ratio(a, b);
  return Number.isFinite(r) ? `×${r.toFixed(2)}` : '—';
};
const fms = (v: Figure) => (v != null && Number.isFinite(v) ? v.toFixed(v < 1 ? 3 : 1) : '—');
const triple = (o: Figure, b: Figure, f: (v: Figure) => string) => `${f(o)} | ${f(b)} | ${fr(o, b)}`;
const n = (v: Figure) => v ?? NaN;

const md: string[] = [];
md.push('# Benchmarks');
md.push('');
md.push('Every figure comes from `npm run bench` (scripts/bench/), never from a timed test, and sits next to');
md.push('a baseline measured in the same run, as a ratio (ours / baseline: below 1 is better).');
md.push('');
const m = measured.size === 0 && saved?.machine ? saved.machine : machine();
md.push(
  `- **Date:** ${startedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC; ${note ? 'elapsed' : 'the run took'} ${minutes.toFixed(0)} min.`,
);
md.push(`- **Machine:** ${m.cpu}, ${m.cores} cores, ${m.memGiB} GiB RAM; ${m.os}, Linux ${m.kernel}; Node ${m.node}, npm ${m.npm}.`);
md.push(
  `- **Load average** (1/5/15 min) at the start: ${loadStart.map((l) => l.toFixed(2)).join(' / ')}; at the end: ${loadEnd.map((l) => l.toFixed(2)).join(' / ')}. ` +
    "The benchmark's own clean release builds keep both cores busy and raise these averages, which lag by minutes. Cold starts and " +
    'invocations alternate between ours and the baseline, so load hits both alike; builds run one after the other.',
);
if (fns) {
  const s = fns.settings;
  md.push(`- **Rust:** ${s.rustc} (x86_64)${s.arm64Rustc ? `, ${s.arm64Rustc} (arm64 cross)` : ''}; ${s.cargoLambda}.`);
}
const envBits = [
  'RUNS',
  'INVOCATIONS',
  'EMULATED_INVOCATIONS',
  'LATENCY_INVOCATIONS',
  'TEMPLATES',
  'ARCHES',
  'SKIP_CLEAN_BUILD',
  'INSTALL_RUNS',
  'SKIP_CLI',
  'SKIP_FUNCTIONS',
  'SKIP_WORKSPACE',
  'SKIP_ANCHOR',
  'SKIP_FIRST_BUILD',
  'ADD_RUNS',
  'SKIP_WORKSPACE_BUILD',
  'REPORT_FROM',
  'BENCH_PARTS',
]
  .filter((k) => process.env[k])
  .map((k) => `${k}=${process.env[k]}`);
// a report written again from saved figures says how they were measured
const reproduce = measured.size === 0 && saved?.reproduce ? saved.reproduce : [...envBits, 'npm run bench'].join(' ');
if (note) md.push(`- **This report:** ${note}`);
md.push(`- **Reproduce:** \`${reproduce}\` (needs the toolchains of \`npm run toolchains\`, and dynalite from the devDependencies).`);
md.push('');

if (fns) {
  const failed = fns.results.filter((r) => r.error);
  const rows = fns.results.filter((r) => !r.error);
  const x86 = rows.filter((r) => r.arch === 'x86_64');
  const arm = rows.filter((r) => r.arch === 'arm64');
  const s = fns.settings;

  // chart
  const chartRows = x86.length > 0 ? x86 : arm;
  const svg = barChart({
    title: 'Generated functions vs. the starter baseline',
    subtitle: `${chartRows[0]?.arch ?? ''}, ${partDates.functions.slice(0, 10)}; same source, only Cargo.toml differs`,
    panels: [
      {
        title: 'release binary size (MiB)',
        format: (v: number) => `${(v / 2 ** 20).toFixed(1)}`,
        target: TARGETS.httpSizeBytes,
        targetLabel: 'http target',
        rows: chartRows.map((r) => ({ label: r.template, ours: r.ours.size, baseline: r.baseline.size })),
      },
      ...(x86.length > 0
        ? [
            {
              title: `cold start, median of ${s.runs} (ms)`,
              format: (v: number) => v.toFixed(1),
              target: TARGETS.coldStartMs,
              rows: x86.map((r) => ({ label: r.template, ours: n(r.ours.coldStartMs), baseline: n(r.baseline.coldStartMs) })),
            },
            {
              title: `peak RSS after ${s.invocations} invocations (MiB)`,
              format: (v: number) => (v / 1024).toFixed(1),
              rows: x86.map((r) => ({ label: r.template, ours: n(r.ours.rssKb), baseline: n(r.baseline.rssKb) })),
            },
          ]
        : []),
    ],
  });
  writeFileSync(outSvg, svg);

  // figures saved before the repeated put-item became a conditional write have no 409
  const conditionalPut = rows.some((r) => r.template === 'dynamodb' && (r.ours.answers?.['409'] ?? 0) > 0);
  md.push('## Generated functions');
  md.push('');
  md.push(`![binary size, cold start and peak RSS per template, ours beside the baseline](${basename(outSvg)})`);
  md.push('');
  md.push('**What is compared.** For each template the benchmark generates the project (`--iac none`), then');
  md.push("copies it and rewrites only the copy's `Cargo.toml` into the **baseline**: the dependency set the");
  md.push('common starting points pull in (`cargo lambda new`, the AWS runtime and SDK examples) — every crate');
  md.push('with its default features (lambda_http with all API Gateway/ALB flavours, aws_lambda_events with every');
  md.push('event type, aws-config/aws-sdk-dynamodb with SSO, credential_process and the default HTTPS stack),');
  md.push("tokio with `full`, tracing and tracing-subscriber with `fmt` + `env-filter` — and cargo's default");
  md.push('`--release` profile (written out, because `cargo lambda build --release` fills in thin LTO, one codegen');
  md.push('unit, strip and panic=abort for any of those settings a manifest leaves unset). The Rust source is');
  md.push('identical, so every difference comes from dependency features and build tuning. Both are built by');
  md.push('`cargo lambda build --release` (same linker, same target flags) in the same run.');
  md.push('');
  md.push('**How it is measured.** Each binary runs against a local Lambda **Runtime API of our own**');
  md.push('(`test/harness/runtime-api.ts`, a small Node HTTP server speaking the documented protocol:');
  md.push('`GET /2018-06-01/runtime/invocation/next` with the `Lambda-Runtime-Aws-Request-Id`, `-Deadline-Ms`,');
  md.push('`-Invoked-Function-Arn` and `-Trace-Id` headers, `POST …/invocation/{id}/response` and `…/error`,');
  md.push('`POST …/runtime/init/error`; for the extension the Extensions API: `POST /2020-01-01/extension/register`');
  md.push('returning `Lambda-Extension-Identifier`, `GET /2020-01-01/extension/event/next` with INVOKE and SHUTDOWN');
  md.push('events), with the environment Lambda sets (`AWS_LAMBDA_RUNTIME_API`, `AWS_LAMBDA_FUNCTION_NAME`,');
  md.push('`…_MEMORY_SIZE`, `…_VERSION`, `…_LOG_GROUP_NAME`, `…_LOG_STREAM_NAME`, `AWS_REGION`, `_HANDLER`) and nothing else.');
  md.push(`- **cold start**: process spawn → its first request for the next event (the extension: first \`event/next\``);
  md.push(`  after registering), median of ${s.runs} runs, ours and baseline alternating so load hits both alike.`);
  md.push(`  For scale, spawning \`/bin/true\` until it exits takes ${fms(s.spawnFloorMs)} ms (median) on this machine in this run.`);
  md.push('- **invocations**: ours and the baseline run side by side, each on its own Runtime API, and the invocations');
  md.push('  alternate between them (the order flips every round), so a burst of load on the machine hits both series alike.');
  md.push(`- **peak RSS**: \`VmHWM\` from \`/proc/<pid>/status\` after ${s.invocations} invocations in one process.`);
  const paced = Object.entries(PACED_INVOCATIONS).filter(([id]) => rows.some((r) => r.template === id));
  if (paced.length > 0)
    md.push(
      `- ${paced.map(([id, calls]) => `${id}: ${calls} invocations for its peak RSS and latency`).join('; ')} (its answer takes its time by design: its chunks are sent 250 ms apart).`,
    );
  md.push('- **latency p50 / p99**: from writing the event to the waiting `GET …/next` to receiving the full');
  md.push(
    `  \`POST …/response\` (extension: from delivering INVOKE to its next \`event/next\`), over ${Math.max(s.invocations, s.latencyInvocations ?? 0)} invocations each`,
  );
  md.push('  (the p99 of 1,000 would be the 10th slowest, too few to be stable).');
  md.push("- Events cycle through the project's own `events/*.json` (http: hello, echo, not-found, bad-json; sqs: a");
  md.push(
    `  batch with one bad record). dynamodb: ${conditionalPut ? 'put-item (201, then 409: a conditional PutItem)' : 'put-item'} → get-item → get-missing, real PutItem/GetItem calls over HTTP`,
  );
  md.push(
    `  to dynalite${s.dynalite ? ` ${s.dynalite}` : ''} (in-memory, started by the script; \`AWS_ENDPOINT_URL\`, dummy static credentials).`,
  );
  md.push('  Ours and the baseline must give the same answers (status codes / batch failures), or the run says so.');
  md.push('');
  if (x86.length > 0) {
    md.push('### x86_64');
    md.push('');
    md.push('| template | binary ours | baseline | × | cold start ms ours | baseline | × | peak RSS MiB ours | baseline | × |');
    md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of x86) {
      md.push(
        `| ${r.template} | ${mib(r.ours.size)} MiB | ${mib(r.baseline.size)} MiB | ${fr(r.ours.size, r.baseline.size)} | ${triple(r.ours.coldStartMs, r.baseline.coldStartMs, fms)} | ${triple(r.ours.rssKb, r.baseline.rssKb, mb)} |`,
      );
    }
    md.push('');
    md.push(`| template | p50 ms ours | baseline | × | p99 ms ours | baseline | × | answers (both) |`);
    md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const r of x86) {
      const ans = Object.entries(r.ours.answers ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      md.push(
        `| ${r.template} | ${triple(r.ours.p50Ms, r.baseline.p50Ms, fms)} | ${triple(r.ours.p99Ms, r.baseline.p99Ms, fms)} | ${ans}${r.mismatch ? ' **(baseline differs)**' : ''} |`,
      );
    }
    md.push('');
    if (s.cleanBuild) {
      md.push('**Build cost** (x86_64): `cargo lambda build --release` into an empty target folder, with the crates');
      md.push('already downloaded; "crates" counts every crate compiled (dependencies, build scripts, proc macros, the function).');
      md.push('');
      md.push('| template | clean build s ours | baseline | × | crates compiled ours | baseline | × |');
      md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const r of x86) {
        md.push(
          `| ${r.template} | ${triple(n(r.ours.buildMs) / 1000, n(r.baseline.buildMs) / 1000, (v) => n(v).toFixed(0))} | ${triple(r.ours.crates, r.baseline.crates, String)} |`,
        );
      }
      md.push('');
    } else {
      md.push('Build cost was not measured in this run (`SKIP_CLEAN_BUILD`).');
      md.push('');
    }
  }
  if (arm.length > 0) {
    md.push('### arm64 (cross-built; run under qemu-user)');
    md.push('');
    md.push('Cross-built through `cargo lambda build --release --arm64` (the compiler is in the Rust line above). Times under');
    md.push('an emulator say nothing about Graviton, so only size and memory are reported; the RSS is that of the');
    md.push(`qemu-aarch64 process (guest plus emulator), after ${s.emulatedInvocations} invocations, and is only meaningful as a ratio.`);
    md.push('');
    md.push('| template | binary ours | baseline | × | peak RSS under qemu MiB ours | baseline | × |');
    md.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of arm) {
      md.push(
        `| ${r.template} | ${mib(r.ours.size)} MiB | ${mib(r.baseline.size)} MiB | ${fr(r.ours.size, r.baseline.size)} | ${triple(r.ours.rssKb, r.baseline.rssKb, mb)} |`,
      );
    }
    md.push('');
  }

  // ---------- targets
  md.push('### Targets');
  md.push('');
  md.push('| target | measured | met |');
  md.push('| --- | --- | :---: |');
  const checks: [string, string, boolean][] = [];
  const http = x86.find((r) => r.template === 'http');
  if (http)
    checks.push([
      `http \`bootstrap\` ≤ 2 MB (x86_64; read as 2 MiB = 2,097,152 bytes)`,
      `${mib(http.ours.size)} MiB`,
      http.ours.size <= TARGETS.httpSizeBytes,
    ]);
  for (const r of x86)
    checks.push([
      `${r.template} cold start ≤ ${TARGETS.coldStartMs} ms`,
      `${fms(r.ours.coldStartMs)} ms`,
      n(r.ours.coldStartMs) <= TARGETS.coldStartMs,
    ]);
  for (const [t, limit] of Object.entries(TARGETS.rssKb)) {
    const r = x86.find((x) => x.template === t);
    if (r) checks.push([`${t} peak RSS ≤ ${limit / 1024} MB`, `${mb(r.ours.rssKb)} MiB`, n(r.ours.rssKb) <= limit]);
  }
  const metrics: [string, (v: Measured) => Figure][] = [
    ['binary size', (v) => v.size],
    ['cold start', (v) => v.coldStartMs],
    ['peak RSS', (v) => v.rssKb],
    ['latency p50', (v) => v.p50Ms],
    ['latency p99', (v) => v.p99Ms],
    ['clean build time', (v) => v.buildMs],
    ['crates compiled', (v) => v.crates],
  ];
  const over: string[] = [];
  let ratioCount = 0;
  for (const r of rows) {
    for (const [name, get] of metrics) {
      const x = ratio(get(r.ours), get(r.baseline));
      if (!Number.isFinite(x)) continue;
      ratioCount++;
      if (x > 1) over.push(`${r.template} ${r.arch} ${name} ×${x.toFixed(2)}`);
    }
  }
  checks.push([
    `every ratio against the baseline ≤ 1`,
    over.length === 0 ? `all ${ratioCount} ratios ≤ 1` : `${ratioCount - over.length} of ${ratioCount}; above 1: ${over.join('; ')}`,
    over.length === 0,
  ]);
  for (const [name, value, ok] of checks) md.push(`| ${name} | ${value} | ${ok ? 'yes' : '**no**'} |`);
  md.push('');
  md.push('### Notes');
  md.push('');
  for (const r of failed) md.push(`- **${r.template} ${r.arch} could not be measured:** ${(r.error ?? '').split('\n')[0]}`);
  for (const note of notes({ rows, x86, arm, over, settings: s })) md.push(`- ${note}`);
  md.push('');
}

if (anchor) {
  md.push('## Against `cargo lambda new`');
  md.push('');
  md.push(anchorMarkdown(anchor));
  md.push('');
}

if (firstBuild) {
  md.push('## The first build');
  md.push('');
  md.push(firstBuildMarkdown(firstBuild));
  md.push('');
}

if (ws) {
  md.push('## Projects of several functions');
  md.push('');
  md.push(workspaceMarkdown(ws));
  md.push('');
}

if (cli) {
  md.push('## CLI');
  md.push('');
  md.push('`node bin/create-rust-lambda.js` as users run it (the built bundle), beside `node -e 0` — the cost of');
  md.push('starting Node at all — measured in the same run.');
  md.push('');
  md.push(cliMarkdown(cli));
  md.push('');
}

writeFileSync(outMd, md.join('\n'));
writeFileSync(
  outJson,
  `${JSON.stringify(
    {
      date: startedAt.toISOString(),
      partDates,
      minutes,
      loadStart,
      loadEnd,
      note,
      reproduce,
      machine: m,
      cli,
      functions: fns && portable(fns),
      anchor: anchor && portable(anchor),
      firstBuild,
      workspace: ws,
    },
    null,
    2,
  )}\n`,
);
log(`wrote ${outMd}${fns ? `, ${outSvg}` : ''} and ${outJson} in ${minutes.toFixed(1)} min`);
