// A public endpoint with nothing in front of it that throttles (a function URL of AuthType NONE, an
// Application Load Balancer) caps its function: rules over every built-in template in every flavor,
// alone, in each variant and all together, read back from the rendered IaC:
// - every such function reserves concurrency (`settings.reservedConcurrency`), and no other does
//   (a reservation fails to deploy on an account without the unreserved concurrency for it);
// - the README's Deploy checks the account's unreserved concurrency exactly when a function reserves
//   some, and none's README reserves it with `aws lambda put-function-concurrency`;
// - Terraform's two public permissions of a NONE URL say why checkov's CKV_AWS_301 does not apply.
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_ENDPOINT_CONCURRENCY } from '../../src/kinds/public-endpoint.js';
import { loadPatternEngine } from '../../src/template/pattern.js';
import { everyTemplateProjects } from '../harness/every-template.js';
import { planFunctions } from '../harness/plan-functions.js';
import { type Files, hclAttr, samTemplate, terraformBlocks } from '../harness/read-iac.js';
import { parseReadme } from '../harness/readme/parse.js';
import { simpleCommands } from '../harness/readme/shell.js';

const FLAVORS = ['sam', 'cdk', 'terraform', 'none'] as const;
type Flavor = (typeof FLAVORS)[number];

const VARIANTS = [{ template: 'stream', vars: { auth: 'NONE' } }];

/** Per function of the stack: whether it is public with nothing in front, and the concurrency it reserves. */
type Caps = Map<string, { open: boolean; reserved?: number }>;

/** The argv of every simple command of a README section. */
const commands = (file: Files, section: string) =>
  parseReadme(file('README.md'))
    .filter((b) => b.section[0] === section)
    .flatMap((b) => b.commands.flatMap((c) => simpleCommands(c.text).map((s) => s.argv)));

const flag = (argv: string[], name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);

const READ: Record<Flavor, (file: Files) => Caps> = {
  sam: (file) => {
    const resources = Object.entries(samTemplate(file).Resources);
    const targets = resources
      .filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup')
      .flatMap(([, r]) => (r.Properties?.Targets ?? []).map((t: { Id: { GetAtt: string } }) => String(t.Id.GetAtt).split('.')[0]));
    return new Map(
      resources
        .filter(([, r]) => r.Type === 'AWS::Serverless::Function')
        .map(([id, r]) => [
          id,
          {
            open: r.Properties?.FunctionUrlConfig?.AuthType === 'NONE' || targets.includes(id),
            reserved: r.Properties?.ReservedConcurrentExecutions,
          },
        ]),
    );
  },
  cdk: (file) => {
    const ts = file('infra/lib/stack.ts');
    const blocks = [...ts.matchAll(/^ {4}\/\/ ([a-z0-9-]+): the crate in [^\n]*\n {4}\{\n([\s\S]*?)\n {4}\}$/gm)];
    return new Map(
      blocks.map((m) => {
        const block = m[2] as string;
        const props = /new RustFunction\(this, '\w+', \{([\s\S]*?)\n\s*\}\);/.exec(block)?.[1] ?? '';
        const open = /authType: lambda\.FunctionUrlAuthType\.NONE/.test(block) || /targets = \[\{ id: fn\.functionArn \}\]/.test(block);
        const reserved = /reservedConcurrentExecutions: (\d+),/.exec(props)?.[1];
        return [m[1] as string, { open, reserved: reserved === undefined ? undefined : Number(reserved) }];
      }),
    );
  },
  terraform: (file) => {
    const blocks = terraformBlocks(file);
    const of = (type: string) => blocks.filter((b) => b.kind === 'resource' && b.labels[0] === type);
    const open = new Set([
      ...of('aws_lambda_function_url')
        .filter((u) => hclAttr(u.body, 'authorization_type') === '"NONE"')
        .map((u) => /aws_lambda_function\.(\w+)\./.exec(hclAttr(u.body, 'function_name') ?? '')?.[1]),
      ...of('aws_lb_target_group_attachment').map((a) => /aws_lambda_function\.(\w+)\./.exec(hclAttr(a.body, 'target_id') ?? '')?.[1]),
    ]);
    const defaults = new Map(blocks.filter((b) => b.kind === 'variable').map((v) => [v.labels[0], hclAttr(v.body, 'default')]));
    return new Map(
      of('aws_lambda_function').map((f) => {
        const variable = /^var\.(\w+)$/.exec(hclAttr(f.body, 'reserved_concurrent_executions') ?? '')?.[1];
        return [f.labels[1] as string, { open: open.has(f.labels[1]), reserved: variable ? Number(defaults.get(variable)) : undefined }];
      }),
    );
  },
  // the none README makes the URL or registers the target by hand, and reserves the concurrency so
  none: (file) => {
    const caps: Caps = new Map();
    for (const argv of commands(file, 'Deploy')) {
      const fn = flag(argv, '--function-name');
      if (!fn || argv[0] !== 'aws' || argv[1] !== 'lambda') continue;
      const cap = caps.get(fn) ?? { open: false };
      if (argv[2] === 'create-function-url-config' && flag(argv, '--auth-type') === 'NONE') cap.open = true;
      if (argv[2] === 'add-permission' && flag(argv, '--principal') === 'elasticloadbalancing.amazonaws.com') cap.open = true;
      if (argv[2] === 'put-function-concurrency') cap.reserved = Number(flag(argv, '--reserved-concurrent-executions'));
      caps.set(fn, cap);
    }
    return caps;
  },
};

function problems(file: Files, caps: Caps): string[] {
  const found: string[] = [];
  for (const [fn, { open, reserved }] of caps) {
    if (open && reserved !== PUBLIC_ENDPOINT_CONCURRENCY)
      found.push(`${fn} is public with nothing in front that throttles, but reserves ${reserved ?? 'no'} concurrency`);
    if (!open && reserved !== undefined) found.push(`${fn} reserves concurrency (${reserved}) but is not a public endpoint`);
  }
  const reserves = [...caps.values()].some((c) => c.reserved !== undefined);
  const checks = commands(file, 'Deploy').some((argv) => argv.slice(0, 3).join(' ') === 'aws lambda get-account-settings');
  if (reserves !== checks)
    found.push(
      reserves
        ? "a function reserves concurrency, and Deploy does not check the account's"
        : 'Deploy checks a concurrency nothing reserves',
    );
  return found;
}

describe('public endpoints: rules over every template in every flavor', () => {
  beforeAll(loadPatternEngine);

  for (const flavor of FLAVORS) {
    it(`${flavor}: a function URL of AuthType NONE or a load balancer caps its function, and Deploy checks the account first`, async () => {
      const found: string[] = [];
      for (const { what, functions } of everyTemplateProjects(flavor, VARIANTS)) {
        const file = await planFunctions(flavor, functions);
        found.push(...problems(file, READ[flavor](file)).map((p) => `${what}: ${p}`));
      }
      expect(found).toEqual([]);
    });
  }

  it("terraform: a public permission skips checkov's CKV_AWS_301 with its reason (the generated CI runs checkov)", async () => {
    const file = await planFunctions('terraform', [{ name: 'feed', template: 'stream', vars: { auth: 'NONE' } }]);
    const open = terraformBlocks(file).filter((b) => b.labels[0] === 'aws_lambda_permission' && hclAttr(b.body, 'principal') === '"*"');
    expect(open).toHaveLength(2);
    for (const permission of open) expect(permission.body, permission.labels[1]).toMatch(/^\s*#checkov:skip=CKV_AWS_301:\S.{20,}$/m);
  });

  it('the rules see what they check: the public endpoints of a project are found in every flavor', async () => {
    const project = [
      { name: 'front', template: 'alb' },
      { name: 'feed', template: 'stream', vars: { auth: 'NONE' } },
      { name: 'signed', template: 'stream', vars: { auth: 'AWS_IAM' } },
    ];
    for (const flavor of FLAVORS) {
      const caps = READ[flavor](await planFunctions(flavor, project));
      expect([...caps.values()].filter((c) => c.open).length, flavor).toBe(2);
    }
  });
});
