// "Where the CPU went": the checks added up per kind and per phase, most first, with the unknown kept visible.
import { describe, expect, it } from 'vitest';
import { type CpuRecord, checkKind, cpuCell, foldTail, formatCpuTable, groupCpu } from '../e2e/support/cpu-table.js';

const record = (check: string, phase: string, cpuSeconds: number | undefined, ms: number, cpuUnmeasured?: number): CpuRecord => ({
  check,
  phase,
  ms,
  ...(cpuSeconds === undefined ? {} : { cpuSeconds }),
  ...(cpuUnmeasured === undefined ? {} : { cpuUnmeasured }),
});

const records: CpuRecord[] = [
  record('cargo lambda build --release', 'x86_64 (release builds)', 300.5, 200_000),
  record('cargo lambda build --release', 'arm64 (release builds)', 280.25, 190_000),
  record('cargo clippy -D warnings', 'host (x86_64, debug builds)', 90, 80_000),
  record('release binary: hello.json → 200', 'arm64 (release builds)', 1.5, 3_000),
  record('release binary: bad.json → 400', 'arm64 (release builds)', 1.25, 2_000),
  record('terraform validate', 'after the lanes', 12, 600_000),
  record('generate', 'generate projects', 0, 900),
];

describe('checkKind', () => {
  it('keeps a plain name and folds the part after a colon', () => {
    expect(checkKind('cargo clippy -D warnings')).toBe('cargo clippy -D warnings');
    expect(checkKind('release binary: hello.json → 200')).toBe('release binary: …');
    expect(checkKind('README: local section run literally')).toBe('README: …');
  });
});

describe('cpuCell', () => {
  it('shows seconds, a lower bound, or n/a', () => {
    expect(cpuCell({ cpuSeconds: 12.345 })).toBe('12.3s');
    expect(cpuCell({ cpuSeconds: 0 })).toBe('0.0s');
    expect(cpuCell({ cpuSeconds: 4, cpuUnmeasured: 1 })).toBe('≥4.0s');
    expect(cpuCell({ cpuUnmeasured: 2 })).toBe('n/a');
  });
});

describe('groupCpu', () => {
  it('adds up CPU, wall time and checks per key, most CPU first', () => {
    const groups = groupCpu(records, (r) => checkKind(r.check));
    expect(groups.map((g) => [g.name, g.checks, g.cpuSeconds, g.ms])).toEqual([
      ['cargo lambda build --release', 2, 580.75, 390_000],
      ['cargo clippy -D warnings', 1, 90, 80_000],
      ['terraform validate', 1, 12, 600_000],
      ['release binary: …', 2, 2.75, 5_000],
      ['generate', 1, 0, 900],
    ]);
  });

  it('orders equal CPU by wall time, then by name', () => {
    const tied = [record('b', 'p', 1, 10), record('a', 'p', 1, 10), record('c', 'p', 1, 20)];
    expect(groupCpu(tied, (r) => r.check).map((g) => g.name)).toEqual(['c', 'a', 'b']);
  });

  it('marks a group with an unmeasured check as a lower bound, and one with nothing measured as n/a, last', () => {
    const mixed = [record('a', 'p', 5, 1), record('a', 'p', undefined, 1, 2), record('b', 'p', undefined, 9, 1), record('c', 'p', 1, 1)];
    const groups = groupCpu(mixed, (r) => r.check);
    expect(groups.map((g) => [g.name, cpuCell(g)])).toEqual([
      ['a', '≥5.0s'],
      ['c', '1.0s'],
      ['b', 'n/a'],
    ]);
  });
});

describe('foldTail', () => {
  it('keeps the first groups and adds up the rest into one line', () => {
    const groups = groupCpu(records, (r) => r.check);
    const folded = foldTail(groups, 2, (n) => `${n} more`);
    expect(folded.map((g) => g.name)).toEqual(['cargo lambda build --release', 'cargo clippy -D warnings', '4 more']);
    expect(folded[2]).toMatchObject({ checks: 4, cpuSeconds: 14.75, ms: 605_900 });
  });

  it('does not fold a single group into a line of its own', () => {
    const groups = groupCpu(records.slice(0, 4), (r) => r.check);
    expect(foldTail(groups, groups.length - 1, (n) => `${n} more`)).toEqual(groups);
  });
});

describe('formatCpuTable', () => {
  const text = formatCpuTable(records);
  const lines = text.split('\n');

  it('lists the kinds of check and the phases, each most CPU first, and the total', () => {
    const names = (from: number, to?: number) => lines.slice(from, to).map((l) => l.split(/\s{2,}/)[0]);
    const blank = lines.indexOf('');
    // a title line, then each table's header and rule before its rows
    expect(names(3, blank)).toEqual([
      'cargo lambda build --release',
      'cargo clippy -D warnings',
      'terraform validate',
      'release binary: …',
      'generate',
    ]);
    expect(names(blank + 3)).toEqual([
      'x86_64 (release builds)',
      'arm64 (release builds)',
      'host (x86_64, debug builds)',
      'after the lanes',
      'generate projects',
      'total',
    ]);
    expect(lines.at(-1)).toMatch(/^total\s+7\s+685\.5s\s+1075\.9s$/);
  });

  it('stays a few dozen lines however many kinds of check there are', () => {
    const many = Array.from({ length: 200 }, (_, i) => record(`check ${i}`, `phase ${i % 4}`, i, 1000));
    const out = formatCpuTable(many).split('\n');
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out.some((l) => /^185 other kinds\s+185\s/.test(l))).toBe(true);
  });

  it('says n/a rather than a table of zeros when no command could be measured', () => {
    expect(formatCpuTable([record('a', 'p', undefined, 1, 1), record('b', 'p', 0, 1)])).toMatch(/^where the CPU went: n\/a/);
  });
});
