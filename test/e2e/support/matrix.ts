// The verification matrix: every e2e check records pass / fail / skip here, with its wall time
// and the CPU time of the commands it ran, and the table is printed once at the end of the run
// (global teardown), then the plan — which template × flavor × arch rows ran and which were
// left to the full run — and where the CPU went.
//
// Rows go to JSON-lines files so that every test file appends to the same matrix.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CpuFigure, CpuTally, tallyCpu } from '../../harness/cpu-tally.js';
import { Unavailable } from '../../harness/errors.js';
import { CACHE_DIR } from '../../harness/paths.js';
import { cpuCell, formatCpuTable } from './cpu-table.js';
import { currentPhase } from './phase.js';
import { seconds, table } from './text-table.js';

export type Status = 'pass' | 'fail' | 'skip';

export interface Row extends CpuFigure {
  /** e.g. `http`, `extension (telemetry)`, `http + sam` */
  subject: string;
  /** `x86_64`, `arm64` or `host` for checks that do not depend on the architecture */
  arch: string;
  /** e.g. `cargo clippy -D warnings`, `cargo lambda build --release`, `release binary: hello.json → 200` */
  check: string;
  status: Status;
  /** why it failed or was skipped; what was measured when it passed */
  detail?: string;
  ms?: number;
  /** the lane or part of the run it ran in (phase.ts) */
  phase?: string;
}

/** One template × flavor × arch row of the plan, and whether this run selected it. */
export interface PlanRow {
  template: string;
  flavor: string;
  arch: string;
  selected: boolean;
}

export interface Plan {
  scope: string;
  /** the command that runs every row */
  fullCommand: string;
  rows: PlanRow[];
}

export const MATRIX_FILE = process.env.CRL_MATRIX_FILE ?? join(CACHE_DIR, 'e2e-matrix.jsonl');
const PLAN_FILE = `${MATRIX_FILE.replace(/\.jsonl$/, '')}.plan.json`;

/** Set by the global setup: the global teardown prints the table, test files do not. */
export const GLOBAL_MATRIX_ENV = 'CRL_MATRIX_GLOBAL';

export function resetMatrix(): void {
  rmSync(MATRIX_FILE, { force: true });
  rmSync(PLAN_FILE, { force: true });
}

export function recordRow(row: Row): void {
  mkdirSync(dirname(MATRIX_FILE), { recursive: true });
  appendFileSync(MATRIX_FILE, `${JSON.stringify(row)}\n`);
}

export function recordPlan(plan: Plan): void {
  mkdirSync(dirname(PLAN_FILE), { recursive: true });
  writeFileSync(PLAN_FILE, JSON.stringify(plan, null, 2));
}

export function readMatrix(): Row[] {
  if (!existsSync(MATRIX_FILE)) return [];
  return readFileSync(MATRIX_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
}

function readPlan(): Plan | null {
  return existsSync(PLAN_FILE) ? (JSON.parse(readFileSync(PLAN_FILE, 'utf8')) as Plan) : null;
}

/** A check deliberately not run on this machine, with the reason shown in the matrix. */
export class Skipped extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Skipped';
  }
}

export interface CheckContext {
  /** vitest's test context `skip`, so a Skipped check shows as skipped in vitest too */
  skip?: (note?: string) => void;
}

/**
 * Runs one check and records its outcome, its wall time and the CPU time of the commands it ran.
 * A thrown error is recorded as `fail` (with its first line as the reason) and rethrown; `Skipped`
 * is recorded as `skip` and reported to vitest as a skip with the same note. The function may
 * return a detail string (a size, a duration…).
 */
export async function check(
  row: Pick<Row, 'subject' | 'arch' | 'check'>,
  fn: () => Promise<string | void> | string | void,
  ctx?: CheckContext,
): Promise<void> {
  const started = Date.now();
  const phase = currentPhase();
  const tally = new CpuTally();
  const spent = () => ({ ms: Date.now() - started, ...tally.figure(), ...(phase ? { phase } : {}) });
  try {
    const detail = await tallyCpu(tally, fn);
    recordRow({ ...row, status: 'pass', detail: detail || undefined, ...spent() });
  } catch (err) {
    if (err instanceof Skipped) {
      recordRow({ ...row, status: 'skip', detail: err.message, ...spent() });
      ctx?.skip?.(err.message);
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    const reason = err instanceof Unavailable ? `unavailable: ${message}` : message;
    recordRow({ ...row, status: 'fail', detail: firstLine(reason), ...spent() });
    throw err;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

const MARK: Record<Status, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

const counts = (rows: Row[]) =>
  (['pass', 'fail', 'skip'] as Status[])
    .map((s) => [s, rows.filter((r) => r.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');

/** The plan as a grid: one line per template × flavor, one column per arch. */
export function formatPlan(plan: Plan, rows: Row[]): string {
  const arches = [...new Set(plan.rows.map((r) => r.arch))];
  const pairs = [...new Map(plan.rows.map((r) => [`${r.template}/${r.flavor}`, r])).values()];
  const cell = (template: string, flavor: string, arch: string) => {
    const planned = plan.rows.find((r) => r.template === template && r.flavor === flavor && r.arch === arch);
    if (!planned?.selected) return 'left to the full run';
    const done = rows.filter((r) => r.subject === `${template} + ${flavor}` && r.arch === arch);
    return done.length === 0 ? 'selected, no check recorded' : `ran: ${counts(done)}`;
  };
  const selected = plan.rows.filter((r) => r.selected).length;
  return [
    `e2e plan (${plan.scope}): ${selected} of ${plan.rows.length} template × flavor × arch rows run` +
      (selected < plan.rows.length ? `; \`${plan.fullCommand}\` runs them all` : ''),
    ...table(
      ['template', 'flavor', ...arches],
      pairs.map((p) => [p.template, p.flavor, ...arches.map((a) => cell(p.template, p.flavor, a))]),
    ),
  ].join('\n');
}

/** A plain-text table, one line per check: grouped by subject (lanes record side by side), each in recorded order. */
export function formatMatrix(rows: Row[]): string {
  if (rows.length === 0) return 'verification matrix: no checks recorded';
  const subjects = [...new Set(rows.map((r) => r.subject))];
  const grouped = subjects.flatMap((s) => rows.filter((r) => r.subject === s));
  const body = grouped.map((r) => [
    r.subject,
    r.arch,
    r.check,
    MARK[r.status],
    r.ms === undefined ? '' : seconds(r.ms / 1000),
    cpuCell(r),
    r.detail ?? '',
  ]);
  return [
    'verification matrix (cpu: user + system seconds of the commands the check ran)',
    ...table(['subject', 'arch', 'check', 'result', 'time', 'cpu', 'detail'], body),
    `${rows.length} checks: ${counts(rows)}`,
  ].join('\n');
}

export function printMatrix(rows: Row[] = readMatrix()): void {
  const plan = readPlan();
  console.log(`\n${formatMatrix(rows)}\n${plan ? `\n${formatPlan(plan, rows)}\n` : ''}\n${formatCpuTable(rows)}\n`);
}
