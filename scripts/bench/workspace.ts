// Projects of several functions, each figure beside a baseline measured in the same run:
//   - `add`: the time of `create-rust-lambda add` growing a project (to two functions, then to
//     three), beside creating a new one-function project of the same template — the cost of
//     rendering the project twice and merging, over a plain scaffold. Median of ADD_RUNS runs,
//     the commands taking turns within each run so load hits them alike.
//   - build: the three-function workspace (http + sqs + dynamodb) built as its README says, each
//     function on its own (`cargo lambda build --release --package <name>`), one after the other
//     into one empty target folder, against the same three functions as three
//     one-function projects, each built into an empty target folder of its own (what three
//     separate repositories cost), with the crates already downloaded. Wall time, crates
//     compiled, the target folders' size, and each function's binary.
//
//   npx tsx scripts/bench/workspace.ts            (the CLI must be built: npm run build)
//   ADD_RUNS=3 SKIP_WORKSPACE_BUILD=1 npx tsx scripts/bench/workspace.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARCHITECTURES } from '../../src/arch.js';
import { cargoLambdaBuild } from '../../test/harness/cargo-lambda.js';
import { CLI as bin } from '../../test/harness/paths.js';
import { median } from '../../test/harness/stats.js';
import { type Arch, rustcVersion } from '../../test/harness/toolchain.js';
import { measure, type Sample } from './cli.js';

/** The grown project: its first function (named like the project), then the added ones. */
export const GROWN = [
  { name: 'shop', template: 'http' },
  { name: 'orders', template: 'sqs' },
  { name: 'items', template: 'dynamodb' },
] as const;

export interface AddRow {
  flavor: string;
  /** `add <template>` into a project of `functions` functions */
  label: string;
  ms: number;
  cpuMs: number;
  /** the baseline: creating a one-function project of the added template */
  createMs: number;
  createCpuMs: number;
}

export interface BuildSide {
  ms: number;
  /** user + system CPU time of the build(s) */
  cpuMs: number;
  crates: number;
  /** 1-minute load average before and after the build(s): the machine is shared */
  load: [number, number];
  /** bytes of the target folder(s) after the build */
  targetBytes: number;
  /** each function's bootstrap, bytes */
  sizes: Record<string, number>;
}

export interface WorkspaceResult {
  date: string;
  runs: number;
  add: AddRow[];
  build: null | {
    arch: Arch;
    rustc: string;
    workspace: BuildSide;
    separate: BuildSide & { perProject: { name: string; ms: number; cpuMs: number; crates: number }[] };
    /** per function: the crates it depends on that the workspace builds with more features than the function alone asks for */
    unified: Record<string, string[]>;
  };
}

const log = (...a: unknown[]) => console.error('[bench]', ...a);
const cli = (args: string[], cwd: string) => execFileSync(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
const create = (dir: string, template: string, iac: string, arch: Arch, name?: string) =>
  [dir, '--template', template, '--iac', iac, '--arch', arch, '--yes', '--no-git', ...(name ? ['--name', name] : [])] as string[];

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** `add` into a fresh project of each flavor, to two functions then three, beside `create` of the added template. */
function benchAdd(work: string, runs: number, flavors: string[]): AddRow[] {
  const [first, ...added] = GROWN;
  const rows: AddRow[] = [];
  for (const flavor of flavors) {
    const samples = added.map(() => ({ add: [] as Sample[], create: [] as Sample[] }));
    // the first round warms the file cache and is not counted
    for (let i = 0; i <= runs; i++) {
      const round = join(work, `${flavor}-${i}`);
      mkdirSync(round, { recursive: true });
      const project = join(round, first.name);
      cli(create(project, first.template, flavor, 'x86_64'), round);
      added.forEach((f, k) => {
        const s = samples[k] as (typeof samples)[number];
        const turn = [
          () => s.add.push(measure([process.execPath, bin, 'add', f.template, '--name', f.name, '--yes'], project)),
          () =>
            s.create.push(measure([process.execPath, bin, ...create(join(round, `new-${f.name}`), f.template, flavor, 'x86_64')], round)),
        ];
        for (const step of i % 2 ? turn.reverse() : turn) step();
        if (i === 0) {
          s.add.pop();
          s.create.pop();
        }
      });
      rmSync(round, { recursive: true, force: true });
    }
    added.forEach((f, k) => {
      const s = samples[k] as (typeof samples)[number];
      const med = (xs: Sample[], key: 'ms' | 'cpuMs') => median(xs.map((x) => x[key]));
      rows.push({
        flavor,
        label: `add ${f.template} (${k + 1} → ${k + 2} functions)`,
        ms: med(s.add, 'ms'),
        cpuMs: med(s.add, 'cpuMs'),
        createMs: med(s.create, 'ms'),
        createCpuMs: med(s.create, 'cpuMs'),
      });
    });
    log(
      `add (${flavor}): ${rows
        .slice(-added.length)
        .map((r) => `${r.label} ${r.ms.toFixed(0)} ms, create ${r.createMs.toFixed(0)} ms`)
        .join('; ')}`,
    );
  }
  return rows;
}

/** Each crate's features as cargo resolves them for a build in `dir` (`args`: e.g. --workspace), by "name version". */
function resolvedFeatures(dir: string, arch: Arch, args: string[]): Map<string, Set<string>> {
  const out = execFileSync(
    'cargo',
    ['tree', '-e', 'normal', '-f', '{p}|{f}', '--prefix', 'none', '--target', ARCHITECTURES[arch].rustTarget, ...args],
    { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const features = new Map<string, Set<string>>();
  for (const line of out.split('\n')) {
    const [pkg = '', list = ''] = line.replace(/ \(\*\)$/, '').split('|');
    if (!pkg) continue;
    const key = pkg.replace(/ \(.*\)$/, '');
    const set = features.get(key) ?? new Set<string>();
    for (const f of list.split(',').filter(Boolean)) set.add(f);
    features.set(key, set);
  }
  return features;
}

/** The three-function workspace against three one-function projects, every build into an empty target folder. */
async function benchBuild(work: string, arch: Arch): Promise<NonNullable<WorkspaceResult['build']>> {
  const grown = join(work, 'grown', GROWN[0].name);
  mkdirSync(join(work, 'grown'), { recursive: true });
  cli(create(grown, GROWN[0].template, 'none', arch), join(work, 'grown'));
  for (const f of GROWN.slice(1)) cli(['add', f.template, '--name', f.name, '--yes'], grown);
  const separate = GROWN.map((f) => {
    const parent = join(work, 'separate');
    mkdirSync(parent, { recursive: true });
    const dir = join(parent, f.name);
    cli(create(dir, f.template, 'none', arch), parent);
    return { ...f, dir };
  });
  const names = GROWN.map((f) => f.name);
  const build = async (dir: string, functions: string[]): Promise<BuildSide> => {
    const target = mkdtempSync(join(work, 'target-'));
    const before = loadavg()[0] ?? NaN;
    try {
      const r = await cargoLambdaBuild({ dir, name: functions, arch, kind: 'function', targetDir: target, cpu: true });
      const sizes = Object.fromEntries(Object.entries(r.binaries).map(([n, b]) => [n, statSync(b).size]));
      return {
        ms: r.ms,
        cpuMs: r.cpuMs ?? NaN,
        crates: r.crates,
        load: [before, loadavg()[0] ?? NaN],
        targetBytes: bytesUnder(target),
        sizes,
      };
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  };
  log(`build: the ${names.length}-function workspace (${arch}, empty target folder)`);
  const ws = await build(grown, names);
  log(`  ${(ws.ms / 1000).toFixed(0)} s (CPU ${(ws.cpuMs / 1000).toFixed(0)} s), ${ws.crates} crates`);
  const perProject: { name: string; ms: number; cpuMs: number; crates: number }[] = [];
  const side: BuildSide = { ms: 0, cpuMs: 0, crates: 0, load: [loadavg()[0] ?? NaN, NaN], targetBytes: 0, sizes: {} };
  for (const p of separate) {
    log(`build: ${p.name} alone (${arch}, empty target folder of its own)`);
    const r = await build(p.dir, [p.name]);
    log(`  ${(r.ms / 1000).toFixed(0)} s (CPU ${(r.cpuMs / 1000).toFixed(0)} s), ${r.crates} crates`);
    perProject.push({ name: p.name, ms: r.ms, cpuMs: r.cpuMs, crates: r.crates });
    side.ms += r.ms;
    side.cpuMs += r.cpuMs;
    side.load[1] = r.load[1];
    side.crates += r.crates;
    side.targetBytes += r.targetBytes;
    Object.assign(side.sizes, r.sizes);
  }
  // what feature unification adds: crates a function depends on alone that the workspace builds with more features
  const together = resolvedFeatures(grown, arch, ['--workspace']);
  const unified: Record<string, string[]> = {};
  for (const p of separate) {
    unified[p.name] = [...resolvedFeatures(p.dir, arch, [])]
      .filter(([pkg]) => !pkg.startsWith(`${p.name} `))
      .flatMap(([pkg, own]) => {
        const more = [...(together.get(pkg) ?? [])].filter((f) => !own.has(f));
        return more.length > 0 ? [`${pkg.split(' ')[0]} (+${more.join(', +')})`] : [];
      });
  }
  return { arch, rustc: rustcVersion(arch), workspace: ws, separate: { ...side, perProject }, unified };
}

export async function benchWorkspace({
  runs = Number(process.env.ADD_RUNS ?? 9),
  flavors = (process.env.ADD_FLAVORS ?? 'sam,cdk,terraform').split(','),
  build = !['1', 'true', 'yes'].includes(String(process.env.SKIP_WORKSPACE_BUILD ?? '').toLowerCase()),
  arch = (process.env.WORKSPACE_ARCH ?? 'x86_64') as Arch,
} = {}): Promise<WorkspaceResult> {
  const work = mkdtempSync(join(tmpdir(), 'crl-bench-ws-'));
  const date = new Date().toISOString();
  try {
    log(`add: ${runs} runs per flavor (${flavors.join(', ')})`);
    const add = benchAdd(work, runs, flavors);
    return { date, runs, add, build: build ? await benchBuild(work, arch) : null };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);
const list = (xs: string[]) => (xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

export function workspaceMarkdown(r: WorkspaceResult): string {
  const lines: string[] = [];
  lines.push(`Measured ${r.date.replace('T', ' ').slice(0, 16)} UTC.`);
  lines.push('');
  lines.push(
    `**\`add\`**: \`create-rust-lambda add <template> --name <fn> --yes\` in a project made by the CLI a moment before (x86_64), beside`,
  );
  lines.push(
    `creating a new one-function project of the same template (\`create-rust-lambda <dir> --template <template> …\`) in the same run. Median of ${r.runs} runs,`,
  );
  lines.push('the two commands taking turns; wall time and CPU time (user + system, GNU time).');
  lines.push('');
  lines.push('| flavor | command | median ms | create ms (baseline) | × | CPU ms | create CPU ms | × |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const a of r.add) {
    lines.push(
      `| ${a.flavor} | ${a.label} | ${a.ms.toFixed(0)} | ${a.createMs.toFixed(0)} | ×${(a.ms / a.createMs).toFixed(2)} | ${a.cpuMs.toFixed(0)} | ${a.createCpuMs.toFixed(0)} | ×${(a.cpuMs / a.createCpuMs).toFixed(2)} |`,
    );
  }
  lines.push('');
  lines.push(
    '`add` renders the whole project twice (as rust-lambda.toml says, and with the new function), merges the difference into the files on disk three ways and writes through a staging folder; a scaffold renders once and writes.',
  );
  const b = r.build;
  if (b) {
    const x = (a: number, base: number) => `×${(a / base).toFixed(2)}`;
    lines.push('');
    lines.push(
      `**Build** (${b.arch}, ${b.rustc}): ${GROWN.map((f) => `${f.name} (${f.template})`).join(', ')} as one workspace, built as its README says: each function on its own (\`cargo lambda build --release --package <name>\`), one after the other into one empty target folder, against`,
    );
    lines.push(
      'the same three functions as three one-function projects, each built into an empty target folder of its own (three separate repositories), one build after the other; crates already downloaded.',
    );
    lines.push('');
    lines.push('| | workspace | 3 projects (baseline) | × |');
    lines.push('| --- | ---: | ---: | ---: |');
    lines.push(
      `| build time s | ${(b.workspace.ms / 1000).toFixed(0)} | ${(b.separate.ms / 1000).toFixed(0)} | ${x(b.workspace.ms, b.separate.ms)} |`,
    );
    lines.push(
      `| CPU time s (user + system) | ${(b.workspace.cpuMs / 1000).toFixed(0)} | ${(b.separate.cpuMs / 1000).toFixed(0)} | ${x(b.workspace.cpuMs, b.separate.cpuMs)} |`,
    );
    lines.push(`| crates compiled | ${b.workspace.crates} | ${b.separate.crates} | ${x(b.workspace.crates, b.separate.crates)} |`);
    lines.push(
      `| target folder(s) MiB | ${mib(b.workspace.targetBytes)} | ${mib(b.separate.targetBytes)} | ${x(b.workspace.targetBytes, b.separate.targetBytes)} |`,
    );
    lines.push('');
    lines.push(
      `The three projects alone: ${b.separate.perProject.map((p) => `${p.name} ${(p.ms / 1000).toFixed(0)} s (CPU ${(p.cpuMs / 1000).toFixed(0)} s, ${p.crates} crates)`).join(', ')}. ` +
        `1-minute load average around the workspace build ${b.workspace.load.map((l) => l.toFixed(1)).join(' → ')}, around the three ${b.separate.load.map((l) => l.toFixed(1)).join(' → ')} ` +
        '(each build keeps both cores busy itself; more than 2 means other work shared the machine, which stretches wall time and leaves CPU time about the same).',
    );
    lines.push('');
    lines.push('| function | bootstrap in the workspace | alone | × |');
    lines.push('| --- | ---: | ---: | ---: |');
    for (const f of GROWN) {
      const w = b.workspace.sizes[f.name] ?? NaN;
      const s = b.separate.sizes[f.name] ?? NaN;
      lines.push(`| ${f.name} (${f.template}) | ${mib(w)} MiB | ${mib(s)} MiB | ${x(w, s)} |`);
    }
    // a few bytes either way are layout, not code
    const bigger = GROWN.filter((f) => (b.workspace.sizes[f.name] ?? 0) > 1.01 * (b.separate.sizes[f.name] ?? Infinity));
    if (bigger.length === 0) {
      const shared = Object.values(b.unified).filter((more) => more.length > 0).length;
      lines.push('');
      lines.push(
        "No function is bigger than alone: built on its own, a function's dependencies have only the features it asks for, " +
          'while a dependency several functions ask for with the same features is compiled once, into the one target folder' +
          (shared > 0
            ? `. Built together (\`cargo lambda build --release\` at the root), Cargo would unify their features, and ${shared} of the ${GROWN.length} would carry code only another one needs (\`cargo tree\`).`
            : '.'),
      );
    } else {
      lines.push('');
      lines.push(
        `In the workspace, ${list(bigger.map((f) => f.name))} ${bigger.length === 1 ? 'is' : 'are'} bigger than alone. A dependency is compiled once for every function built together, ` +
          "with the union of the features the functions ask for (Cargo's feature unification across the members of one build), so a function also carries code that only " +
          "another function's features turn on; sharing those builds is what compiles fewer crates. The crates each function gets with more features than alone (`cargo tree`):",
      );
      lines.push('');
      for (const f of GROWN) {
        const more = b.unified[f.name] ?? [];
        lines.push(`- ${f.name}: ${more.length === 0 ? 'none' : `${more.length}: ${more.join('; ')}`}`);
      }
      lines.push('');
      lines.push(
        '`cargo lambda build --release --package <name>` builds one function with its own features only (and then compiles the dependencies it shares with the others again, with those features).',
      );
    }
  }
  return lines.join('\n');
}

if (import.meta.filename === process.argv[1]) {
  const r = await benchWorkspace();
  console.log(JSON.stringify(r, null, 2));
  console.log(workspaceMarkdown(r));
}
