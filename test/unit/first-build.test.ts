// How long the first build takes: the README states the benchmark's figures
// (src/costs/function-figures.json, written by `npm run bench`'s first-build part) for the
// project's architecture, summed over its functions, and no figure for a function the benchmark
// did not measure.
import { beforeAll, describe, expect, it } from 'vitest';
import figures from '../../src/costs/function-figures.json' with { type: 'json' };
import { builtinCatalog } from '../../src/template/catalog.js';
import { loadPatternEngine } from '../../src/template/pattern.js';
import { planFunctions } from '../harness/plan-functions.js';

interface Build {
  seconds: number;
  cpuSeconds: number;
  crates: number;
}
const TEMPLATES = figures.templates as Record<string, { firstBuild?: Record<string, Build> }>;
const build = (template: string, kind: string) => TEMPLATES[template]?.firstBuild?.[kind] as Build;

/** 125 → "2 min 05 s": written out here, not imported, so a change of the README's format fails this test */
const stated = (seconds: number) =>
  seconds >= 60 ? `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s` : `${seconds} s`;

/** The README's paragraph about the first build. */
const firstBuildParagraph = (readme: string) =>
  readme.slice(readme.indexOf('The first build compiles'), readme.indexOf('## Run it locally'));

describe('the first build', () => {
  beforeAll(loadPatternEngine);

  it('is measured for every built-in template: release on both architectures, and the dev build', () => {
    const missing = builtinCatalog().templates.flatMap(({ id }) =>
      ['arm64', 'x86_64', 'dev'].flatMap((kind) => {
        const b = TEMPLATES[id]?.firstBuild?.[kind];
        return b && b.seconds > 0 && b.cpuSeconds >= b.seconds && b.crates > 0 ? [] : [`${id} ${kind}`];
      }),
    );
    expect(missing, 'run `npm run bench` (its first-build part writes src/costs/function-figures.json)').toEqual([]);
    expect((figures as { firstBuild?: { date: string } }).firstBuild?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("states the project's architecture's figures for one function", async () => {
    for (const arch of ['arm64', 'x86_64'] as const) {
      const text = firstBuildParagraph((await planFunctions('sam', [{ name: 'shop', template: 'dynamodb' }], arch))('README.md'));
      const release = build('dynamodb', arch);
      expect(text).toContain(`(${release.crates} crates)`);
      expect(text).toContain(`for ${arch} took ${stated(release.seconds)} (${stated(release.cpuSeconds)} of CPU)`);
      expect(text).toContain(`took ${stated(build('dynamodb', 'dev').seconds)}.`);
    }
  });

  it('sums the functions of a project as an upper bound', async () => {
    const functions = [
      { name: 'shop', template: 'http' },
      { name: 'orders', template: 'sqs' },
      { name: 'items', template: 's3' },
    ];
    const text = firstBuildParagraph((await planFunctions('terraform', functions, 'x86_64'))('README.md'));
    const sum = (kind: string, key: keyof Build) => functions.reduce((total, f) => total + build(f.template, kind)[key], 0);
    expect(text).toContain(
      `takes at most ${stated(sum('x86_64', 'seconds'))} for them all (${stated(sum('x86_64', 'cpuSeconds'))} of CPU;`,
    );
    expect(text).toContain(`at most ${stated(sum('dev', 'seconds'))}.`);
  });

  it('gives no figure when a function was made with other variables than the measured ones', async () => {
    const text = firstBuildParagraph(
      (await planFunctions('none', [{ name: 'bus', template: 'event', vars: { eventType: 'cloudwatch_events.CloudWatchEvent' } }]))(
        'README.md',
      ),
    );
    expect(text).toContain('dependencies, which takes minutes.');
    expect(text).not.toMatch(/\d+ s\b/);
  });
});
