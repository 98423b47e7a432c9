// The notes under the figures: for every missed target and every ratio above 1, what bounds it.
// Written from the measured values of the run, so the text never disagrees with the tables.
import type { ResultRow, Settings } from './functions.js';

/** A measured figure, NaN when this run did not measure it. */
const n = (v: number | null | undefined): number => v ?? NaN;
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
const ms = (v: number | null | undefined) => n(v).toFixed(1);

export function notes({
  rows,
  x86,
  arm,
  over,
  settings,
}: {
  rows: ResultRow[];
  x86: ResultRow[];
  arm: ResultRow[];
  over: string[];
  settings: Settings;
}): string[] {
  const out: string[] = [];
  const floor = settings.spawnFloorMs;
  // dynamodb's miss has its own note (the SDK set-up in main); the others are bounded by the machine
  const slow = x86.filter((r) => n(r.ours.coldStartMs) > 10 && r.template !== 'dynamodb');
  if (slow.length > 0) {
    out.push(
      `Cold start above 10 ms (${slow.map((r) => `${r.template} ${ms(r.ours.coldStartMs)} ms`).join(', ')}): bounded by the machine, not by the function. ` +
        `Starting a process that does nothing (\`/bin/true\`) already takes ${ms(floor)} ms here in the same run; on top of that every ` +
        'Rust function pays the dynamic loader, the tokio runtime start-up, the tracing subscriber and a TCP connect to the Runtime API, ' +
        'and under load the scheduler delays each of those steps. The baseline pays the same and the ratios show what the template controls.',
    );
  }
  const ddb = x86.find((r) => r.template === 'dynamodb');
  const plain = x86.find((r) => r.template === 'http');
  if (ddb) {
    const certs = ddb.rootCertificates;
    const sdk = plain ? n(ddb.ours.coldStartMs) - n(plain.ours.coldStartMs) : null;
    out.push(
      `dynamodb cold start ${ms(ddb.ours.coldStartMs)} ms${n(ddb.ours.coldStartMs) > 10 ? ', above the 10 ms target' : ''}: its \`main\` differs from http's only by loading the AWS SDK ` +
        'configuration and building the DynamoDB client (region and credential provider chain, the HTTPS client with its TLS root certificates)' +
        (sdk !== null ? `, and that set-up makes its cold start ${ms(sdk)} ms longer than http's` : '') +
        '. It runs once per execution environment, before the first request for an event, so that invocations do not pay it; ' +
        `the baseline, with the SDK's default features, takes ${ms(ddb.baseline.coldStartMs)} ms.` +
        (certs
          ? ` Loading the operating system's root certificates is measured apart: with \`SSL_CERT_FILE=${certs.bundle}\` ` +
            `the same binary starts in ${ms(certs.bundleOnlyMs)} ms, against ${ms(certs.asIsMs)} ms in the same alternating runs without it. ` +
            `Without that variable rustls-native-certs reads the bundle and then every certificate file in ${certs.dir} ` +
            `(${certs.hashedFiles} hashed copies of the same certificates on this Debian machine); the execution environment's own ` +
            'layout decides what a deployed function pays. The template leaves the trust store to the operating system, so that ' +
            'certificate updates reach the function without a rebuild.'
          : ''),
    );
  }
  const http = x86.find((r) => r.template === 'http');
  if (http && http.ours.size > 2 * 1024 * 1024) {
    out.push(
      `The http \`bootstrap\` is ${mib(http.ours.size)} MiB, above 2 MiB (the baseline: ${mib(http.baseline.size)} MiB). The release profile already ` +
        'has opt-level "s", LTO, one codegen unit, stripped symbols and panic=abort, and the dependencies are trimmed to the features the code ' +
        "uses; what is left is the code of lambda_http's HTTP stack (hyper, http), tokio, serde_json, the standard library and the " +
        'tracing subscriber (with its env-filter) behind `init_default_subscriber`.',
    );
  }
  for (const [t, limit] of [
    ['http', 12],
    ['dynamodb', 20],
  ] as const) {
    const r = x86.find((x) => x.template === t);
    if (r && n(r.ours.rssKb) > limit * 1024) {
      out.push(
        `${t} peak RSS ${(n(r.ours.rssKb) / 1024).toFixed(1)} MB is above ${limit} MB: the bulk is the tokio worker threads (one per core, each with its own ` +
          'stack and glibc malloc arena)' +
          (t === 'dynamodb' ? ', the TLS root store and the SDK client with its connection pool.' : '.'),
      );
    }
  }
  const byMetric = new Map<string, { template: string; arch: string; x: number }[]>();
  for (const o of over) {
    const m = /^(\S+) (\S+) (.+) ×([\d.]+)$/.exec(o);
    if (!m) continue;
    const [, template = '', arch = '', metric = '', x] = m;
    byMetric.set(metric, [...(byMetric.get(metric) ?? []), { template, arch, x: Number(x) }]);
  }
  const list = (xs: { template: string; arch: string; x: number }[]) =>
    xs.map((e) => `${e.template}${e.arch === 'arm64' ? ' arm64' : ''} ×${e.x.toFixed(2)}`).join(', ');
  for (const [metric, xs] of byMetric) {
    if (metric === 'clean build time') {
      out.push(
        `Clean build time above the baseline (${list(xs)}): the template compiles fewer crates, but \`lto = true\` with ` +
          '`codegen-units = 1` optimises the whole program in one final single-threaded step (opt-level "s" shortens it), where the baseline links 16 codegen units ' +
          'without cross-crate LTO. That final step bounds the build; it is the price of the smaller, faster binary, paid once per release build ' +
          '(debug builds, `cargo test` and `cargo lambda watch` do not use the release profile).',
      );
    } else if (metric === 'crates compiled') {
      out.push(
        `More crates compiled than the baseline (${list(xs)}): a dependency feature the template enables pulls crates the starter set does not.`,
      );
    } else if (metric === 'latency p50' || metric === 'latency p99') {
      const small = xs.every((e) => e.x < 1.15);
      out.push(
        `${metric} above the baseline (${list(xs)}): ` +
          (small
            ? "a difference of under 15 %, which this run does not resolve: each latency includes the Node Runtime API server's own " +
              'turnaround and the loopback round trip, identical for both binaries, which dominate it. ' +
              'The handler code is compiled with opt-level "s" in ours and opt-level 3 in the baseline.'
            : 'not resolved by this run. The invocations alternate between the two processes, so load hits both alike; the tail ' +
              "is made of scheduling delays on a shared 2-core machine and of the Node server's own pauses. " +
              'The p50 of the same invocations is in the table beside it.'),
      );
    } else if (metric === 'cold start') {
      const diffs = xs.map((e) => {
        const r = rows.find((row) => row.template === e.template && row.arch === e.arch);
        return `${e.template} +${(n(r?.ours.coldStartMs) - n(r?.baseline.coldStartMs)).toFixed(2)} ms`;
      });
      out.push(
        `Cold start above the baseline (${list(xs)}; ${diffs.join(', ')}). The runs alternate ours and baseline, so load does not ` +
          'explain it; this benchmark does not establish the cause (same source: the binaries differ in opt-level, LTO, panic=abort and ' +
          `the dependencies' features). For scale, starting \`/bin/true\` takes ${ms(floor)} ms here.`,
      );
    } else if (metric === 'peak RSS') {
      const emulated = xs.filter((e) => e.arch === 'arm64');
      if (emulated.length > 0)
        out.push(
          `Peak RSS under qemu above the baseline (${list(emulated)}): qemu-user's translated-code cache and its own heap are part of ` +
            'the number; with panic=abort and LTO the guest code is laid out differently, and the emulator, not the function, decides the difference.',
        );
      const native = xs.filter((e) => e.arch !== 'arm64');
      if (native.length > 0)
        out.push(`Peak RSS above the baseline (${list(native)}): not expected from the profile; compare the dependency features.`);
    } else if (metric === 'binary size') {
      out.push(`Binary size above the baseline (${list(xs)}): not expected from LTO and stripping; compare the dependency features.`);
    }
  }
  if (arm.length === 0 && settings.arches.includes('arm64'))
    out.push('arm64 was requested but no arm64 build could be made on this machine.');
  if (!settings.arches.includes('arm64')) out.push('arm64 was not measured in this run (`ARCHES`).');
  if (rows.some((r) => r.mismatch))
    out.push('At least one template answered differently in ours and the baseline: see the answers column.');
  if (out.length === 0) out.push('Every target is met and every ratio is at most 1.');
  return out;
}
