// Every trigger of every built-in template is paired with the permission or policy it needs, read
// from the rendered IaC (the local emulator the e2e deploys to enforces neither IAM nor Lambda
// resource policies, so a missing or wrong one would pass there):
// - an API Gateway integration, a target group, a topic subscription, a bucket notification, a
//   rule target: a Lambda permission for that service, scoped to that API (execution ARN), target
//   group, topic, bucket (and the stack's account where set) or rule;
// - an event source mapping: the role may read exactly its queue or stream, and send to its
//   on-failure destination; the source is the function's own; a dead-letter queue: SendMessage;
// - a function URL of auth NONE: both public statements; AWS_IAM: none;
// - and no permission for a service the function has no trigger from.
// SAM is read as SAM deploys it (its transform expands `Events` into the permissions they stand
// for); Terraform as python-hcl2 parses it. CDK's synthesized template gets the same rule in the
// e2e (test/e2e/cases/flavors.ts).
import { beforeAll, expect, it } from 'vitest';
import { loadPatternEngine } from '../../src/template/pattern.js';
import { everyTemplateProjects } from '../harness/every-template.js';
import { type PlannedFunction, planFunctions } from '../harness/plan-functions.js';
import { toolOrSkip } from '../harness/require-tool.js';
import { type CfnTemplate, wiringOfCloudFormation } from '../harness/trigger-wiring/cloudformation.js';
import { hclDocuments, missingTools, samExpanded } from '../harness/trigger-wiring/read-stacks.js';
import { type HclDocument, wiringOfTerraform } from '../harness/trigger-wiring/terraform.js';
import { APIGATEWAY, ELB, EVENTS, S3, SNS, type Wiring, wiringProblems } from '../harness/trigger-wiring/wiring.js';

type Flavor = 'sam' | 'terraform';

/** Values that change the wiring, each rendered too. */
const VARIANTS: Array<{ template: string; vars: PlannedFunction['vars'] }> = [{ template: 'stream', vars: { auth: 'NONE' } }];

const projects = (flavor: Flavor) => everyTemplateProjects(flavor, VARIANTS);

/** The stacks of `functions`, as the wiring readers take them. */
const READ = {
  sam: async (all: PlannedFunction[][]) =>
    samExpanded(await Promise.all(all.map(async (f) => (await planFunctions('sam', f))('template.yaml')))),
  terraform: async (all: PlannedFunction[][]) =>
    hclDocuments(
      await Promise.all(
        all.map(async (functions) => {
          const file = await planFunctions('terraform', functions);
          return Object.fromEntries(['main.tf', 'variables.tf', 'outputs.tf'].map((f) => [f, file(`infra/${f}`)]));
        }),
      ),
    ),
};
const WIRING = {
  sam: (doc: unknown) => wiringOfCloudFormation(doc as CfnTemplate),
  terraform: (doc: unknown) => wiringOfTerraform(doc as HclDocument[]),
};

/**
 * Defects of the current templates the rule reports, each with what is wrong: listed so the rest
 * stays checked, and each must still be reported (a fixed one fails here until it is removed).
 */
const KNOWN: Array<{ flavor: Flavor; problem: RegExp; why: string }> = [];

const ALL: Record<Flavor, { what: string; docs: unknown }[]> = { sam: [], terraform: [] };
const gate = toolOrSkip('sam and hcl2tojson', missingTools() === '', missingTools());

gate.describe('trigger permissions: every trigger paired with its permission or policy', () => {
  beforeAll(async () => {
    await loadPatternEngine();
    for (const flavor of ['sam', 'terraform'] as const) {
      const list = projects(flavor);
      const docs = await READ[flavor](list.map((p) => p.functions));
      ALL[flavor] = list.map((p, i) => ({ what: p.what, docs: docs[i] }));
    }
  }, 120_000);

  const wiringOf = (flavor: Flavor, what: string) =>
    WIRING[flavor](structuredClone(ALL[flavor].find((p) => p.what === what)?.docs)) satisfies Wiring;

  for (const flavor of ['sam', 'terraform'] as const) {
    it(`${flavor}: every template, alone and all together, and each variant`, () => {
      const problems = ALL[flavor].flatMap(({ what, docs }) => wiringProblems(WIRING[flavor](docs)).map((p) => `${what}: ${p}`));
      const known = KNOWN.filter((k) => k.flavor === flavor);
      expect(problems.filter((p) => !known.some((k) => k.problem.test(p)))).toEqual([]);
      for (const k of known)
        expect(problems, `no longer reported (remove it from KNOWN): ${k.why}`).toContainEqual(expect.stringMatching(k.problem));
    });

    it(`${flavor}: the rule sees what it checks (each trigger kind, mapping kind and URL auth is in a rendered project)`, () => {
      const all = wiringOf(flavor, 'every template');
      expect(new Set(all.triggers.map((t) => t.principal))).toEqual(new Set([APIGATEWAY, ELB, SNS, S3, EVENTS]));
      // HTTP, REST and WebSocket APIs, and the dynamodb template's HTTP API: one API trigger each
      expect(all.triggers.filter((t) => t.principal === APIGATEWAY)).toHaveLength(4);
      expect(new Set(all.mappings.map((m) => m.kind))).toEqual(new Set(['sqs', 'dynamodb', 'kinesis']));
      expect(all.mappings.filter((m) => m.onFailureKey)).toHaveLength(2);
      expect(all.sends.length).toBeGreaterThanOrEqual(3);
      expect(all.urls.map((u) => u.auth)).toEqual(['AWS_IAM']);
      expect(wiringOf(flavor, 'stream {"auth":"NONE"}').urls.map((u) => u.auth)).toEqual(['NONE']);
    });
  }

  // Each case breaks one pairing of a rendered stack (parsed) and names what the rule must report.
  const CF_BREAKS: Array<{ name: string; what: string; flavor: Flavor; edit: (docs: any) => void; report: RegExp }> = [
    {
      name: "the HTTP API's permissions are removed",
      what: 'http',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        for (const [id, r] of Object.entries(t.Resources)) if (r.Type === 'AWS::Lambda::Permission') delete t.Resources[id];
      },
      report: /ShopFunction is invoked by apigateway\.amazonaws\.com from ShopHttpApi .* no permission scoped to ShopHttpApi/,
    },
    {
      name: "the WebSocket API's permission is scoped to another API",
      what: 'every template',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        (t.Resources.WebsocketFnWebSocketPermission as any).Properties.SourceArn = {
          'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpFnHttpApi}/*',
        };
      },
      report: /WebsocketFnWebSocketPermission is scoped to HttpFnHttpApi, not to what triggers WebsocketFnFunction/,
    },
    {
      name: 'the SQS mapping reads another function’s queue',
      what: 'every template',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        (t.Resources.SqsFnFunctionQueue as any).Properties.EventSourceArn = { 'Fn::GetAtt': ['SnsFnDeadLetterQueue', 'Arn'] };
      },
      report: /SqsFnFunctionQueue feeds SqsFnFunction from SnsFnDeadLetterQueue, a resource of SnsFnFunction/,
    },
    {
      name: 'the role may read every queue',
      what: 'sqs',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        for (const statement of (t.Resources.ShopReadPolicy as any).Properties.PolicyDocument.Statement) statement.Resource = '*';
      },
      report: /ShopFunction's role allows sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes on \* \(ShopReadPolicy\)/,
    },
    {
      name: "the bucket's permission loses its source ARN",
      what: 's3',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        delete (t.Resources.ShopBucketPermission as any).Properties.SourceArn;
      },
      report: /no permission scoped to ShopBucket allows it \(ShopBucketPermission has no SourceArn\)/,
    },
    {
      name: 'the Kinesis read statement loses GetRecords',
      what: 'kinesis',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        const statement = (t.Resources.ShopFunctionRole as any).Properties.Policies[0].PolicyDocument.Statement.find(
          (s: any) => s.Sid === 'ReadStream',
        );
        statement.Action = statement.Action.filter((a: string) => a !== 'kinesis:GetRecords');
      },
      report: /ShopStreamMapping reads ShopStream\.Arn for ShopFunction, whose role lacks kinesis:GetRecords on it/,
    },
    {
      name: 'a public URL loses its lambda:InvokeFunction statement',
      what: 'stream {"auth":"NONE"}',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        for (const [id, r] of Object.entries(t.Resources)) if (r.Properties?.InvokedViaFunctionUrl) delete t.Resources[id];
      },
      report: /ShopFunction has a public URL and no statement letting anyone lambda:InvokeFunction through it/,
    },
    {
      name: "the HTTP API's permission is removed",
      what: 'http',
      flavor: 'terraform',
      edit: (docs: HclDocument[]) => {
        for (const d of docs) d.resource = d.resource?.filter((block) => !('aws_lambda_permission' in block));
      },
      report: /aws_lambda_function\.shop is invoked by apigateway\.amazonaws\.com from aws_apigatewayv2_api\.shop .* no permission/,
    },
    {
      name: 'the SQS mapping is pointed at another queue',
      what: 'every template',
      flavor: 'terraform',
      edit: (docs: HclDocument[]) => {
        const mapping = terraformResource(docs, 'aws_lambda_event_source_mapping', 'sqs_fn');
        mapping.event_source_arn = '${aws_sqs_queue.kinesis_fn_on_failure.arn}';
      },
      report:
        /aws_lambda_event_source_mapping\.sqs_fn reads aws_sqs_queue\.kinesis_fn_on_failure\.arn for aws_lambda_function\.sqs_fn, whose role lacks sqs:ReceiveMessage/,
    },
    {
      name: 'sqs:ReceiveMessage is dropped from the role',
      what: 'sqs',
      flavor: 'terraform',
      edit: (docs: HclDocument[]) => {
        const policy = shopPolicy(docs);
        for (const s of policy.statement) s.actions = s.actions.filter((a: string) => a !== 'sqs:ReceiveMessage');
      },
      report:
        /aws_lambda_event_source_mapping\.shop reads aws_sqs_queue\.shop\.arn for aws_lambda_function\.shop, whose role lacks sqs:ReceiveMessage on it/,
    },
    {
      name: 'the role may read every queue',
      what: 'sqs',
      flavor: 'terraform',
      edit: (docs: HclDocument[]) => {
        const policy = shopPolicy(docs);
        for (const s of policy.statement) if (s.sid === 'ConsumeQueue') s.resources = ['*'];
      },
      report: /aws_lambda_function\.shop's role allows sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes on \*/,
    },
    {
      name: 'ListStreams is scoped to the stream (where it allows nothing), as before 0.3.0',
      what: 'dynamodb-stream',
      flavor: 'terraform',
      edit: (docs: HclDocument[]) => {
        const policy = shopPolicy(docs);
        policy.statement = policy.statement.filter((s: any) => s.sid !== 'ListStreams');
        for (const s of policy.statement) if (s.sid === 'ReadTableStream') s.actions.push('dynamodb:ListStreams');
      },
      report: /aws_lambda_function\.shop's role grants dynamodb:ListStreams on aws_dynamodb_table\.shop\.stream_arn .*only \* allows it/,
    },
    {
      name: "the stream consumer's role loses ListStreams",
      what: 'kinesis',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        for (const r of Object.values(t.Resources))
          if (r.Type === 'AWS::IAM::Role')
            for (const p of (r.Properties?.Policies ?? []) as any[])
              p.PolicyDocument.Statement = p.PolicyDocument.Statement.filter((s: any) => s.Sid !== 'ListStreams');
      },
      report: /ShopStreamMapping reads a stream for ShopFunction, whose role lacks kinesis:ListStreams on \*/,
    },
    {
      name: "the function's role carries AWSLambdaBasicExecutionRole again (SAM's implicit role, before 0.3.0)",
      what: 'sqs',
      flavor: 'sam',
      edit: (t: CfnTemplate) => {
        (t.Resources.ShopFunctionRole as any).Properties.ManagedPolicyArns = [
          'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        ];
      },
      report: /ShopFunction's role may write every log group of the account \(managed policy AWSLambdaBasicExecutionRole/,
    },
    {
      name: 'the schedule also lets SNS invoke the function',
      what: 'schedule',
      flavor: 'terraform',
      edit: (docs: HclDocument[]) => {
        terraformResource(docs, 'aws_lambda_permission', 'shop_schedule').principal = 'sns.amazonaws.com';
      },
      report:
        /aws_lambda_permission\.shop_schedule lets sns\.amazonaws\.com invoke aws_lambda_function\.shop, which nothing of sns\.amazonaws\.com triggers/,
    },
    {
      name: "the bucket's permission loses its source ARN",
      what: 's3',
      flavor: 'terraform',
      edit: (docs: HclDocument[]) => {
        delete terraformResource(docs, 'aws_lambda_permission', 'shop_bucket').source_arn;
      },
      report: /no permission scoped to aws_s3_bucket\.shop allows it \(aws_lambda_permission\.shop_bucket has no SourceArn\)/,
    },
  ];

  for (const c of CF_BREAKS) {
    it(`${c.flavor}: the rule fails when ${c.name}`, () => {
      const docs = structuredClone(ALL[c.flavor].find((p) => p.what === c.what)?.docs);
      expect(wiringProblems(WIRING[c.flavor](docs))).not.toContainEqual(expect.stringMatching(c.report));
      c.edit(docs);
      expect(wiringProblems(WIRING[c.flavor](docs))).toContainEqual(expect.stringMatching(c.report));
    });
  }
});

/** The policy document of the function `shop`'s role (data "aws_iam_policy_document" "shop"). */
function shopPolicy(docs: HclDocument[]): any {
  const policy = docs
    .flatMap((d) => d.data ?? [])
    .map((block) => (block as any).aws_iam_policy_document?.shop)
    .find(Boolean);
  if (!policy) throw new Error('no aws_iam_policy_document.shop in the module');
  return policy;
}

/** The body of Terraform resource `type.name` in parsed documents. */
function terraformResource(docs: HclDocument[], type: string, name: string): Record<string, unknown> {
  const body = docs
    .flatMap((d) => d.resource ?? [])
    .map((block) => block[type]?.[name])
    .find(Boolean);
  if (!body) throw new Error(`no ${type}.${name} in the module`);
  return body;
}
