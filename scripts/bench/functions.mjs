// Generated functions, each beside its baseline (same source, starter-style Cargo.toml — see
// baseline.mjs), built and measured in the same run:
//   - release binary size (`bootstrap`, or the extension binary)
//   - cold start: process spawn -> first request for the next event on the local Runtime API
//     (extension: first GET /extension/event/next after registering), median of RUNS runs,
//     ours and baseline alternating so machine load hits both alike
//   - peak RSS (VmHWM from /proc/<pid>/status) after INVOCATIONS invocations
//   - per-invocation latency p50 / p99 over LATENCY_INVOCATIONS through the local Runtime API; ours and the baseline
//     run side by side and the invocations alternate between them
//   - clean release build time and crates compiled (x86_64, throwaway target folder)
// arm64 binaries run under qemu-user: only size and peak RSS (of qemu + guest) are reported.
//
//   node scripts/bench/functions.mjs            (the CLI must be built: npm run build)
//   TEMPLATES=http ARCHES=x86_64 RUNS=5 INVOCATIONS=100 SKIP_CLEAN_BUILD=1 node scripts/bench/functions.mjs
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { baselineManifest } from './baseline.mjs';
import { arm64Available, arm64Runner, cargoLambdaBuild, SHARED_TARGET_DIR } from './build.mjs';
import { DUMMY_AWS_ENV, startDynalite } from './dynamodb-local.mjs';
import { LocalLambdaApi, lambdaEnv } from './runtime-api.mjs';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'create-rust-lambda.js');

export function options(env = process.env) {
  const list = (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : null);
  return {
    templates: list(env.TEMPLATES),
    arches: list(env.ARCHES) ?? ['x86_64', ...(arm64Available() && arm64Runner() ? ['arm64'] : [])],
    runs: Number(env.RUNS ?? 51),
    invocations: Number(env.INVOCATIONS ?? 1000),
    emulatedInvocations: Number(env.EMULATED_INVOCATIONS ?? env.INVOCATIONS ?? 1000),
    /** the latency percentiles take more invocations than the RSS figure: a p99 of 1,000 is the 10th slowest, too few to be stable */
    latencyInvocations: Number(env.LATENCY_INVOCATIONS ?? 10000),
    cleanBuild: !['1', 'true', 'yes'].includes(String(env.SKIP_CLEAN_BUILD ?? '').toLowerCase()),
    keep: Boolean(env.KEEP_WORK),
    /** where non-clean builds go: the shared target folder (crates compile once) unless BENCH_TARGET_DIR says otherwise */
    targetDir: env.BENCH_TARGET_DIR ?? SHARED_TARGET_DIR,
    log: env.QUIET ? () => {} : (...a) => console.error('[bench]', ...a),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const median = (xs) => percentile(xs, 50);
/** Nearest-rank percentile. */
export function percentile(xs, p) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function templatesFromCli() {
  return JSON.parse(execFileSync(process.execPath, [bin, '--list', '--json'], { encoding: 'utf8' })).templates.map((t) => t.id);
}

/** Generates the project (ours) and its baseline copy. */
function prepareProjects(work, id) {
  const name = `crl-bench-${id}`;
  const dir = join(work, 'src', name);
  const args = [bin, dir, '--name', name, '--template', id, '--iac', 'none', '--arch', 'x86_64', '--no-git'];
  if (id === 'extension') args.push('--extension-api', 'none');
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const baseName = `${name}-baseline`;
  const baseDir = join(work, 'src', baseName);
  execFileSync('cp', ['-r', dir, baseDir]);
  rmSync(join(baseDir, 'target'), { recursive: true, force: true });
  writeFileSync(join(baseDir, 'Cargo.toml'), baselineManifest(readFileSync(join(dir, 'Cargo.toml'), 'utf8'), baseName));
  const events = readdirSync(join(dir, 'events'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, payload: JSON.parse(readFileSync(join(dir, 'events', f), 'utf8')) }));
  return {
    kind: id === 'extension' ? 'extension' : 'function',
    /** the templates whose start-up builds an AWS SDK client (and so loads the TLS root certificates) */
    probeRootCertificates: id === 'dynamodb',
    ours: { name, dir },
    baseline: { name: baseName, dir: baseDir },
    events,
  };
}

/** Events in the order the benchmark cycles through them. */
function eventCycle(id, events) {
  if (id === 'dynamodb') {
    // write first, then read it back, then a miss: every invocation reaches the table
    const order = ['put-item.json', 'get-item.json', 'get-missing.json'];
    const picked = order.map((f) => events.find((e) => e.file === f)).filter(Boolean);
    if (picked.length > 0) return picked.map((e) => e.payload);
  }
  return events.map((e) => e.payload);
}

function readHwmKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  if (!m) throw new Error(`no VmHWM for ${pid}`);
  return Number(m[1]);
}

function startProcess(binary, runner, env) {
  const [cmd, ...args] = runner ? [...runner, binary] : [binary];
  const child = spawn(cmd, args, { env, stdio: ['ignore', process.env.BENCH_DEBUG ? 'inherit' : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr = (stderr + c).slice(-4000);
  });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, exited, stderr: () => stderr };
}

async function stop(proc) {
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  await proc.exited;
}

function withTimeout(promise, ms, what, proc) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms\n${proc?.stderr() ?? ''}`)), ms);
    }),
    ...(proc ? [proc.exited.then((e) => Promise.reject(new Error(`${what}: process exited early (${e.code ?? e.signal})\n${proc.stderr()}`)))] : []),
  ]).finally(() => clearTimeout(t));
}

/** One cold start: ms from spawn to the first request for the next event. */
async function coldStart(api, binary, runner, env) {
  api.reset();
  const spawnedAt = process.hrtime.bigint();
  const proc = startProcess(binary, runner, env);
  try {
    const at = await withTimeout(api.firstNext(), 30_000, 'first GET next', proc);
    return Number(at - spawnedAt) / 1e6;
  } finally {
    await stop(proc);
  }
}

function summarizeAnswer(kind, answer, counts) {
  let key = answer.status;
  if (kind === 'function' && answer.status === 'response') {
    try {
      const json = JSON.parse(answer.body);
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
function invokeOnce(api, kind, payload, i, proc) {
  if (kind === 'extension') {
    const requestId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return withTimeout(
      api.extensionEvent({
        eventType: 'INVOKE',
        deadlineMs: Date.now() + 10_000,
        requestId,
        invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
        tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-5f84c7a9-0c3a4e4f2a8b1d6e7f9a0b1c;Parent=1a2b3c4d5e6f7a8b;Sampled=1' },
      }),
      30_000,
      `extension INVOKE ${i}`,
      proc,
    );
  }
  return withTimeout(api.invoke(payload), 30_000, `invocation ${i}`, proc);
}

/**
 * Serves `count` invocations with ours and the baseline side by side: both processes run at
 * once, each on its own Runtime API, and the invocations alternate between them (the order
 * flips every round), so a burst of load on the machine hits both series alike. Returns, per
 * variant, the peak RSS and the latency distribution.
 */
async function serveSideBySide({ apis, kind, binaries, runner, envs, payloads, count, rssAt }) {
  const variants = Object.keys(binaries);
  const procs = {};
  const latencies = Object.fromEntries(variants.map((v) => [v, []]));
  const answers = Object.fromEntries(variants.map((v) => [v, {}]));
  try {
    for (const v of variants) {
      apis[v].reset();
      procs[v] = startProcess(binaries[v], runner, envs[v]);
    }
    for (const v of variants) await withTimeout(apis[v].firstNext(), 60_000, `first GET next (${v})`, procs[v]);
    const rssKb = {};
    for (let i = 0; i < count; i++) {
      if (i === rssAt) for (const v of variants) rssKb[v] = readHwmKb(procs[v].child.pid);
      for (const v of i % 2 ? [...variants].reverse() : variants) {
        const answer = await invokeOnce(apis[v], kind, payloads[i % payloads.length], i, procs[v]);
        latencies[v].push(answer.latencyMs);
        summarizeAnswer(kind, answer, answers[v]);
      }
    }
    const out = {};
    for (const v of variants) {
      out[v] = { rssKb: rssKb[v] ?? readHwmKb(procs[v].child.pid), p50: percentile(latencies[v], 50), p99: percentile(latencies[v], 99), answers: answers[v], errors: apis[v].errors.length };
    }
    if (kind === 'extension') {
      // a clean SHUTDOWN, as Lambda ends an execution environment
      for (const v of variants) apis[v].extensionEvent({ eventType: 'SHUTDOWN', shutdownReason: 'spindown', deadlineMs: Date.now() + 2000 });
      await Promise.all(variants.map((v) => Promise.race([procs[v].exited, sleep(3000)])));
    }
    return out;
  } finally {
    await Promise.all(Object.values(procs).map(stop));
  }
}

/** Builds one variant; with `clean`, into a throwaway target folder and timed. */
async function build(work, project, variant, arch, clean, sharedTargetDir, log) {
  const { name, dir } = project[variant];
  const targetDir = clean ? mkdtempSync(join(work, `clean-${variant}-`)) : sharedTargetDir;
  log(`build ${variant} ${name} (${arch}${clean ? ', clean' : ''})`);
  try {
    const r = await cargoLambdaBuild({ dir, name, arch, kind: project.kind, targetDir });
    const keep = join(work, 'bin', arch, name);
    mkdirSync(join(work, 'bin', arch), { recursive: true });
    copyFileSync(r.binary, keep);
    log(`  ${(r.ms / 1000).toFixed(1)} s, ${r.crates} crates compiled, ${(statSync(keep).size / 1024).toFixed(0)} KiB`);
    return { binary: keep, size: statSync(keep).size, buildMs: clean ? r.ms : null, crates: clean ? r.crates : null };
  } finally {
    if (clean) rmSync(targetDir, { recursive: true, force: true });
  }
}

/** Builds ours and the baseline for one template and architecture, then measures both. */
async function measureRow({ opts, work, apis, project, payloads, extraEnv, row }) {
  const { log } = opts;
  const { template: id, arch, emulated } = row;
  const runner = emulated ? arm64Runner() : null;
  const clean = opts.cleanBuild && !emulated;
  const variants = ['ours', 'baseline'];
  for (const variant of variants) Object.assign(row[variant], await build(work, project, variant, arch, clean, opts.targetDir, log));
  const envs = Object.fromEntries(variants.map((v) => [v, lambdaEnv(apis[v], { functionName: project.ours.name, extra: extraEnv })]));
  if (!emulated) {
    log(`cold start ${id} ${arch}: ${opts.runs} runs each, alternating`);
    const cs = { ours: [], baseline: [] };
    for (let i = 0; i < opts.runs + 1; i++) {
      for (const variant of i % 2 ? ['baseline', 'ours'] : variants) {
        const t = await coldStart(apis[variant], row[variant].binary, runner, envs[variant]);
        if (i > 0) cs[variant].push(t); // the first round warms the page cache
      }
    }
    for (const variant of variants) row[variant].coldStartMs = median(cs[variant]);
    if (project.probeRootCertificates) row.rootCertificates = await probeRootCertificates({ opts, api: apis.ours, binary: row.ours.binary, env: envs.ours });
  }
  const rssAt = emulated ? opts.emulatedInvocations : opts.invocations;
  const count = emulated ? rssAt : Math.max(rssAt, opts.latencyInvocations);
  log(`serve ${count} invocations each (peak RSS after ${rssAt}), ours and baseline alternating: ${id} ${arch}`);
  const binaries = Object.fromEntries(variants.map((v) => [v, row[v].binary]));
  const served = await serveSideBySide({ apis, kind: project.kind, binaries, runner, envs, payloads, count, rssAt });
  for (const variant of variants) {
    const s = served[variant];
    Object.assign(row[variant], { rssKb: s.rssKb, answers: s.answers, errors: s.errors });
    if (!emulated) Object.assign(row[variant], { p50Ms: s.p50, p99Ms: s.p99 });
  }
  if (JSON.stringify(row.ours.answers) !== JSON.stringify(row.baseline.answers)) {
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
async function probeRootCertificates({ opts, api, binary, env }) {
  const bundle = CERT_BUNDLES.find((f) => existsSync(f));
  if (!bundle) return null;
  const dir = dirname(bundle);
  const hashed = readdirSync(dir).filter((f) => /^[0-9a-f]{8}\.\d+$/.test(f)).length;
  opts.log(`cold start with SSL_CERT_FILE=${bundle}: ${opts.runs} runs, alternating`);
  const xs = { asIs: [], bundleOnly: [] };
  for (let i = 0; i < opts.runs + 1; i++) {
    for (const which of i % 2 ? ['bundleOnly', 'asIs'] : ['asIs', 'bundleOnly']) {
      const t = await coldStart(api, binary, null, which === 'asIs' ? env : { ...env, SSL_CERT_FILE: bundle });
      if (i > 0) xs[which].push(t);
    }
  }
  return { bundle, dir, hashedFiles: hashed, asIsMs: median(xs.asIs), bundleOnlyMs: median(xs.bundleOnly) };
}

/** The floor under any cold start here: spawn -> exit of /bin/true, median of `runs`. */
async function spawnFloor(runs) {
  const xs = [];
  for (let i = 0; i < runs + 1; i++) {
    const t0 = process.hrtime.bigint();
    const p = startProcess('/bin/true', null, {});
    await p.exited;
    if (i > 0) xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(xs);
}

export async function benchFunctions(opts = options()) {
  const { log } = opts;
  const work = mkdtempSync(join(tmpdir(), 'crl-bench-fn-'));
  const templates = opts.templates ?? templatesFromCli();
  const results = [];
  // one Runtime API per variant, so ours and the baseline can run side by side
  const apis = { ours: await new LocalLambdaApi().listen(), baseline: await new LocalLambdaApi().listen() };
  let dynamo = null;
  const rustc = execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
  const cargoLambda = execFileSync('cargo', ['lambda', '--version'], { encoding: 'utf8' }).trim();
  let spawnFloorMs = null;
  const settings = () => ({
    runs: opts.runs,
    invocations: opts.invocations,
    latencyInvocations: opts.latencyInvocations,
    emulatedInvocations: opts.emulatedInvocations,
    cleanBuild: opts.cleanBuild,
    arches: opts.arches,
    rustc,
    cargoLambda,
    dynalite: dynamo?.version ?? null,
    spawnFloorMs,
  });
  try {
    const projects = new Map();
    // architecture-major: every x86_64 figure is in before the (slow) cross builds start
    for (const arch of opts.arches) {
      for (const id of templates) {
        const row = { template: id, arch, emulated: arch === 'arm64' && process.arch !== 'arm64', ours: {}, baseline: {} };
        try {
          if (!projects.has(id)) projects.set(id, prepareProjects(work, id));
          const project = projects.get(id);
          const payloads = eventCycle(id, project.events);
          let extraEnv = {};
          if (id === 'dynamodb') {
            dynamo ??= await startDynalite(root, 'bench-items');
            if (!dynamo) throw new Error('dynalite is not installed (npm install --save-dev dynalite, or DYNALITE_DIR=<folder with node_modules/dynalite>)');
            extraEnv = { ...DUMMY_AWS_ENV, TABLE_NAME: 'bench-items', AWS_ENDPOINT_URL: dynamo.endpoint };
          }
          await measureRow({ opts, work, apis, project, payloads, extraEnv, row });
          if (spawnFloorMs === null && !row.emulated) spawnFloorMs = await spawnFloor(opts.runs);
        } catch (err) {
          row.error = err.message.slice(0, 3000);
          log(`ERROR ${id} ${arch}: ${row.error}`);
        }
        log(JSON.stringify(row));
        results.push(row);
        if (process.env.BENCH_PARTIAL) writeFileSync(process.env.BENCH_PARTIAL, JSON.stringify({ results, settings: settings() }, null, 2));
      }
    }
  } finally {
    await Promise.all(Object.values(apis).map((a) => a.close()));
    await dynamo?.stop();
    if (!opts.keep) rmSync(work, { recursive: true, force: true });
  }
  return { results, settings: settings() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = await benchFunctions();
  console.log(JSON.stringify(out, null, 2));
}
