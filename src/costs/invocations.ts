// What a function costs per call: its measured figures (function-figures.json, written by the
// benchmark) and Lambda's on-demand prices (prices.json, the one price table, with its date).
// Lambda bills each request, and the function's memory times its duration rounded up to the
// millisecond; arm64's GB-second is 20 % cheaper than x86_64's.
import { ARCH_IDS, type Arch } from '../arch.js';
import { FIGURES, figuresOf } from './figures.js';
import table from './prices.json' with { type: 'json' };

/** USD, to the hundredth of a cent (a million calls of a small function cost about 0.20). */
const usd = (value: number) => value.toFixed(4);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

/** Lambda's bill for a million calls of `billedMs` each at `memoryMb`, on `arch`, in USD. */
export function usdPerMillion(memoryMb: number, billedMs: number, arch: Arch): number {
  const gbSeconds = (memoryMb / 1024) * (billedMs / 1000) * 1e6;
  return table.lambda.usdPerMillionRequests + gbSeconds * table.lambda.usdPerGbSecond[arch];
}

/**
 * What the README states about one function of a built-in template: its measured size, cold
 * start and memory, and what a million calls cost on each architecture at its memory. Undefined
 * for a template the benchmark has not measured (a forked one), or measured with other variables
 * (another event type).
 */
export function invocationCosts(template: string, vars: Readonly<Record<string, unknown>>, memoryMb: number) {
  const measured = figuresOf(template, vars);
  const x86 = measured?.x86_64;
  if (!measured || !x86?.p50Ms) return undefined;
  const billedMs = Math.max(1, Math.ceil(x86.p50Ms));
  const per = (f: (arch: Arch) => string) => Object.fromEntries(ARCH_IDS.map((arch) => [arch, f(arch)])) as Record<Arch, string>;
  return {
    size: per((arch) => (measured[arch] ? mib(measured[arch].bytes) : '—')),
    coldStartMs: x86.coldStartMs?.toFixed(1) ?? '—',
    peakMemory: x86.rssKb ? mib(x86.rssKb * 1024) : '—',
    p50Ms: x86.p50Ms.toFixed(2),
    billedMs,
    usdPerMillion: per((arch) => usd(usdPerMillion(memoryMb, billedMs, arch))),
    /** what each 100 ms of the handler's own work adds to a million calls */
    usdPer100Ms: per((arch) => usd(usdPerMillion(memoryMb, 100, arch) - table.lambda.usdPerMillionRequests)),
  };
}

/** Where the figures and prices come from, for the README's sentence about them. */
export const COST_SOURCES = {
  measured: FIGURES.date,
  machine: FIGURES.machine,
  pricesDate: table.date,
  region: table.region,
  usdPerMillionRequests: usd(table.lambda.usdPerMillionRequests),
  usdPerGbSecond: table.lambda.usdPerGbSecond,
} as const;
