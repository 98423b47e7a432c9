// The figures the generated README states about each function (src/costs/function-figures.json,
// read by src/costs/invocations.ts): ours from the functions part of this run, for every template
// and architecture it measured, and each template's first build from the first-build part; the
// templates a part did not measure keep their earlier figures.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/harness/paths.js';
import type { FirstBuildResult } from './first-build.js';
import { type FunctionsResult, MEASURED_VARS } from './functions.js';

export const FIGURES_FILE = join(REPO_ROOT, 'src', 'costs', 'function-figures.json');

interface Figures {
  date: string;
  what: string;
  machine: string;
  rustc: string;
  /** when and where the first builds were measured */
  firstBuild?: { date: string; machine: string; rustc: string };
  /** per template: its figures per arch, its first builds, and the variables it was measured with (when they matter) */
  templates: Record<string, Record<string, Record<string, unknown>>>;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

function readFigures(): Figures {
  return JSON.parse(readFileSync(FIGURES_FILE, 'utf8')) as Figures;
}

function saveFigures(figures: Figures): void {
  figures.templates = Object.fromEntries(Object.entries(figures.templates).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(FIGURES_FILE, `${JSON.stringify(figures, null, 2)}\n`);
}

/** Writes this run's first builds into the README's figures (per template: seconds, CPU seconds and crates of each build); returns how many templates. */
export function writeBuildFigures(result: FirstBuildResult, machine: string): number {
  const figures = readFigures();
  let written = 0;
  for (const row of result.rows) {
    if (row.error) continue;
    const builds = Object.fromEntries(
      Object.entries(row.builds).map(([kind, b]) => [
        kind === 'dev' ? 'dev' : kind.slice('release '.length),
        { seconds: Math.round(b.ms / 1000), cpuSeconds: Math.round(b.cpuMs / 1000), crates: b.crates },
      ]),
    );
    const template = figures.templates[row.template] ?? {};
    figures.templates[row.template] = { ...template, firstBuild: { ...template.firstBuild, ...builds } };
    written++;
  }
  if (written > 0) {
    figures.firstBuild = { date: result.date.slice(0, 10), machine, rustc: result.rustc };
    saveFigures(figures);
  }
  return written;
}

/** Writes this run's figures of our functions into the README's table; returns how many template × arch rows it wrote. */
export function writeFigures(result: FunctionsResult, date: Date, machine: string): number {
  const figures = readFigures();
  let written = 0;
  for (const row of result.results) {
    if (row.error || row.template === 'extension') continue;
    const o = row.ours;
    const measured: Record<string, number> = { bytes: o.size };
    if (!row.emulated) {
      if (o.coldStartMs === undefined || o.rssKb === undefined || o.p50Ms === undefined) continue;
      Object.assign(measured, { coldStartMs: round(o.coldStartMs, 2), rssKb: o.rssKb, p50Ms: round(o.p50Ms, 3) });
    }
    const vars = MEASURED_VARS[row.template];
    figures.templates[row.template] = { ...figures.templates[row.template], ...(vars ? { vars } : {}), [row.arch]: measured };
    written++;
  }
  if (written === 0) return 0;
  figures.date = date.toISOString().slice(0, 10);
  figures.machine = machine;
  figures.rustc = result.settings.rustc;
  saveFigures(figures);
  return written;
}
