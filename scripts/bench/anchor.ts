// Our functions beside what `cargo lambda new` makes, the anchor a Rust-on-Lambda user starts from
// otherwise: `http` against `cargo lambda new --http-feature apigw_http`, `event` (an SQS event)
// against `cargo lambda new --event-type sqs::SqsEvent`. The anchor is rendered by the installed
// cargo lambda from a copy of its template in test/fixtures/ (offline), with the dependency
// versions it puts in, and both are built by `cargo lambda build --release` and measured by the
// same code as the starter baseline (functions.ts): size, cold start, peak RSS after 1,000
// invocations, p50/p99 at the default log level. The code differs (theirs is a hello world), so
// the answers are not compared.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/harness/paths.js';
import {
  benchFunctions,
  type FunctionsResult,
  generateOurs,
  measuredArgs,
  type Options,
  options,
  type Project,
  portable,
} from './functions.js';

export const ANCHOR_TEMPLATE = join(REPO_ROOT, 'test', 'fixtures', 'cargo-lambda-new-functions-template');

/** Per template (with the variables it is measured with, functions.ts MEASURED_VARS), `cargo lambda new`'s options for the same kind of function. */
export const ANCHORS: Record<string, string[]> = {
  http: ['--http-feature', 'apigw_http'],
  event: ['--event-type', 'sqs::SqsEvent'],
};

/** The project `cargo lambda new` makes for the same kind of function as template `id` (ANCHORS), under `work`/anchor. */
export function newAnchor(work: string, id: string): { name: string; dir: string } {
  const anchor = ANCHORS[id];
  if (!anchor) throw new Error(`no cargo lambda new anchor for ${id}`);
  const name = `crl-anchor-${id}`;
  const parent = join(work, 'anchor');
  mkdirSync(parent, { recursive: true });
  // stdin not a terminal, and no --no-interactive: with it, cargo lambda 1.9 ignores --http-feature
  execFileSync('cargo', ['lambda', 'new', '--template', ANCHOR_TEMPLATE, ...anchor, name], {
    cwd: parent,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return { name, dir: join(parent, name) };
}

function prepareAnchor(work: string, id: string): Project {
  const ours = generateOurs(work, id, measuredArgs(id));
  return {
    kind: 'function',
    probeRootCertificates: false,
    ours: { name: ours.name, dir: ours.dir },
    crate: ours.crate,
    baseline: newAnchor(work, id),
    events: ours.events,
  };
}

/**
 * Where a difference comes from: `cargo lambda new`'s own source (its hello world) put into our
 * project in place of our function's, against the anchor. Against the anchor it shows what our
 * dependencies (their versions and features) and profile do; beside the main pair, what our
 * handler's own work does.
 */
function prepareSourceOnOurs(work: string, id: string): Project {
  const anchor = newAnchor(work, id);
  // our project with its events (the same the main pair sends), its source replaced by theirs
  const mixed = generateOurs(work, id, measuredArgs(id), `crl-mixed-${id}`);
  rmSync(join(mixed.crate, 'src'), { recursive: true });
  cpSync(join(anchor.dir, 'src'), join(mixed.crate, 'src'), { recursive: true });
  return {
    kind: 'function',
    probeRootCertificates: false,
    ours: { name: mixed.name, dir: mixed.dir },
    crate: mixed.crate,
    baseline: anchor,
    events: mixed.events,
  };
}

export interface AnchorResult extends FunctionsResult {
  /** x86_64: `cargo lambda new`'s source on our project, against the anchor (prepareSourceOnOurs) */
  sourceOnOurs?: FunctionsResult;
}

export function anchorOptions(env: NodeJS.ProcessEnv = process.env): Options {
  return { ...options(env), templates: Object.keys(ANCHORS), cleanBuild: false, prepare: { projects: prepareAnchor, sameSource: false } };
}

export async function benchAnchor(opts: Options = anchorOptions()): Promise<AnchorResult> {
  const main = await benchFunctions(opts);
  const split = await benchFunctions({ ...opts, arches: ['x86_64'], prepare: { projects: prepareSourceOnOurs, sameSource: false } });
  return { ...main, sourceOnOurs: portable(split) };
}

type Figure = number | null | undefined;
const ratio = (a: Figure, b: Figure) => (a != null && b != null && b > 0 ? a / b : Number.NaN);
export const times = (a: Figure, b: Figure) => (Number.isFinite(ratio(a, b)) ? `×${ratio(a, b).toFixed(2)}` : '—');
const ms = (v: Figure) => (v != null && Number.isFinite(v) ? v.toFixed(v < 1 ? 3 : 1) : '—');
const mib = (v: Figure) => (v != null ? `${(v / 2 ** 20).toFixed(2)} MiB` : '—');
const kib = (v: Figure) => (v != null ? `${(v / 1024).toFixed(1)} MiB` : '—');

/** The anchor part of docs/BENCHMARKS.md. */
export function anchorMarkdown(result: AnchorResult): string {
  const s = result.settings;
  const md: string[] = [];
  md.push(
    'Our template beside the project `cargo lambda new` makes for the same kind of function, rendered by the installed cargo lambda from',
  );
  md.push('a copy of its template (test/fixtures/cargo-lambda-new-functions-template, with the dependency versions it puts in):');
  const pairs = Object.entries(ANCHORS).map(
    ([id, anchor]) => `\`${[id, ...measuredArgs(id)].join(' ')}\` against \`cargo lambda new ${anchor.join(' ')}\``,
  );
  md.push(`${pairs.join('; ')}.`);
  md.push('Both built by `cargo lambda build --release`; measured as above (cold start: median of');
  md.push(
    `${s.runs}; peak RSS after ${s.invocations} invocations; latency over ${Math.max(s.invocations, s.latencyInvocations)} invocations each,`,
  );
  md.push(
    "alternating), at Lambda's default log level. Their handler is a hello world, ours the template's; both get our template's sample events.",
  );
  md.push('');
  md.push(
    '| template | arch | binary ours | anchor | × | cold start ms ours | anchor | × | peak RSS ours | anchor | × | p50 ms ours | anchor | × | p99 ms ours | anchor | × |',
  );
  md.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const over: string[] = [];
  for (const r of result.results) {
    if (r.error) {
      md.push(`| ${r.template} | ${r.arch} | could not be measured: ${r.error.split('\n')[0]} |`);
      continue;
    }
    const o = r.ours;
    const b = r.baseline;
    const figures: [string, Figure, Figure, (v: Figure) => string][] = [
      ['size', o.size, b.size, mib],
      ['cold start', o.coldStartMs, b.coldStartMs, ms],
      ['peak RSS', r.emulated ? null : o.rssKb, r.emulated ? null : b.rssKb, kib],
      ['p50', o.p50Ms, b.p50Ms, ms],
      ['p99', o.p99Ms, b.p99Ms, ms],
    ];
    for (const [what, a, z] of figures) if (ratio(a, z) > 1) over.push(`${r.template} ${r.arch} ${what} ${times(a, z)}`);
    md.push(`| ${r.template} | ${r.arch} | ${figures.map(([, a, z, f]) => `${f(a)} | ${f(z)} | ${times(a, z)}`).join(' | ')} |`);
  }
  md.push('');
  md.push('arm64 is cross-built and run under qemu-user: its size is measured, its times and memory are not meaningful and are left out.');
  md.push('');
  md.push(`**At or under \`cargo lambda new\` on every figure:** ${over.length === 0 ? 'yes' : `**no**, above it: ${over.join('; ')}`}.`);
  const split = result.sourceOnOurs?.results.filter((r) => !r.error) ?? [];
  if (split.length > 0) {
    md.push('');
    md.push(
      "**Where the difference comes from** (x86_64): `cargo lambda new`'s own source (its hello world) in our project, in place of our function's, " +
        'against the anchor in a second pair of the same run: our dependencies (versions, features) and profile on the same code. Our handler against ' +
        'that source is the quotient of the two pairs, each measured against its own run of the anchor.',
    );
    md.push('');
    md.push('| template | figure | their source on ours / anchor | ours / anchor | ours / their source on ours |');
    md.push('| --- | --- | ---: | ---: | ---: |');
    for (const r of split) {
      const main = result.results.find((m) => m.template === r.template && m.arch === r.arch && !m.error);
      const figures: [string, Figure, Figure, Figure, Figure][] = [
        ['size', r.ours.size, r.baseline.size, main?.ours.size, main?.baseline.size],
        ['cold start', r.ours.coldStartMs, r.baseline.coldStartMs, main?.ours.coldStartMs, main?.baseline.coldStartMs],
        ['peak RSS', r.ours.rssKb, r.baseline.rssKb, main?.ours.rssKb, main?.baseline.rssKb],
        ['p50', r.ours.p50Ms, r.baseline.p50Ms, main?.ours.p50Ms, main?.baseline.p50Ms],
        ['p99', r.ours.p99Ms, r.baseline.p99Ms, main?.ours.p99Ms, main?.baseline.p99Ms],
      ];
      for (const [what, mixed, anchorA, ours, anchorB] of figures) {
        const quotient = ratio(ours, anchorB) / ratio(mixed, anchorA);
        md.push(
          `| ${r.template} | ${what} | ${times(mixed, anchorA)} | ${times(ours, anchorB)} | ${Number.isFinite(quotient) ? `×${quotient.toFixed(2)}` : '—'} |`,
        );
      }
    }
  }
  return md.join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const result = await benchAnchor();
  console.log(JSON.stringify(result, null, 2));
  console.error(anchorMarkdown(result));
}
