// The AWS provider constraint of the generated Terraform admits no version that lacks an argument
// the configuration uses: `terraform init` would pick such a version for a user who has it (a
// lock file, a mirror) and plan would then fail on an unknown argument. The table lists the
// arguments the templates use that came after 6.0, each with the release that added it (the
// provider's CHANGELOG: "resource/<type>: Add `<argument>` argument").
import { describe, expect, it } from 'vitest';
import { everyTemplateProjects } from '../harness/every-template.js';
import { planFunctions } from '../harness/plan-functions.js';

const ADDED_AFTER_6_0: Array<{ resource: string; argument: string; since: string }> = [
  { resource: 'aws_lambda_permission', argument: 'invoked_via_function_url', since: '6.28.0' },
];

const VARIANTS = [{ template: 'stream', vars: { auth: 'NONE' } }];

const version = (v: string) => v.split('.').map(Number) as [number, number, number];
const atLeast = (a: string, b: string) => {
  const [x, y] = [version(a), version(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return true;
};

/** The lowest version `~> X.Y` (or `~> X.Y.Z`) admits. */
function lowest(constraint: string): string {
  const m = /^~>\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(constraint.trim());
  if (!m) throw new Error(`not a pessimistic constraint: ${constraint}`);
  return `${m[1]}.${m[2]}.${m[3] ?? 0}`;
}

describe('the AWS provider constraint', () => {
  it('admits only versions with every argument the rendered configuration uses', async () => {
    const used = new Set<string>();
    let constraint = '';
    for (const { functions } of everyTemplateProjects('terraform', VARIANTS)) {
      const file = await planFunctions('terraform', functions);
      constraint = /source\s*=\s*"hashicorp\/aws"\s*\n\s*version\s*=\s*"([^"]+)"/.exec(file('infra/versions.tf'))?.[1] ?? '';
      const main = file('infra/main.tf');
      for (const a of ADDED_AFTER_6_0) {
        const blocks = main.split(/\nresource "/).filter((b) => b.startsWith(`${a.resource}"`));
        if (blocks.some((b) => new RegExp(`^\\s*${a.argument}\\s*=`, 'm').test(b))) used.add(`${a.resource}.${a.argument}`);
      }
    }
    expect(constraint).not.toBe('');
    // the rule sees what it checks: every argument of the table is in a rendered project
    expect([...used].sort()).toEqual(ADDED_AFTER_6_0.map((a) => `${a.resource}.${a.argument}`).sort());
    for (const a of ADDED_AFTER_6_0) expect(atLeast(lowest(constraint), a.since), `${a.argument} needs ${a.since}`).toBe(true);
  });

  it('reads the lowest version of a constraint', () => {
    expect(lowest('~> 6.28')).toBe('6.28.0');
    expect(lowest('~> 6.0')).toBe('6.0.0');
    expect(atLeast('6.0.0', '6.28.0')).toBe(false);
    expect(atLeast('6.28.0', '6.28.0')).toBe(true);
  });
});
