// What a function costs per call: the README states each function's measured figures (the
// benchmark's, src/costs/function-figures.json) and what a million calls cost at its memory on
// both architectures, from the one price table (src/costs/prices.json). The e2e suite compares the
// stated sizes with the binaries it builds.
import { beforeAll, describe, expect, it } from 'vitest';
import figures from '../../src/costs/function-figures.json' with { type: 'json' };
import prices from '../../src/costs/prices.json' with { type: 'json' };
import { builtinCatalog } from '../../src/template/catalog.js';
import { loadPatternEngine } from '../../src/template/pattern.js';
import { everyTemplateProjects } from '../harness/every-template.js';
import { planFunctions } from '../harness/plan-functions.js';
import { unmeasured } from '../harness/readme/stated-sizes.js';

interface Row {
  name: string;
  template: string;
  memory: number;
  p50: number;
  billed: number;
  usd: { arm64: number; x86_64: number };
}

/** The rows of the README's "What a million calls cost" table; `not measured` rows have no figures. */
function costRows(readme: string): { measured: Row[]; unmeasured: string[] } {
  const section = readme.slice(readme.indexOf('### What a million calls cost'), readme.indexOf('## Try it in AWS'));
  const measured = [
    ...section.matchAll(
      /^\| `([^`]+)` \(([\w-]+), (\d+) MB\) \| [\d.]+ MiB \| [\d.]+ MiB \| [\d.]+ ms \| [\d.]+ MiB \| ([\d.]+) ms, (\d+) ms \| ([\d.]+) USD \| ([\d.]+) USD \|/gm,
    ),
  ].map(([, name, template, memory, p50, billed, arm64, x86]) => ({
    name: name as string,
    template: template as string,
    memory: Number(memory),
    p50: Number(p50),
    billed: Number(billed),
    usd: { arm64: Number(arm64), x86_64: Number(x86) },
  }));
  return { measured, unmeasured: unmeasured(section) };
}

const FUNCTION_TEMPLATES = builtinCatalog()
  .templates.filter((t) => t.kind === 'function')
  .map((t) => t.id);

describe('what a million calls cost', () => {
  beforeAll(loadPatternEngine);

  it('every built-in function template is measured on both architectures', () => {
    const templates = figures.templates as Record<
      string,
      Record<string, { bytes?: number; coldStartMs?: number; rssKb?: number; p50Ms?: number }>
    >;
    const missing = FUNCTION_TEMPLATES.flatMap((id) => {
      const t = templates[id];
      const gaps = [];
      if (!(Number(t?.arm64?.bytes) > 0)) gaps.push('arm64 size');
      for (const f of ['bytes', 'coldStartMs', 'rssKb', 'p50Ms'] as const) if (!(Number(t?.x86_64?.[f]) > 0)) gaps.push(`x86_64 ${f}`);
      return gaps.length > 0 ? [`${id}: ${gaps.join(', ')}`] : [];
    });
    expect(missing, 'run `npm run bench` (its functions part writes src/costs/function-figures.json)').toEqual([]);
    expect(figures.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('is the requests plus memory × billed duration at the price table’s rates, in the README of every template', async () => {
    const { lambda } = prices;
    expect(lambda.source).toMatch(/^https:\/\/aws\.amazon\.com\/lambda\/pricing/);
    // arm64's GB-second is 20 % cheaper: the README says so
    expect(lambda.usdPerGbSecond.arm64 / lambda.usdPerGbSecond.x86_64).toBeCloseTo(0.8, 4);
    const everything = everyTemplateProjects('sam').find((p) => p.what === 'every template');
    const functions = (everything?.functions ?? []).map((f, i) => ({ ...f, memory: [128, 256, 1024][i % 3] }));
    const { measured } = costRows((await planFunctions('sam', functions))('README.md'));
    expect(measured.length).toBeGreaterThan(0);
    for (const row of measured) {
      expect(row.billed, row.name).toBe(Math.max(1, Math.ceil(row.p50)));
      for (const arch of ['arm64', 'x86_64'] as const) {
        const gbSeconds = (row.memory / 1024) * (row.billed / 1000) * 1e6;
        const want = lambda.usdPerMillionRequests + gbSeconds * lambda.usdPerGbSecond[arch];
        expect(row.usd[arch], `${row.name} ${arch}`).toBeCloseTo(want, 4);
      }
      expect(row.usd.arm64, row.name).toBeLessThan(row.usd.x86_64);
    }
  });

  it('says "not measured" for a function made with other variables than the measured ones, and for none of the others', async () => {
    const file = await planFunctions('terraform', [
      { name: 'queue', template: 'event', vars: { eventType: 'sqs.SqsEvent' } },
      { name: 'bus', template: 'event', vars: { eventType: 'cloudwatch_events.CloudWatchEvent' } },
      { name: 'api', template: 'http' },
      { name: 'ext', template: 'extension', vars: { extensionApi: 'none' } },
    ]);
    const { measured, unmeasured } = costRows(file('README.md'));
    expect(measured.map((r) => r.name)).toEqual(['queue', 'api']);
    expect(unmeasured).toEqual(['bus']);
  });
});
