// "Where the CPU went": the matrix's checks added up per kind of check and per phase (a lane, the
// generation before the lanes, the checks after them), most CPU first, so the run's budget can be
// spent where it counts. The CPU is that of the commands the checks ran (cpu-tally.ts); the wall
// time beside it is the checks' own times added up, which overlap where lanes run side by side.
import type { CpuFigure } from '../../harness/cpu-tally.js';
import { GNU_TIME } from '../../harness/gnu-time.js';
import { seconds, table } from './text-table.js';

export interface CpuRecord extends CpuFigure {
  check: string;
  phase?: string;
  ms?: number;
}

export interface CpuGroup extends CpuFigure {
  name: string;
  checks: number;
  ms: number;
}

/** How many kinds of check the table lists before it folds the rest into one line. */
const KINDS_SHOWN = 15;

/** `n/a`, `12.3s`, or `≥12.3s` when some commands could not be measured. */
export function cpuCell(f: CpuFigure): string {
  if (f.cpuSeconds === undefined) return 'n/a';
  return `${f.cpuUnmeasured ? '≥' : ''}${seconds(f.cpuSeconds)}`;
}

/** The kind of a check: names that go on after a colon (`release binary: hello.json → 200`) share the part before it. */
export function checkKind(check: string): string {
  const at = check.indexOf(': ');
  return at < 0 ? check : `${check.slice(0, at)}: …`;
}

/** What groupCpu adds up: checks, or groups of them (`checks` of them; one when not said). */
type Summable = CpuFigure & { ms?: number; checks?: number };

/** The records added up per `keyOf`, most CPU first (then most wall time, then by name). */
export function groupCpu<T extends Summable>(records: readonly T[], keyOf: (r: T) => string): CpuGroup[] {
  const groups = new Map<string, CpuGroup & { seconds: number; measured: boolean; unmeasured: number }>();
  for (const r of records) {
    const name = keyOf(r);
    const g = groups.get(name) ?? { name, checks: 0, ms: 0, seconds: 0, measured: false, unmeasured: 0 };
    g.checks += r.checks ?? 1;
    g.ms += r.ms ?? 0;
    if (r.cpuSeconds !== undefined) {
      g.seconds += r.cpuSeconds;
      g.measured = true;
    }
    // a record without a figure ran commands none of which was measured
    g.unmeasured += r.cpuUnmeasured ?? (r.cpuSeconds === undefined ? 1 : 0);
    groups.set(name, g);
  }
  return [...groups.values()]
    .map(({ name, checks, ms, seconds, measured, unmeasured }) => ({
      name,
      checks,
      ms,
      ...(measured ? { cpuSeconds: Math.round(seconds * 100) / 100 } : {}),
      ...(unmeasured > 0 ? { cpuUnmeasured: unmeasured } : {}),
    }))
    .sort((a, b) => (b.cpuSeconds ?? -1) - (a.cpuSeconds ?? -1) || b.ms - a.ms || a.name.localeCompare(b.name));
}

/** The first `shown` groups, and the rest added up into one line named `rest(n)`. */
export function foldTail(groups: readonly CpuGroup[], shown: number, rest: (n: number) => string): CpuGroup[] {
  if (groups.length <= shown + 1) return [...groups];
  const tail = groups.slice(shown);
  return [...groups.slice(0, shown), ...groupCpu(tail, () => rest(tail.length))];
}

const cells = (g: CpuGroup) => [g.name, String(g.checks), cpuCell(g), seconds(g.ms / 1000)];

export function formatCpuTable(records: readonly CpuRecord[]): string {
  if (records.length === 0) return 'where the CPU went: no checks recorded';
  const nothingMeasured = records.some((r) => r.cpuUnmeasured) && !records.some((r) => (r.cpuSeconds ?? 0) > 0);
  if (nothingMeasured) return `where the CPU went: n/a (no command's CPU time was measured; it needs GNU time at ${GNU_TIME})`;
  const byKind = groupCpu(records, (r) => checkKind(r.check));
  const kinds = foldTail(byKind, KINDS_SHOWN, (n) => `${n} other kinds`);
  const phases = groupCpu(records, (r) => r.phase ?? '(outside a phase)');
  const [total] = groupCpu(records, () => 'total');
  return [
    "where the CPU went: user + system seconds of the commands each check ran, most first; wall: the checks' times added up (lanes overlap)",
    ...table(['check', 'checks', 'cpu', 'wall'], kinds.map(cells)),
    '',
    ...table(['phase', 'checks', 'cpu', 'wall'], [...phases, total as CpuGroup].map(cells)),
  ].join('\n');
}
