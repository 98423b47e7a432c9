// What a stack costs while idle comes from one table (src/costs/prices.json): its rows are kinds,
// its prices are dated and sourced, and the README of every template, alone and all together, states
// as many of each priced resource as the rendered stack has (read back from SAM's template.yaml), with
// a total that is the sum of its rows.
import { beforeAll, describe, expect, it } from 'vitest';
import { IDLE_COSTS } from '../../src/costs/idle.js';
import { KINDS } from '../../src/kinds/index.js';
import { loadPatternEngine } from '../../src/template/pattern.js';
import { everyTemplateProjects } from '../harness/every-template.js';
import { planFunctions } from '../harness/plan-functions.js';
import { type Files, samTemplate } from '../harness/read-iac.js';

type PriceId = keyof typeof IDLE_COSTS.prices;

/** How many of each priced resource a SAM stack has. */
function pricedResources(file: Files): Record<PriceId, number> {
  const resources = Object.values(samTemplate(file).Resources);
  const of = (type: string) => resources.filter((r) => r.Type === type);
  const balancers = of('AWS::ElasticLoadBalancingV2::LoadBalancer');
  return {
    alb: balancers.length,
    // an internet-facing load balancer has a public address in each of its subnets' zones
    publicIpv4: balancers.reduce((n, b) => n + (b.Properties?.Subnets?.length ?? 0), 0),
    kinesisShard: of('AWS::Kinesis::Stream').reduce((n, s) => n + Number(s.Properties?.ShardCount ?? 0), 0),
    kmsKey: of('AWS::KMS::Key').length,
    alarm: of('AWS::CloudWatch::Alarm').length,
  };
}

/** The README's idle-cost table: count and USD per price (told by its `what`), and the total it states. */
function readmeCosts(file: Files) {
  const readme = file('README.md');
  const section = readme.slice(readme.indexOf('### What it costs while idle'));
  const rows = [...section.matchAll(/^\| (\d+) \| (.+?) \| .+? \| (\d+\.\d\d) \|$/gm)];
  const byWhat = new Map(Object.entries(IDLE_COSTS.prices).map(([id, p]) => [p.what, id as PriceId]));
  const counts: Partial<Record<PriceId, number>> = {};
  let cents = 0;
  for (const [, count, what, usd] of rows) {
    const id = byWhat.get(what as string);
    if (id) counts[id] = Number(count);
    cents += Math.round(Number(usd) * 100);
  }
  const total = /costs about \*\*(\d+\.\d\d) USD a month\*\*/.exec(section)?.[1];
  return { counts, cents, total: total === undefined ? undefined : Math.round(Number(total) * 100) };
}

describe('idle costs', () => {
  beforeAll(loadPatternEngine);

  it('come from one dated table whose rows are kinds and whose prices name their source', () => {
    const kinds = new Set(KINDS.map((k) => k.id));
    for (const kind of Object.keys(IDLE_COSTS.kinds)) expect(kinds.has(kind), kind).toBe(true);
    expect(IDLE_COSTS.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const [id, price] of Object.entries(IDLE_COSTS.prices)) {
      expect(price.source, id).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(
        [price.usdPerHour, price.usdPerMonth].filter((p) => p !== undefined),
        id,
      ).toHaveLength(1);
    }
    for (const costs of Object.values(IDLE_COSTS.kinds))
      for (const counts of [costs.function, costs.stack])
        for (const id of Object.keys(counts ?? {})) expect(Object.keys(IDLE_COSTS.prices)).toContain(id);
  });

  it('in the README of every template, and of all together, count what the stack has and add up', async () => {
    const found: string[] = [];
    for (const { what, functions } of everyTemplateProjects('sam')) {
      const file = await planFunctions('sam', functions);
      const stack = Object.fromEntries(Object.entries(pricedResources(file)).filter(([, n]) => n > 0));
      const readme = readmeCosts(file);
      if (JSON.stringify(readme.counts) !== JSON.stringify(stack))
        found.push(`${what}: the README counts ${JSON.stringify(readme.counts)}, the stack has ${JSON.stringify(stack)}`);
      if (Object.keys(stack).length > 0 && readme.total !== readme.cents)
        found.push(`${what}: the README's total is not the sum of its rows (${readme.total} against ${readme.cents} cents)`);
    }
    expect(found).toEqual([]);
  });

  it('a project with a load balancer, a Kinesis stream and a topic states each of them', async () => {
    const file = await planFunctions('terraform', [
      { name: 'front', template: 'alb' },
      { name: 'back', template: 'alb' },
      { name: 'clicks', template: 'kinesis' },
      { name: 'alerts', template: 'sns' },
    ]);
    const readme = file('README.md');
    expect(readme).toMatch(/^\| 2 \| Application Load Balancer, .+ \| `front`, `back` \| 32\.85 \|$/m);
    expect(readme).toMatch(/^\| 4 \| public IPv4 address .+ \| 14\.60 \|$/m);
    expect(readme).toMatch(/^\| 1 \| provisioned Kinesis shard .+ \| `clicks` \| 10\.95 \|$/m);
    expect(readme).toMatch(/^\| 2 \| KMS customer managed key .+ \| the alarm topic, `alerts` \| 2\.00 \|$/m);
  });

  it('none: the functions alone cost nothing while idle, and the README says so', async () => {
    const file = await planFunctions('none', [{ name: 'front', template: 'alb' }]);
    expect(file('README.md')).toMatch(
      /### What it costs while idle\n\n`cargo lambda deploy` creates the functions, [^\n]*\n\(Lambda bills/,
    );
  });
});
