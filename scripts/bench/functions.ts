// Generated functions, each beside its baseline (same source, starter-style Cargo.toml — see
// baseline.ts), built and measured in the same run:
//   - release binary size (`bootstrap`, or the extension binary)
//   - cold start: process spawn -> first request for the next event on the local Runtime API
//     (extension: first GET /extension/event/next after registering), median of RUNS runs,
//     ours and baseline alternating so machine load hits both alike
//   - peak RSS (VmHWM from /proc/<pid>/status) after INVOCATIONS invocations
//   - per-invocation latency p50 / p99 over LATENCY_INVOCATIONS through the local Runtime API; ours and the baseline
//     run side by side and the invocations alternate between them
//   - clean release build time and crates compiled (x86_64, throwaway target folder)
// arm64 binaries run under qemu-user: only size and peak RSS (of qemu + guest) are reported.
// The Runtime API, the builds, dynalite and the statistics come from test/harness/, shared with
// the e2e suite.
//
//   npx tsx scripts/bench/functions.ts            (the CLI must be built: npm run build)
//   TEMPLATES=http ARCHES=x86_64 RUNS=5 INVOCATIONS=100 SKIP_CLEAN_BUILD=1 npx tsx scripts/bench/functions.ts
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type TemplateId, templateCase } from '../../test/e2e/cases/templates.js';
import { startServices } from '../../test/e2e/support/services.js';
import { cargoLambdaBuild, type Kind } from '../../test/harness/cargo-lambda.js';
import { runnerFor } from '../../test/harness/emulation.js';
import { type Background, background, type Env } from '../../test/harness/exec.js';
import { CLI as bin } from '../../test/harness/paths.js';
import { type Answer, LocalLambdaApi, lambdaEnv } from '../../test/harness/runtime-api.js';
import { median, percentile } from '../../test/harness/stats.js';
import { type Arch, buildUnavailable, hostArch, rustcVersion } from '../../test/harness/toolchain.js';
import { baselineManifest } from './baseline.js';

export interface Options {
  templates: string[] | null;
  arches: Arch[];
  runs: number;
  invocations: number;
  emulatedInvocations: number;
  latencyInvocations: number;
  cleanBuild: boolean;
  keep: boolean;
  /** where non-clean builds go: the architecture's shared target folder (crates compile once) unless BENCH_TARGET_DIR says otherwise */
  targetDir: string | undefined;
  log: (...args: unknown[]) => void;
  /**
   * Makes a template's pair of projects: by default ours and the starter baseline (the same
   * source, see baseline.ts), whose answers must then be the same; anchor.ts gives `cargo lambda
   * new`'s own project instead, whose code differs.
   */
  prepare?: { projects: (work: string, id: string) => Project; sameSource: boolean };
}

export function options(env: NodeJS.ProcessEnv = process.env): Options {
  const list = (v: string | undefined) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null;
  return {
    templates: list(env.TEMPLATES),
    arches: (list(env.ARCHES) as Arch[] | null) ?? [
      'x86_64',
      ...(buildUnavailable('arm64') === null && runnerFor('arm64') !== null ? (['arm64'] as const) : []),
    ],
    runs: Number(env.RUNS ?? 51),
    invocations: Number(env.INVOCATIONS ?? 1000),
    emulatedInvocations: Number(env.EMULATED_INVOCATIONS ?? env.INVOCATIONS ?? 1000),
    /** the latency percentiles take more invocations than the RSS figure: a p99 of 1,000 is the 10th slowest, too few to be stable */
    latencyInvocations: Number(env.LATENCY_INVOCATIONS ?? 10000),
    cleanBuild: !['1', 'true', 'yes'].includes(String(env.SKIP_CLEAN_BUILD ?? '').toLowerCase()),
    keep: Boolean(env.KEEP_WORK),
    targetDir: env.BENCH_TARGET_DIR,
    log: env.QUIET ? () => {} : (...a: unknown[]) => console.error('[bench]', ...a),
  };
}

type Variant = 'ours' | 'baseline';
const VARIANTS: Variant[] = ['ours', 'baseline'];

export interface Measured {
  binary?: string;
  size: number;
  buildMs: number | null;
  crates: number | null;
  coldStartMs?: number;
  rssKb?: number;
  p50Ms?: number;
  p99Ms?: number;
  answers?: Record<string, number>;
  errors?: number;
}

export interface RootCertificates {
  bundle: string;
  dir: string;
  hashedFiles: number;
  asIsMs: number;
  bundleOnlyMs: number;
}

export interface ResultRow {
  template: string;
  arch: Arch;
  emulated: boolean;
  ours: Measured;
  baseline: Measured;
  rootCertificates?: RootCertificates | null;
  mismatch?: boolean;
  error?: string;
}

export interface Settings {
  runs: number;
  invocations: number;
  latencyInvocations: number;
  emulatedInvocations: number;
  cleanBuild: boolean;
  arches: Arch[];
  rustc: string;
  arm64Rustc?: string;
  cargoLambda: string;
  dynalite: string | null;
  spawnFloorMs: number | null;
}

export interface FunctionsResult {
  results: ResultRow[];
  settings: Settings;
}

export interface Project {
  kind: Kind;
  /** the templates whose start-up builds an AWS SDK client (and so loads the TLS root certificates) */
  probeRootCertificates: boolean;
  ours: { name: string; dir: string };
  baseline: { name: string; dir: string };
  /** our function's crate (its events/, the objects a bucket starts with) */
  crate: string;
  events: { file: string; payload: unknown }[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function templatesFromCli(): string[] {
  const list = JSON.parse(execFileSync(process.execPath, [bin, '--list', '--json'], { encoding: 'utf8' })) as {
    templates: { id: string }[];
  };
  return list.templates.map((t) => t.id);
}

/** The variables a template is measured with, where it has no default or its default is not the plain case. */
export const MEASURED_VARS: Record<string, Record<string, string>> = {
  extension: { extensionApi: 'none' },
  event: { eventType: 'sqs.SqsEvent' },
};

/** The CLI options of a template's measured variables. */
export const measuredArgs = (id: string): string[] =>
  Object.entries(MEASURED_VARS[id] ?? {}).flatMap(([name, value]) => ['--var', `${name}=${value}`]);

/**
 * Generates the project (ours: a workspace with one function) and its baseline: the function's
 * crate copied out as a standalone crate, with the starter-style Cargo.toml.
 */
function prepareProjects(work: string, id: string): Project {
  const { name, dir, crate, events } = generateOurs(work, id, measuredArgs(id));
  const baseName = `${name}-baseline`;
  const baseDir = join(work, 'src', baseName);
  mkdirSync(baseDir, { recursive: true });
  for (const entry of readdirSync(crate).filter((e) => e !== 'Cargo.toml'))
    cpSync(join(crate, entry), join(baseDir, entry), { recursive: true });
  writeFileSync(
    join(baseDir, 'Cargo.toml'),
    baselineManifest(readFileSync(join(dir, 'Cargo.toml'), 'utf8'), readFileSync(join(crate, 'Cargo.toml'), 'utf8'), baseName),
  );
  return {
    kind: id === 'extension' ? 'extension' : 'function',
    probeRootCertificates: id === 'dynamodb',
    ours: { name, dir },
    crate,
    baseline: { name: baseName, dir: baseDir },
    events,
  };
}

/** Our project of template `id` (`--iac none`, x86_64, its variables from `args`): its workspace, its crate and the crate's sample events. */
export function generateOurs(work: string, id: string, args: readonly string[], name = `crl-bench-${id}`) {
  const dir = join(work, 'src', name);
  execFileSync(
    process.execPath,
    [bin, dir, '--name', name, '--template', id, '--iac', 'none', '--arch', 'x86_64', '--no-git', '--yes', ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const crate = join(dir, 'functions', name);
  const events = readdirSync(join(crate, 'events'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, payload: JSON.parse(readFileSync(join(crate, 'events', f), 'utf8')) as unknown }));
  return { name, dir, crate, events };
}

/** Events in the order the benchmark cycles through them. */
function eventCycle(id: string, events: Project['events']): unknown[] {
  // the events its e2e cases send the function as they are (not those for a queue or a bus: sqs's message.json)
  const cases = new Set(
    templateCase(id as TemplateId)
      .invokes.filter((c) => !c.edit && !c.servicesDown)
      .map((c) => c.event),
  );
  const sent = events.filter((e) => cases.has(e.file));
  if (sent.length > 0) events = sent; // an extension has no such cases: its INVOKE events carry no payload
  if (id === 'dynamodb') {
    // write first (from the second round on, a conditional write the table refuses: 409), then read
    // it back, then a miss: every invocation reaches the table
    const picked = ['put-item.json', 'get-item.json', 'get-missing.json'].flatMap((f) => events.filter((e) => e.file === f));
    if (picked.length > 0) return picked.map((e) => e.payload);
  }
  return events.map((e) => e.payload);
}

function readHwmKb(pid: number | undefined): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmHWM for ${pid}`);
  return Number(m[1]);
}

/** A function or extension process with exactly the Lambda environment; stdout unread unless BENCH_DEBUG. */
function startProcess(binary: string, runner: readonly string[], env: Env): Background {
  const [cmd = binary, ...args] = [...runner, binary];
  return background(cmd, args, { env, inheritEnv: false, captureStdout: Boolean(process.env.BENCH_DEBUG) });
}

/** Waits for `promise`, failing when it takes `ms` or when the process exits first. */
function watched<T>(promise: Promise<T>, ms: number, what: string, proc: Background): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms\n${proc.output()}`)), ms);
  });
  const early = proc.exited.then((code): never => {
    throw new Error(`${what}: process exited early (${code ?? proc.child.signalCode})\n${proc.output()}`);
  });
  early.catch(() => undefined);
  return Promise.race([promise, timeout, early]).finally(() => clearTimeout(timer));
}

/** One cold start: ms from spawn to the first request for the next event. */
async function coldStart(api: LocalLambdaApi, binary: string, runner: readonly string[], env: Env): Promise<number> {
  api.reset();
  const spawnedAt = process.hrtime.bigint();
  const proc = startProcess(binary, runner, env);
  try {
    const at = await watched(api.firstNext(), 30_000, 'first GET next', proc);
    return Number(at - spawnedAt) / 1e6;
  } finally {
    await proc.stop('SIGKILL');
  }
}

function summarizeAnswer(kind: Kind, answer: Answer, counts: Record<string, number>): void {
  let key: string = answer.status;
  if (kind === 'function' && answer.status === 'response') {
    try {
      const json = JSON.parse(answer.body ?? '') as { statusCode?: unknown; batchItemFailures?: unknown };
      if (typeof json.statusCode === 'number') key = String(json.statusCode);
      else if (Array.isArray(json.batchItemFailures)) key = `failures:${json.batchItemFailures.length}`;
      else key = 'ok';
    } catch {
      key = 'non-json';
    }
  }
  counts[key] = (counts[key] ?? 0) + 1;
}

/** One invocation (a function event, or an INVOKE for an extension) through `api`. */
function invokeOnce(api: LocalLambdaApi, kind: Kind, payload: unknown, i: number, proc: Background): Promise<Answer> {
  if (kind === 'extension') {
    const requestId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const event = {
      eventType: 'INVOKE' as const,
      deadlineMs: Date.now() + 10_000,
      requestId,
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
      tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-5f84c7a9-0c3a4e4f2a8b1d6e7f9a0b1c;Parent=1a2b3c4d5e6f7a8b;Sampled=1' },
    };
    return watched(api.extensionEvent(event), 30_000, `extension INVOKE ${i}`, proc);
  }
  return watched(api.invoke(payload), 30_000, `invocation ${i}`, proc);
}

interface Served {
  rssKb: number;
  p50: number;
  p99: number;
  answers: Record<string, number>;
  errors: number;
}

/**
 * Serves `count` invocations with ours and the baseline side by side: both processes run at
 * once, each on its own Runtime API, and the invocations alternate between them (the order
 * flips every round), so a burst of load on the machine hits both series alike. Returns, per
 * variant, the peak RSS and the latency distribution.
 */
async function serveSideBySide(args: {
  apis: Record<Variant, LocalLambdaApi>;
  kind: Kind;
  binaries: Record<Variant, string>;
  runner: readonly string[];
  envs: Record<Variant, Env>;
  payloads: unknown[];
  count: number;
  rssAt: number;
}): Promise<Record<Variant, Served>> {
  const { apis, kind, binaries, runner, envs, payloads, count, rssAt } = args;
  const procs: Partial<Record<Variant, Background>> = {};
  const latencies: Record<Variant, number[]> = { ours: [], baseline: [] };
  const answers: Record<Variant, Record<string, number>> = { ours: {}, baseline: {} };
  try {
    for (const v of VARIANTS) {
      apis[v].reset();
      procs[v] = startProcess(binaries[v], runner, envs[v]);
    }
    const proc = (v: Variant) => procs[v] as Background;
    for (const v of VARIANTS) await watched(apis[v].firstNext(), 60_000, `first GET next (${v})`, proc(v));
    const rssKb: Partial<Record<Variant, number>> = {};
    for (let i = 0; i < count; i++) {
      if (i === rssAt) for (const v of VARIANTS) rssKb[v] = readHwmKb(proc(v).child.pid);
      for (const v of i % 2 ? [...VARIANTS].reverse() : VARIANTS) {
        const answer = await invokeOnce(apis[v], kind, payloads[i % payloads.length], i, proc(v));
        latencies[v].push(answer.latencyMs);
        summarizeAnswer(kind, answer, answers[v]);
      }
    }
    const served = (v: Variant): Served => ({
      rssKb: rssKb[v] ?? readHwmKb(proc(v).child.pid),
      p50: percentile(latencies[v], 50),
      p99: percentile(latencies[v], 99),
      answers: answers[v],
      errors: apis[v].errors.length,
    });
    const out = { ours: served('ours'), baseline: served('baseline') };
    if (kind === 'extension') {
      // a clean SHUTDOWN, as Lambda ends an execution environment
      for (const v of VARIANTS)
        void apis[v].extensionEvent({ eventType: 'SHUTDOWN', shutdownReason: 'spindown', deadlineMs: Date.now() + 2000 });
      await Promise.all(VARIANTS.map((v) => Promise.race([proc(v).exited, sleep(3000)])));
    }
    return out;
  } finally {
    await Promise.all(Object.values(procs).map((p) => p.stop('SIGKILL')));
  }
}

/** Builds one variant; with `clean`, into a throwaway target folder and timed. */
async function build(work: string, project: Project, variant: Variant, arch: Arch, clean: boolean, opts: Options): Promise<Measured> {
  const { name, dir } = project[variant];
  const targetDir = clean ? mkdtempSync(join(work, `clean-${variant}-`)) : opts.targetDir;
  opts.log(`build ${variant} ${name} (${arch}${clean ? ', clean' : ''})`);
  try {
    const r = await cargoLambdaBuild({ dir, name, arch, kind: project.kind, targetDir });
    const keep = join(work, 'bin', arch, name);
    mkdirSync(join(work, 'bin', arch), { recursive: true });
    copyFileSync(r.binary, keep);
    opts.log(`  ${(r.ms / 1000).toFixed(1)} s, ${r.crates} crates compiled, ${(statSync(keep).size / 1024).toFixed(0)} KiB`);
    return { binary: keep, size: statSync(keep).size, buildMs: clean ? r.ms : null, crates: clean ? r.crates : null };
  } finally {
    if (clean && targetDir) rmSync(targetDir, { recursive: true, force: true });
  }
}

/**
 * Templates whose answer takes its time by design, and how many calls measure them: `stream`
 * sends its chunks 250 ms apart (about a second a call), so its thousands of calls would take hours.
 */
export const PACED_INVOCATIONS: Record<string, number> = { stream: 40 };

/** Builds ours and the baseline for one template and architecture, then measures both. */
async function measureRow(args: {
  opts: Options;
  work: string;
  apis: Record<Variant, LocalLambdaApi>;
  project: Project;
  payloads: unknown[];
  /** per variant: what points it at the table or bucket it calls (each its own, so both start from the same state) */
  extraEnv: Record<Variant, Env>;
  row: ResultRow;
}): Promise<void> {
  const { opts, work, apis, project, payloads, extraEnv, row } = args;
  const { log } = opts;
  const { template: id, arch, emulated } = row;
  const runner = (emulated ? runnerFor(arch) : []) ?? [];
  const clean = opts.cleanBuild && !emulated;
  for (const variant of VARIANTS) Object.assign(row[variant], await build(work, project, variant, arch, clean, opts));
  const envs = {
    ours: lambdaEnv(apis.ours, { functionName: project.ours.name, extra: extraEnv.ours }),
    baseline: lambdaEnv(apis.baseline, { functionName: project.ours.name, extra: extraEnv.baseline }),
  };
  const binaries = { ours: row.ours.binary ?? '', baseline: row.baseline.binary ?? '' };
  if (!emulated) {
    log(`cold start ${id} ${arch}: ${opts.runs} runs each, alternating`);
    const cs: Record<Variant, number[]> = { ours: [], baseline: [] };
    for (let i = 0; i < opts.runs + 1; i++) {
      for (const variant of i % 2 ? (['baseline', 'ours'] as const) : VARIANTS) {
        const t = await coldStart(apis[variant], binaries[variant], runner, envs[variant]);
        if (i > 0) cs[variant].push(t); // the first round warms the page cache
      }
    }
    for (const variant of VARIANTS) row[variant].coldStartMs = median(cs[variant]);
    if (project.probeRootCertificates) row.rootCertificates = await probeRootCertificates(opts, apis.ours, binaries.ours, envs.ours);
  }
  const paced = PACED_INVOCATIONS[id];
  const rssAt = paced ?? (emulated ? opts.emulatedInvocations : opts.invocations);
  const count = paced ?? (emulated ? rssAt : Math.max(rssAt, opts.latencyInvocations));
  log(`serve ${count} invocations each (peak RSS after ${rssAt}), ours and baseline alternating: ${id} ${arch}`);
  const served = await serveSideBySide({ apis, kind: project.kind, binaries, runner, envs, payloads, count, rssAt });
  for (const variant of VARIANTS) {
    const s = served[variant];
    Object.assign(row[variant], { rssKb: s.rssKb, answers: s.answers, errors: s.errors });
    if (!emulated) Object.assign(row[variant], { p50Ms: s.p50, p99Ms: s.p99 });
  }
  if ((opts.prepare?.sameSource ?? true) && JSON.stringify(row.ours.answers) !== JSON.stringify(row.baseline.answers)) {
    row.mismatch = true;
    log(`WARNING ${id} ${arch}: ours and baseline answered differently`, row.ours.answers, row.baseline.answers);
  }
}

/** The OS bundle of root certificates, where rustls-native-certs (through openssl-probe) looks first. */
const CERT_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];

/**
 * What the AWS SDK's HTTPS client pays at start-up to load the OS root certificates: the cold
 * start again, alternating the Lambda environment as is with `SSL_CERT_FILE` naming the bundle
 * alone. Without it, rustls-native-certs loads the bundle and every certificate file of the
 * certificate folder (on Debian, the same certificates once more as hashed copies).
 */
async function probeRootCertificates(opts: Options, api: LocalLambdaApi, binary: string, env: Env): Promise<RootCertificates | null> {
  const bundle = CERT_BUNDLES.find((f) => existsSync(f));
  if (!bundle) return null;
  const dir = dirname(bundle);
  const hashed = readdirSync(dir).filter((f) => /^[0-9a-f]{8}\.\d+$/.test(f)).length;
  opts.log(`cold start with SSL_CERT_FILE=${bundle}: ${opts.runs} runs, alternating`);
  const xs = { asIs: [] as number[], bundleOnly: [] as number[] };
  for (let i = 0; i < opts.runs + 1; i++) {
    for (const which of i % 2 ? (['bundleOnly', 'asIs'] as const) : (['asIs', 'bundleOnly'] as const)) {
      const t = await coldStart(api, binary, [], which === 'asIs' ? env : { ...env, SSL_CERT_FILE: bundle });
      if (i > 0) xs[which].push(t);
    }
  }
  return { bundle, dir, hashedFiles: hashed, asIsMs: median(xs.asIs), bundleOnlyMs: median(xs.bundleOnly) };
}

/** The floor under any cold start here: spawn -> exit of /bin/true, median of `runs`. */
async function spawnFloor(runs: number): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = process.hrtime.bigint();
    await startProcess('/bin/true', [], {}).exited;
    if (i > 0) xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(xs);
}

export async function benchFunctions(opts: Options = options()): Promise<FunctionsResult> {
  const { log } = opts;
  const work = mkdtempSync(join(tmpdir(), 'crl-bench-fn-'));
  const templates = opts.templates ?? templatesFromCli();
  const results: ResultRow[] = [];
  // one Runtime API per variant, so ours and the baseline can run side by side
  const apis = { ours: await new LocalLambdaApi().listen(), baseline: await new LocalLambdaApi().listen() };
  let dynalite: string | null = null;
  const rustc = rustcVersion('x86_64');
  const cargoLambda = execFileSync('cargo', ['lambda', '--version'], { encoding: 'utf8' }).trim();
  let spawnFloorMs: number | null = null;
  const settings = (): Settings => ({
    runs: opts.runs,
    invocations: opts.invocations,
    latencyInvocations: opts.latencyInvocations,
    emulatedInvocations: opts.emulatedInvocations,
    cleanBuild: opts.cleanBuild,
    arches: opts.arches,
    rustc,
    ...(opts.arches.includes('arm64') ? { arm64Rustc: rustcVersion('arm64') } : {}),
    cargoLambda,
    dynalite,
    spawnFloorMs,
  });
  try {
    const projects = new Map<string, Project>();
    // architecture-major: every x86_64 figure is in before the (slow) cross builds start
    for (const arch of opts.arches) {
      for (const id of templates) {
        const row: ResultRow = {
          template: id,
          arch,
          emulated: arch !== hostArch(),
          ours: { size: 0, buildMs: null, crates: null },
          baseline: { size: 0, buildMs: null, crates: null },
        };
        try {
          const project = projects.get(id) ?? (opts.prepare?.projects ?? prepareProjects)(work, id);
          projects.set(id, project);
          const payloads = eventCycle(id, project.events);
          // the table or bucket its calls reach, as the e2e cases serve them (dynalite, s3rver): one
          // each, named after our function, as its sample events name a bucket
          const serve = () => startServices([{ name: project.ours.name, t: templateCase(id as TemplateId), dir: project.crate }]);
          const services = { ours: await serve(), baseline: await serve() };
          dynalite ??= /dynalite (\S+)/.exec(services.ours.detail)?.[1] ?? null;
          try {
            const extraEnv = { ours: services.ours.env, baseline: services.baseline.env };
            await measureRow({ opts, work, apis, project, payloads, extraEnv, row });
          } finally {
            await Promise.all([services.ours.stop(), services.baseline.stop()]);
          }
          if (spawnFloorMs === null && !row.emulated) spawnFloorMs = await spawnFloor(opts.runs);
        } catch (err) {
          row.error = (err as Error).message.slice(0, 3000);
          log(`ERROR ${id} ${arch}: ${row.error}`);
        }
        log(JSON.stringify(row));
        results.push(row);
        if (process.env.BENCH_PARTIAL) writeFileSync(process.env.BENCH_PARTIAL, JSON.stringify({ results, settings: settings() }, null, 2));
      }
    }
  } finally {
    await Promise.all(Object.values(apis).map((a) => a.close()));
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
  return { results, settings: settings() };
}

/** The result without the binaries' paths: they live in a temporary folder and mean nothing once the run is over. */
export function portable<T extends FunctionsResult>(part: T): T {
  return {
    ...part,
    results: part.results.map((r) => ({ ...r, ours: { ...r.ours, binary: undefined }, baseline: { ...r.baseline, binary: undefined } })),
  };
}

if (import.meta.filename === process.argv[1]) {
  console.log(JSON.stringify(await benchFunctions(), null, 2));
}
