// How long the first build takes, from the benchmark's figures (function-figures.json, written by
// `npm run bench`'s first-build part): each template's project built from an empty target folder
// on a 2-core machine, release for each architecture and the dev build `cargo lambda watch` makes.
// The README states them instead of a guess; a template the benchmark has not measured (a forked
// one, another event type) leaves the README with no figure rather than a wrong one.
import type { Arch } from '../arch.js';
import { type Build, FIGURES, figuresOf } from './figures.js';

/** "2 min 05 s", "45 s" */
export function minutesAndSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/**
 * The first builds of a project's functions on `arch`, for the README: the release build and the
 * dev build, each the sum over its functions as measured alone (an upper bound for several: a
 * dependency they ask for with the same features is compiled once). Undefined unless every
 * function's template was measured.
 */
export function firstBuildOf(functions: readonly { template: string; vars: Readonly<Record<string, unknown>> }[], arch: Arch) {
  const builds = functions.map((f) => figuresOf(f.template, f.vars)?.firstBuild);
  if (builds.length === 0 || !FIGURES.firstBuild) return undefined;
  const sum = (kind: Arch | 'dev', key: keyof Build) => {
    let total = 0;
    for (const b of builds) {
      const value = b?.[kind]?.[key];
      if (value === undefined) return undefined;
      total += value;
    }
    return total;
  };
  const [release, releaseCpu, crates, dev] = [sum(arch, 'seconds'), sum(arch, 'cpuSeconds'), sum(arch, 'crates'), sum('dev', 'seconds')];
  if (release === undefined || releaseCpu === undefined || crates === undefined || dev === undefined) return undefined;
  return {
    release: minutesAndSeconds(release),
    releaseCpu: minutesAndSeconds(releaseCpu),
    crates,
    dev: minutesAndSeconds(dev),
    measured: FIGURES.firstBuild.date,
    machine: FIGURES.firstBuild.machine,
  };
}
