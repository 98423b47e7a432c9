// The bootstrap sizes a generated README states ("What a million calls cost"), per function and
// arch, so the e2e suite can hold them against the binaries it builds.
import type { Arch } from '../toolchain.js';

/** function name -> the size in bytes the README states for each arch (MiB to two decimals); functions it has not measured are absent. */
export function statedSizes(readme: string): Map<string, Record<Arch, number>> {
  const section = readme.slice(readme.indexOf('### What a million calls cost'));
  const sizes = new Map<string, Record<Arch, number>>();
  for (const [, name, arm64, x86] of section.matchAll(/^\| `([^`]+)` \([^)]*\) \| ([\d.]+) MiB \| ([\d.]+) MiB \|/gm))
    sizes.set(name as string, { arm64: Number(arm64) * 2 ** 20, x86_64: Number(x86) * 2 ** 20 });
  return sizes;
}

/** The functions the README's table says were not measured (a forked template, other variables than the measured ones). */
export function unmeasured(readme: string): string[] {
  return [...readme.matchAll(/^\| `([^`]+)` .*\| not measured \|/gm)].map((m) => m[1] as string);
}
