// CLI benchmark: each figure beside a baseline measured in the same run, as a ratio.
//   npm run bench            (builds first)
//   RUNS=30 node scripts/bench/cli.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const bin = join(root, 'bin', 'create-rust-lambda.js');
const RUNS = Number(process.env.RUNS ?? 21);
const work = mkdtempSync(join(tmpdir(), 'crl-bench-'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Wall time (ms) and peak RSS (KB, from GNU time) of one command. */
function measure(args, cwd = work) {
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...args], { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}`);
  const rss = Number(r.stderr.trim().split('\n').pop());
  return { ms, rss };
}

function series(label, makeArgs) {
  measure(makeArgs(-1)); // warm the file cache
  const samples = Array.from({ length: RUNS }, (_, i) => measure(makeArgs(i)));
  return { label, ms: median(samples.map((s) => s.ms)), rss: Math.max(...samples.map((s) => s.rss)) };
}

const rows = [];
const baseline = series('node -e 0 (baseline)', () => [process.execPath, '-e', '0']);
rows.push(baseline);
rows.push(series('create-rust-lambda --help', () => [process.execPath, bin, '--help']));
const templates = JSON.parse(execFileSync(process.execPath, [bin, '--list', '--json'], { encoding: 'utf8' })).templates.map((t) => t.id);
for (const id of templates) {
  rows.push(
    series(`scaffold ${id} (sam, no git)`, (i) => {
      const dir = join(work, `${id}-${i + 1}`);
      rmSync(dir, { recursive: true, force: true });
      return [process.execPath, bin, dir, '-t', id, '--iac', 'sam', '--arch', 'arm64', '--no-git', ...(id === 'extension' ? ['--extension-api', 'none'] : [])];
    }),
  );
}

console.log(`CLI benchmark, ${RUNS} runs each, median wall time and peak RSS; ${new Date().toISOString()}; node ${process.version}`);
console.log('| command | median ms | × node -e 0 | peak RSS MB | × node -e 0 |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.label} | ${r.ms.toFixed(1)} | ${(r.ms / baseline.ms).toFixed(2)} | ${(r.rss / 1024).toFixed(1)} | ${(r.rss / baseline.rss).toFixed(2)} |`);
}

// The package as published.
const pack = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }))[0];
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const tarball = join(work, pack.filename);
console.log('');
console.log(`| package | value | target |`);
console.log('| --- | ---: | ---: |');
console.log(`| tarball size | ${(statSync(tarball).size / 1024).toFixed(1)} KB | < 150 KB |`);
console.log(`| unpacked size | ${(pack.unpackedSize / 1024).toFixed(1)} KB | |`);
console.log(`| files | ${pack.entryCount} | |`);
console.log(`| runtime dependencies | ${Object.keys(pkg.dependencies ?? {}).length} | 0 |`);

const installDir = join(work, 'install');
const install = measure(['npm', 'install', '--offline', '--no-audit', '--no-fund', '--prefix', installDir, tarball], work);
const npmBaseline = measure(['npm', '--version'], work);
console.log(`| install from tarball (offline) | ${install.ms.toFixed(0)} ms | × npm --version: ${(install.ms / npmBaseline.ms).toFixed(2)} |`);
rmSync(work, { recursive: true, force: true });
