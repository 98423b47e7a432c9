// The trigger wiring of a CloudFormation template in its JSON form: a CDK app's synthesized
// template, or a SAM template once SAM's transform has expanded its `Events` into the
// permissions, subscriptions and mappings they stand for (sam-translate.ts).
import { managedStatement } from './managed-policies.js';
import {
  APIGATEWAY,
  ELB,
  EVENTS,
  type LambdaFunction,
  type Mapping,
  type MappingKind,
  type Permission,
  S3,
  SNS,
  type Statement,
  type Trigger,
  type Wiring,
} from './wiring.js';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  Resources: Record<string, Resource>;
}

const SELF = '';

/** Resources that push to a function: where the function is named, and where the source (SELF: the resource itself). */
const TRIGGERS: Array<{ type: string; principal: string; fn: string; source: string }> = [
  { type: 'AWS::ApiGatewayV2::Integration', principal: APIGATEWAY, fn: 'IntegrationUri', source: 'ApiId' },
  { type: 'AWS::ApiGateway::Method', principal: APIGATEWAY, fn: 'Integration.Uri', source: 'RestApiId' },
  // SAM's APIs carry their integrations in an OpenAPI body
  { type: 'AWS::ApiGatewayV2::Api', principal: APIGATEWAY, fn: 'Body', source: SELF },
  { type: 'AWS::ApiGatewayV2::Api', principal: APIGATEWAY, fn: 'Target', source: SELF },
  { type: 'AWS::ApiGateway::RestApi', principal: APIGATEWAY, fn: 'Body', source: SELF },
  { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', principal: ELB, fn: 'Targets[].Id', source: SELF },
  { type: 'AWS::SNS::Subscription', principal: SNS, fn: 'Endpoint', source: 'TopicArn' },
  { type: 'AWS::SNS::Topic', principal: SNS, fn: 'Subscription[].Endpoint', source: SELF },
  { type: 'AWS::S3::Bucket', principal: S3, fn: 'NotificationConfiguration.LambdaConfigurations[].Function', source: SELF },
  // CDK's bucket notifications
  {
    type: 'Custom::S3BucketNotifications',
    principal: S3,
    fn: 'NotificationConfiguration.LambdaFunctionConfigurations[].LambdaFunctionArn',
    source: 'BucketName',
  },
  { type: 'AWS::Events::Rule', principal: EVENTS, fn: 'Targets[].Arn', source: SELF },
];

/** Sources an event source mapping reads, by their resource type. */
const MAPPED: Record<string, MappingKind> = {
  'AWS::SQS::Queue': 'sqs',
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::Kinesis::Stream': 'kinesis',
};

/** What a function needs to send to a destination, by the destination's resource type. */
const SEND_ACTION: Record<string, string> = {
  'AWS::SQS::Queue': 'sqs:SendMessage',
  'AWS::SNS::Topic': 'sns:Publish',
  'AWS::Lambda::Function': 'lambda:InvokeFunction',
  'AWS::Events::EventBus': 'events:PutEvents',
};

/** The values at `path` (`a.b[].c`: `[]` goes into every item of a list). */
function pick(value: unknown, path: string): unknown[] {
  let at: unknown[] = [value];
  for (const part of path.split('.')) {
    const name = part.replace(/\[\]$/, '');
    at = at.map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined)).filter((v) => v !== undefined);
    if (part.endsWith('[]')) at = at.flatMap((v) => (Array.isArray(v) ? v : []));
  }
  return at;
}

/** The keys (`Id` for Ref, `Id.Attr` for GetAtt) an expression refers to, pseudo parameters left out. */
function keysOf(expr: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(expr)) for (const v of expr) keysOf(v, into);
  else if (expr && typeof expr === 'object') {
    for (const [k, v] of Object.entries(expr)) {
      if (k === 'Ref' && typeof v === 'string') into.add(v);
      else if (k === 'Fn::GetAtt') into.add(Array.isArray(v) ? v.join('.') : String(v));
      else if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(v) ? [v[0] as string, (v[1] ?? {}) as Record<string, unknown>] : [v as string, {}];
        for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) if (!((m[1] as string) in vars)) into.add(m[1] as string);
        keysOf(vars, into);
      } else keysOf(v, into);
    }
  }
  for (const k of into) if (k.startsWith('AWS::')) into.delete(k);
  return into;
}

const idsOf = (expr: unknown) => new Set([...keysOf(expr)].map((k) => k.split('.')[0] as string));

/** An expression as text: literals kept, references as `${Key}`. */
function textOf(expr: unknown): string {
  if (typeof expr === 'string' || typeof expr === 'number' || typeof expr === 'boolean') return String(expr);
  if (Array.isArray(expr)) return expr.map(textOf).join(',');
  if (!expr || typeof expr !== 'object') return '';
  const [k, v] = Object.entries(expr)[0] ?? [];
  if (k === 'Ref') return `\${${v}}`;
  if (k === 'Fn::GetAtt') return `\${${Array.isArray(v) ? v.join('.') : v}}`;
  if (k === 'Fn::Join') return ((v as unknown[])[1] as unknown[]).map(textOf).join(String((v as unknown[])[0]));
  if (k === 'Fn::Sub') {
    const [text, vars] = Array.isArray(v) ? [v[0] as string, (v[1] ?? {}) as Record<string, unknown>] : [v as string, {}];
    return text.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => (name in vars ? textOf(vars[name]) : whole));
  }
  return JSON.stringify(expr);
}

/** The key an expression is exactly (a Ref or GetAtt alone), or its text. */
const resourceOf = (expr: unknown) => {
  const text = textOf(expr);
  return /^\$\{[^}]+\}$/.test(text) ? text.slice(2, -1) : text;
};

/** Every node of an expression (to find a resource's name expression inside an ARN built from it). */
const nodesOf = (expr: unknown): unknown[] => (expr && typeof expr === 'object' ? [expr, ...Object.values(expr).flatMap(nodesOf)] : [expr]);

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function wiringOfCloudFormation(template: CfnTemplate): Wiring {
  const resources = Object.entries(template.Resources ?? {});
  const typeOf = (id: string) => template.Resources[id]?.Type;
  const functionIds = resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
  const functions: LambdaFunction[] = functionIds.map((id) => ({
    id,
    stem: id.replace(/Function([0-9A-F]{8})?$/, '') || id,
    // CDK's own handler of a custom resource (the bucket notifications'): its role is CDK's
    framework: /^AWS CloudFormation handler for "Custom::/.test(textOf(template.Resources[id]?.Properties?.Description ?? '')),
  }));
  const fnOf = (expr: unknown) => [...idsOf(expr)].filter((id) => functionIds.includes(id));
  const of = (type: string) => resources.filter(([, r]) => r.Type === type).map(([id, r]) => ({ id, p: r.Properties ?? {} }));
  const unreadable: string[] = [];

  const triggers: Trigger[] = TRIGGERS.flatMap((spec) =>
    of(spec.type).flatMap(({ id, p }) => {
      const sources = spec.source === SELF ? [id] : [...idsOf(pick(p, spec.source))];
      return pick(p, spec.fn)
        .flatMap(fnOf)
        .flatMap((fn) => sources.map((source) => ({ fn, principal: spec.principal, source, via: id })));
    }),
  );
  // an API Gateway resource's own integration is its trigger; its Body also names it
  const unique = [...new Map(triggers.map((t) => [`${t.fn} ${t.principal} ${t.source}`, t])).values()];

  /** The resources a source ARN names: by reference, or by the name expression it is built from (a target group's, a bucket's). */
  const scopeOf = (arn: unknown): string[] => {
    const nodes = nodesOf(arn).map((n) => JSON.stringify(n));
    const nameOf = (r: Resource) => r.Properties?.Name ?? r.Properties?.BucketName;
    const named = resources.filter(([, r]) => nameOf(r) !== undefined && nodes.includes(JSON.stringify(nameOf(r))));
    const text = textOf(arn);
    return [...idsOf(arn), ...named.map(([id]) => id)].filter(
      (id) => !/^AWS::ApiGateway(V2)?::(Api|RestApi)$/.test(typeOf(id) ?? '') || text.includes(':execute-api:'),
    );
  };
  const permissions: Permission[] = of('AWS::Lambda::Permission').flatMap(({ id, p }) =>
    fnOf(p.FunctionName).map((fn) => ({
      id,
      fn,
      principal: textOf(p.Principal).replace('${AWS::URLSuffix}', 'amazonaws.com'),
      action: textOf(p.Action),
      scope: scopeOf(p.SourceArn),
      sourceArn: p.SourceArn !== undefined,
      sourceAccountOwn: p.SourceAccount === undefined ? undefined : textOf(p.SourceAccount) === '${AWS::AccountId}',
      urlAuth: p.FunctionUrlAuthType === undefined ? undefined : textOf(p.FunctionUrlAuthType),
      viaUrl: p.InvokedViaFunctionUrl === undefined ? undefined : String(p.InvokedViaFunctionUrl) === 'true',
    })),
  );

  const mappings: Mapping[] = of('AWS::Lambda::EventSourceMapping').flatMap(({ id, p }) =>
    fnOf(p.FunctionName).map((fn) => {
      const source = [...idsOf(p.EventSourceArn)][0] ?? textOf(p.EventSourceArn);
      const kind = MAPPED[typeOf(source) ?? ''];
      if (!kind) unreadable.push(`${id} feeds ${fn} from ${source}, a source the rule does not know`);
      const onFailure = pick(p, 'DestinationConfig.OnFailure.Destination')[0];
      return {
        id,
        fn,
        kind,
        source,
        sourceKey: resourceOf(p.EventSourceArn),
        onFailureKey: onFailure === undefined ? undefined : resourceOf(onFailure),
      };
    }),
  );

  const urls = of('AWS::Lambda::Url').flatMap(({ p }) => fnOf(p.TargetFunctionArn).map((fn) => ({ fn, auth: textOf(p.AuthType) })));

  const sendsTo = (fn: string, expr: unknown) =>
    expr === undefined ? [] : [{ fn, key: resourceOf(expr), action: SEND_ACTION[typeOf([...idsOf(expr)][0] ?? '') ?? ''] ?? '?' }];
  const sends = [
    ...of('AWS::Lambda::Function').flatMap(({ id, p }) => sendsTo(id, pick(p, 'DeadLetterConfig.TargetArn')[0])),
    ...of('AWS::Lambda::EventInvokeConfig').flatMap(({ p }) =>
      fnOf(p.FunctionName).flatMap((fn) => sendsTo(fn, pick(p, 'DestinationConfig.OnFailure.Destination')[0])),
    ),
  ];

  // each function's role: its inline and managed policies, and the policies attached to it
  const documentStatements = (doc: unknown, from: string): Statement[] =>
    pick(doc, 'Statement')
      .flatMap(list)
      .filter((s) => (s as Record<string, unknown>).Effect === 'Allow')
      .map((s) => {
        const { Action, Resource } = s as Record<string, unknown>;
        return { from, actions: list(Action).map(textOf), resources: list(Resource).map(resourceOf) };
      });
  const roleStatements = (role: string): Statement[] => {
    const p = template.Resources[role]?.Properties ?? {};
    const managed = list(p.ManagedPolicyArns).map((arn) => managedStatement(textOf(arn)));
    const attached = [...of('AWS::IAM::Policy'), ...of('AWS::IAM::ManagedPolicy')].filter(({ p }) => idsOf(p.Roles).has(role));
    return [
      ...list(p.Policies).flatMap((policy) =>
        documentStatements((policy as Record<string, unknown>).PolicyDocument, `${role} inline policy`),
      ),
      ...managed,
      ...attached.flatMap(({ id, p }) => documentStatements(p.PolicyDocument, id)),
    ];
  };
  const statements = Object.fromEntries(of('AWS::Lambda::Function').map(({ id, p }) => [id, [...idsOf(p.Role)].flatMap(roleStatements)]));

  return { functions, triggers: unique, permissions, mappings, urls, sends, statements, unreadable };
}
