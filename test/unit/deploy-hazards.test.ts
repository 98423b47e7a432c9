// What the linters do not see and a first deploy (or the next one) trips over, as rules over every
// built-in template in every flavor, alone and all together in one project:
// - implicit ordering: a resource that needs another one to exist first says so (an internet-facing
//   load balancer and the internet gateway; an API deployment and every route, integration and
//   route response it snapshots), an API deployment is made anew when what it snapshots changes,
//   and a resource whose name comes from name_prefix is replaced before it is destroyed;
// - account-level prerequisites: a stack that relies on a setting of the account (API Gateway's
//   CloudWatch Logs role, for REST and WebSocket access logs) does not set it, and its README
//   says how to check and set it before the first deploy;
// - permission semantics: the s3 function may read the version its events name, and may list its
//   bucket, without which S3 answers a missing object 403 (retried) rather than 404 (reported);
// - keys that block publishers: a topic is encrypted with a key of the stack whose policy lets
//   the AWS services that publish to topics use it, never with the AWS managed alias/aws/sns;
// - the none flavor: every AWS name its README and commands use starts with the project's name,
//   the S3 notification is added to the bucket's configuration rather than replacing it, and a
//   new Kinesis stream is waited for before the next command.
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { builtinCatalog } from '../../src/template/catalog.js';
import { loadPatternEngine } from '../../src/template/pattern.js';
import { everyTemplateProjects } from '../harness/every-template.js';
import { planFunctions } from '../harness/plan-functions.js';
import { parseReadme } from '../harness/readme/parse.js';
import { simpleCommands } from '../harness/readme/shell.js';

type Files = (path: string) => string;

const FLAVORS = ['sam', 'cdk', 'terraform', 'none'] as const;
type Flavor = (typeof FLAVORS)[number];

const projects = (flavor: Flavor) => everyTemplateProjects(flavor);

// --- reading the files back ---

/** CloudFormation's short-form intrinsics, as `{ Ref: … }`-style objects. */
const cfnTags = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'FindInMap', 'ImportValue', 'GetAZs'].flatMap(
  (name) => [
    { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [name]: value.toJSON() }) },
    { tag: `!${name}`, collection: 'map' as const, resolve: (value: { toJSON(): unknown }) => ({ [name]: value.toJSON() }) },
  ],
);

interface CfnResource {
  Type: string;
  DependsOn?: string | string[];
  Properties?: Record<string, any>;
}

function samResources(file: Files): Record<string, CfnResource> {
  return (parseYaml(file('template.yaml'), { customTags: cfnTags }) as { Resources: Record<string, CfnResource> }).Resources;
}

const dependsOn = (r: CfnResource) => new Set([r.DependsOn ?? []].flat());

interface HclBlock {
  type: string;
  name: string;
  body: string;
}

/** Every `resource "type" "name" { … }` of the Terraform module, braces matched (those in strings are balanced too). */
function terraformResources(file: Files): HclBlock[] {
  const text = ['main.tf', 'outputs.tf'].map((f) => file(`infra/${f}`)).join('\n');
  const found: HclBlock[] = [];
  for (const m of text.matchAll(/^resource "(\w+)" "(\w+)" \{/gm)) {
    const start = (m.index ?? 0) + m[0].length;
    let depth = 1;
    let i = start;
    for (; i < text.length && depth > 0; i++) depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
    found.push({ type: m[1] as string, name: m[2] as string, body: text.slice(start, i - 1) });
  }
  return found;
}

/** The addresses a `depends_on = [ … ]` lists. */
const dependsOnOf = (body: string) =>
  new Set([...(/depends_on\s*=\s*\[([^\]]*)\]/.exec(body)?.[1] ?? '').matchAll(/[\w.]+/g)].map((m) => m[0]));

/** The README's blocks of one section, and the simple commands in them. */
function commandsOf(file: Files, section: string) {
  return parseReadme(file('README.md'))
    .filter((b) => b.section[0] === section)
    .flatMap((b) => b.commands.flatMap((c) => simpleCommands(c.text).map((s) => ({ argv: s.argv, text: c.text }))));
}

// --- the rules ---

interface Rule {
  name: string;
  flavors: readonly Flavor[];
  /** the problems of one rendered project */
  check: (file: Files) => string[];
}

/** API Gateway v2 resources a WebSocket deployment snapshots (SAM and Terraform spellings). */
const V2_SNAPSHOT_TYPES = [
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::RouteResponse',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::IntegrationResponse',
];
const TF_V2_SNAPSHOT_TYPES = [
  'aws_apigatewayv2_route',
  'aws_apigatewayv2_route_response',
  'aws_apigatewayv2_integration',
  'aws_apigatewayv2_integration_response',
];

/** Whether a stack's text sets the account's API Gateway CloudWatch Logs role (it must not: the setting is the account's). */
const SETS_ACCOUNT_ROLE = /AWS::ApiGateway::Account|aws_api_gateway_account|cloudWatchRole:\s*true|new apigateway\.CfnAccount/;

/** Whether a project has a REST or WebSocket API stage writing access logs, read from its IaC. */
function logsThroughAccountRole(flavor: Flavor, file: Files): boolean {
  if (flavor === 'sam') {
    const resources = Object.values(samResources(file));
    const websocketApi = resources.some((r) => r.Type === 'AWS::ApiGatewayV2::Api' && r.Properties?.ProtocolType === 'WEBSOCKET');
    return (
      resources.some((r) => r.Type === 'AWS::Serverless::Api' && r.Properties?.AccessLogSetting) ||
      (websocketApi && resources.some((r) => r.Type === 'AWS::ApiGatewayV2::Stage' && r.Properties?.AccessLogSettings))
    );
  }
  if (flavor === 'cdk') {
    const ts = file('infra/lib/stack.ts');
    return (
      /new apigateway\.RestApi\([\s\S]*?accessLogDestination/.test(ts) || /protocolType: 'WEBSOCKET'[\s\S]*?accessLogSettings/.test(ts)
    );
  }
  if (flavor === 'terraform') {
    const tf = terraformResources(file);
    return (
      tf.some((r) => r.type === 'aws_api_gateway_stage' && /access_log_settings/.test(r.body)) ||
      (tf.some((r) => r.type === 'aws_apigatewayv2_api' && /protocol_type\s*=\s*"WEBSOCKET"/.test(r.body)) &&
        tf.some((r) => r.type === 'aws_apigatewayv2_stage' && /access_log_settings/.test(r.body)))
    );
  }
  // none: the README says what to create by hand, for the functions of these triggers
  const templates = [...file('rust-lambda.toml').matchAll(/^template = "([^"]+)"/gm)].map((m) => m[1]);
  return builtinCatalog().templates.some((t) => templates.includes(t.id) && ['rest', 'websocket'].includes(t.infra.trigger.type));
}

const RULES: Rule[] = [
  // --- implicit ordering ---
  {
    name: 'a Terraform resource named from name_prefix is replaced before it is destroyed',
    flavors: ['terraform'],
    check: (file) =>
      terraformResources(file)
        .filter((r) => /^\s*name_prefix\s*=/m.test(r.body) && !/create_before_destroy\s*=\s*true/.test(r.body))
        .map((r) => `${r.type}.${r.name} has name_prefix but no lifecycle create_before_destroy`),
  },
  {
    name: 'an internet-facing load balancer is created after the internet gateway',
    flavors: ['terraform', 'sam'],
    check: (file) => {
      if (file('template.yaml')) {
        const resources = samResources(file);
        const attachments = Object.keys(resources).filter((id) => resources[id]?.Type === 'AWS::EC2::VPCGatewayAttachment');
        return Object.entries(resources)
          .filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && r.Properties?.Scheme === 'internet-facing')
          .filter(([, r]) => !attachments.some((a) => dependsOn(r).has(a)))
          .map(([id]) => `${id} does not depend on the VPC's gateway attachment (${attachments.join(', ') || 'none'})`);
      }
      const tf = terraformResources(file);
      return tf
        .filter((r) => r.type === 'aws_lb' && /internal\s*=\s*false/.test(r.body))
        .filter((r) => ![...dependsOnOf(r.body)].some((d) => d.startsWith('aws_internet_gateway.')))
        .map((r) => `aws_lb.${r.name} is internet-facing but does not depend on an aws_internet_gateway`);
    },
  },
  {
    name: 'a WebSocket deployment waits for every route, integration and route response of its API',
    flavors: ['sam', 'terraform'],
    check: (file) => {
      if (file('template.yaml')) {
        const resources = samResources(file);
        const apiOf = (r: CfnResource | undefined) => JSON.stringify(r?.Properties?.ApiId);
        return Object.entries(resources)
          .filter(([, r]) => r.Type === 'AWS::ApiGatewayV2::Deployment')
          .flatMap(([id, deployment]) =>
            Object.entries(resources)
              .filter(([, r]) => V2_SNAPSHOT_TYPES.includes(r.Type) && apiOf(r) === apiOf(deployment))
              .filter(([part]) => !dependsOn(deployment).has(part))
              .map(([part]) => `${id} does not depend on ${part}`),
          );
      }
      const tf = terraformResources(file);
      const apiOf = (body: string) => /api_id\s*=\s*(aws_apigatewayv2_api\.\w+)\.id/.exec(body)?.[1];
      const problems: string[] = [];
      for (const stage of tf.filter((r) => r.type === 'aws_apigatewayv2_stage')) {
        const api = tf.find((r) => r.type === 'aws_apigatewayv2_api' && `aws_apigatewayv2_api.${r.name}` === apiOf(stage.body));
        if (!api || !/protocol_type\s*=\s*"WEBSOCKET"/.test(api.body)) continue;
        if (!/deployment_id\s*=/.test(stage.body)) problems.push(`aws_apigatewayv2_stage.${stage.name} has no deployment of its own`);
      }
      for (const deployment of tf.filter((r) => r.type === 'aws_apigatewayv2_deployment')) {
        const parts = tf.filter((r) => TF_V2_SNAPSHOT_TYPES.includes(r.type) && apiOf(r.body) === apiOf(deployment.body));
        const at = `aws_apigatewayv2_deployment.${deployment.name}`;
        const triggers = /triggers\s*=\s*\{([\s\S]*?)\n {2}\}/.exec(deployment.body)?.[1] ?? '';
        for (const part of parts.map((r) => `${r.type}.${r.name}`)) {
          if (!dependsOnOf(deployment.body).has(part)) problems.push(`${at} does not depend on ${part}`);
          if (!triggers.includes(part)) problems.push(`${at} is not made anew when ${part} changes (triggers)`);
        }
        if (!/create_before_destroy\s*=\s*true/.test(deployment.body)) problems.push(`${at} has no lifecycle create_before_destroy`);
      }
      return problems;
    },
  },
  {
    name: 'a CDK WebSocket deployment waits for every route and the route response, and its logical id follows what it snapshots',
    flavors: ['cdk'],
    check: (file) => {
      const ts = file('infra/lib/stack.ts');
      if (!ts.includes('new wsapi.CfnDeployment(')) return [];
      const problems: string[] = [];
      if (
        !/for \(const part of \[webSocketIntegration, \.\.\.webSocketRoutes, webSocketRouteResponse\]\) webSocketDeployment\.addResourceDependency\(part\);/.test(
          ts,
        )
      )
        problems.push('the deployment does not depend on the integration, every route and the route response');
      if (
        !/webSocketDeployment\.overrideLogicalId\(\s*`\w+WebSocketDeployment\$\{createHash\('sha256'\)\.update\(JSON\.stringify\(webSocketSnapshot\)\)/.test(
          ts,
        )
      )
        problems.push("the deployment's logical id does not carry a hash of what it snapshots");
      if (
        !/const webSocketSnapshot = this\.resolve\(\[webSocketIntegrationProps, webSocketRouteProps, webSocketRouteResponseProps\]\)/.test(
          ts,
        )
      )
        problems.push('the hash is not of the integration, the routes and the route response');
      return problems;
    },
  },
  // --- account-level prerequisites ---
  {
    name: "a stack relying on API Gateway's CloudWatch Logs role does not set it, and its README checks it before the first deploy",
    flavors: FLAVORS,
    check: (file) => {
      const flavor =
        (['sam', 'cdk', 'terraform'] as const).find((f) =>
          f === 'sam' ? file('template.yaml') : f === 'cdk' ? file('infra/lib/stack.ts') : file('infra/main.tf'),
        ) ?? 'none';
      const stack = [file('template.yaml'), file('infra/lib/stack.ts'), file('infra/main.tf')].join('\n');
      const problems = SETS_ACCOUNT_ROLE.test(stack) ? ["the stack sets the account's API Gateway CloudWatch Logs role"] : [];
      const deploy = commandsOf(file, 'Deploy').map((c) => c.argv.slice(0, 3).join(' '));
      const checks = deploy.includes('aws apigateway get-account') && deploy.includes('aws apigateway update-account');
      if (logsThroughAccountRole(flavor, file) && !checks)
        problems.push("API Gateway logs through the account's CloudWatch Logs role, and Deploy neither checks nor sets it");
      if (!logsThroughAccountRole(flavor, file) && checks) problems.push('Deploy checks an account setting no resource needs');
      return problems;
    },
  },
  // --- permission semantics ---
  {
    name: 'the s3 function may read the version its events name and list its bucket',
    flavors: ['sam', 'cdk', 'terraform'],
    check: (file) => {
      const text = [file('template.yaml'), file('infra/lib/stack.ts'), file('infra/main.tf')].join('\n');
      if (!/GetObject/.test(text)) return [];
      return ['s3:GetObjectVersion', 's3:ListBucket'].filter((action) => !text.includes(action)).map((a) => `the read policy lacks ${a}`);
    },
  },
  // --- keys that block publishers ---
  {
    name: 'a topic is encrypted with a key of the stack that the publishing services may use',
    flavors: ['sam', 'cdk', 'terraform'],
    check: (file) => {
      const text = [file('template.yaml'), file('infra/lib/stack.ts'), file('infra/main.tf')].join('\n');
      if (!/AWS::SNS::Topic|new sns\.Topic|aws_sns_topic"/.test(text)) return [];
      const problems = /KmsMasterKeyId:\s*alias\/aws\/sns|['"]alias\/aws\/sns['"]/.test(text)
        ? ['a topic uses the AWS managed key alias/aws/sns']
        : [];
      // CloudWatch publishes to the stack's alarm topic; to a topic a function subscribes to, EventBridge and S3 may too
      const subscribed = /Type: SNS\b|new sources\.SnsEventSource\(|resource "aws_sns_topic_subscription"/.test(text);
      const services = ['cloudwatch.amazonaws.com', ...(subscribed ? ['events.amazonaws.com', 's3.amazonaws.com'] : [])];
      for (const service of services) if (!text.includes(service)) problems.push(`no key policy lets ${service} publish`);
      if (!/EnableKeyRotation: true|enableKeyRotation: true|enable_key_rotation\s*=\s*true/.test(text))
        problems.push('the key is not rotated');
      return problems;
    },
  },
  // --- the none flavor ---
  {
    name: 'none: every AWS name starts with the project name, notifications are added, streams are waited for',
    flavors: ['none'],
    check: (file) => {
      const project = /^name = "([^"]+)"/m.exec(file('rust-lambda.toml'))?.[1] as string;
      const commands = [...commandsOf(file, 'Deploy'), ...commandsOf(file, 'Try it in AWS'), ...commandsOf(file, 'Clean up')];
      const problems: string[] = [];
      const flag = (argv: string[], name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
      for (const { argv, text } of commands) {
        const named = [
          flag(argv, '--function-name'),
          flag(argv, '--layer-name'),
          flag(argv, '--stream-name'),
          argv[0] === 'aws' && argv[1] === 'events' ? (flag(argv, '--name') ?? flag(argv, '--rule')) : undefined,
          argv[0] === 'aws' && argv[1] === 'logs' && argv[2] === 'tail' ? argv[3]?.replace(/^\/aws\/lambda\//, '') : undefined,
          argv[0] === 'cargo' && argv[2] === 'deploy' ? argv.at(-1) : undefined,
          argv[0] === 'cargo' && argv[2] === 'invoke' && argv.includes('--remote') ? argv.at(-1) : undefined,
        ].filter((n): n is string => n !== undefined && !n.startsWith('<') && !n.startsWith('$') && !n.startsWith('"$'));
        for (const n of named)
          if (n !== project && !n.startsWith(`${project}-`)) problems.push(`\`${text.split('\n')[0]}\` names ${n}, not ${project}[-…]`);
        if (
          argv[1] === 's3api' &&
          argv[2] === 'put-bucket-notification-configuration' &&
          !/^file:\/\//.test(flag(argv, '--notification-configuration') ?? '')
        )
          problems.push('the bucket notification is put as a literal, replacing the notifications the bucket has');
      }
      const argvs = commands.map((c) => c.argv.slice(0, 3).join(' '));
      if (
        argvs.includes('aws s3api put-bucket-notification-configuration') &&
        !argvs.includes('aws s3api get-bucket-notification-configuration')
      )
        problems.push("the bucket's notification configuration is put without reading it first");
      argvs.forEach((a, i) => {
        if (a === 'aws kinesis create-stream' && argvs[i + 1] !== 'aws kinesis wait')
          problems.push('the command after create-stream does not wait for the stream to be ACTIVE');
        if (a === 'aws kinesis start-stream-encryption' && argvs[i + 1] !== 'aws kinesis wait')
          problems.push('the command after start-stream-encryption does not wait for the stream to be ACTIVE');
      });
      return problems;
    },
  },
];

describe('deploy hazards: rules over every template in every flavor', () => {
  beforeAll(loadPatternEngine);

  for (const flavor of FLAVORS) {
    const rules = RULES.filter((r) => r.flavors.includes(flavor));
    it(`${flavor}: ${rules.map((r) => r.name).join('; ')}`, async () => {
      const problems: string[] = [];
      for (const { what, functions } of projects(flavor)) {
        const file = await planFunctions(flavor, functions);
        for (const rule of rules) problems.push(...rule.check(file).map((p) => `${what}: ${rule.name}: ${p}`));
      }
      expect(problems).toEqual([]);
    });
  }

  it('the rules see what they check: each project kind that needs a rule is in some rendered project', async () => {
    // a rule that finds nothing to check proves nothing: make sure the hazards are there to find
    const tf = await planFunctions('terraform', [
      { name: 'front', template: 'alb' },
      { name: 'chat', template: 'websocket' },
    ]);
    const blocks = terraformResources(tf);
    expect(blocks.some((r) => r.type === 'aws_lb')).toBe(true);
    expect(blocks.some((r) => r.type === 'aws_apigatewayv2_deployment')).toBe(true);
    expect(blocks.filter((r) => /^\s*name_prefix\s*=/m.test(r.body)).length).toBeGreaterThanOrEqual(3);
    const sam = samResources(await planFunctions('sam', [{ name: 'chat', template: 'websocket' }]));
    expect(Object.values(sam).filter((r) => r.Type === 'AWS::ApiGatewayV2::RouteResponse')).toHaveLength(1);
    const none = await planFunctions('none', [
      { name: 'shop', template: 'kinesis' },
      { name: 'uploads', template: 's3' },
    ]);
    const argvs = [...commandsOf(none, 'Deploy'), ...commandsOf(none, 'Try it in AWS')].map((c) => c.argv.join(' '));
    expect(argvs).toContain('cargo lambda deploy --region eu-west-1 --binary-name uploads shop-uploads');
    expect(argvs.some((a) => a.startsWith('aws kinesis create-stream --region eu-west-1 --stream-name shop '))).toBe(true);
  });
});
