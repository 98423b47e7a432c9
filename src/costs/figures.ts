// The benchmark's figures of each built-in template (function-figures.json, written by
// `npm run bench`): read here once, for the README's cost table (invocations.ts) and its first
// build (first-build.ts).
import type { Arch } from '../arch.js';
import figures from './function-figures.json' with { type: 'json' };

export interface Measured {
  bytes: number;
  coldStartMs?: number;
  rssKb?: number;
  p50Ms?: number;
}

export interface Build {
  seconds: number;
  cpuSeconds: number;
  crates: number;
}

export type TemplateFigures = Partial<Record<Arch, Measured>> & {
  /** the first builds: release per arch, and the dev build */
  firstBuild?: Partial<Record<Arch | 'dev', Build>>;
  /** the variables it was measured with, where they change its dependencies */
  vars?: Record<string, string>;
};

export const FIGURES = figures as {
  date: string;
  machine: string;
  rustc: string;
  firstBuild?: { date: string; machine: string; rustc: string };
  templates: Record<string, TemplateFigures>;
};

/** A template's figures, when the benchmark measured it with these variables (not for another event type, nor a forked template). */
export function figuresOf(template: string, vars: Readonly<Record<string, unknown>>): TemplateFigures | undefined {
  const entry = FIGURES.templates[template];
  if (!entry || Object.entries(entry.vars ?? {}).some(([name, value]) => vars[name] !== value)) return undefined;
  return entry;
}
