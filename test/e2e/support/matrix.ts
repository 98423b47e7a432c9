// The verification matrix: every e2e check records pass / fail / skip here, and the table
// is printed once at the end of the run (global teardown, or the test file's afterAll when
// the global setup is not installed).
//
// Rows go to a JSON-lines file so that every test worker (and every test file) appends to
// the same matrix.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CACHE_DIR } from './toolchain.js';

export type Status = 'pass' | 'fail' | 'skip';

export interface Row {
  /** e.g. `http`, `dynamodb`, `extension (telemetry)` */
  subject: string;
  /** `x86_64`, `arm64` or `host` for checks that do not depend on the architecture */
  arch: string;
  /** e.g. `cargo clippy`, `cargo lambda build`, `invoke hello` */
  check: string;
  status: Status;
  /** why it failed or was skipped; what was measured when it passed */
  detail?: string;
  ms?: number;
}

export const MATRIX_FILE = process.env.CRL_MATRIX_FILE ?? join(CACHE_DIR, 'e2e-matrix.jsonl');

/** Set by the global setup: the global teardown prints the table, test files do not. */
export const GLOBAL_MATRIX_ENV = 'CRL_MATRIX_GLOBAL';

export function resetMatrix(): void {
  rmSync(MATRIX_FILE, { force: true });
}

export function recordRow(row: Row): void {
  mkdirSync(dirname(MATRIX_FILE), { recursive: true });
  appendFileSync(MATRIX_FILE, `${JSON.stringify(row)}\n`);
}

export function readMatrix(): Row[] {
  if (!existsSync(MATRIX_FILE)) return [];
  return readFileSync(MATRIX_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
}

/**
 * A check that could not run because something it needs is missing (a tool, the built CLI,
 * an earlier step). It fails the test with this named reason; it is never a silent skip.
 */
export class Unavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unavailable';
  }
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
 * Runs one check and records its outcome. A thrown error is recorded as `fail` (with its first
 * line as the reason) and rethrown; `Skipped` is recorded as `skip` and reported to vitest as a
 * skip with the same note. The function may return a detail string (a size, a duration…).
 */
export async function check(
  row: Pick<Row, 'subject' | 'arch' | 'check'>,
  fn: () => Promise<string | void> | string | void,
  ctx?: CheckContext,
): Promise<void> {
  const started = Date.now();
  try {
    const detail = await fn();
    recordRow({ ...row, status: 'pass', detail: detail || undefined, ms: Date.now() - started });
  } catch (err) {
    const ms = Date.now() - started;
    if (err instanceof Skipped) {
      recordRow({ ...row, status: 'skip', detail: err.message, ms });
      ctx?.skip?.(err.message);
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    const reason = err instanceof Unavailable ? `unavailable: ${message}` : message;
    recordRow({ ...row, status: 'fail', detail: firstLine(reason), ms });
    throw err;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

const MARK: Record<Status, string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/** A plain-text table, one line per check, grouped by subject and architecture. */
export function formatMatrix(rows: Row[]): string {
  if (rows.length === 0) return 'verification matrix: no checks recorded';
  const header = ['subject', 'arch', 'check', 'result', 'time', 'detail'];
  const body = rows.map((r) => [
    r.subject,
    r.arch,
    r.check,
    MARK[r.status],
    r.ms === undefined ? '' : `${(r.ms / 1000).toFixed(1)}s`,
    r.detail ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const counts = (['pass', 'fail', 'skip'] as Status[])
    .map((s) => `${rows.filter((r) => r.status === s).length} ${s}`)
    .join(', ');
  return [
    'verification matrix',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    `${rows.length} checks: ${counts}`,
  ].join('\n');
}

export function printMatrix(rows: Row[] = readMatrix()): void {
  // eslint-disable-next-line no-console
  console.log(`\n${formatMatrix(rows)}\n`);
}
