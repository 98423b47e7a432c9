// The trigger wiring of a Terraform module, from its files as python-hcl2 reads them
// (`hcl2tojson --strip-string-quotes`, hcl-json.ts): each file a document of `resource`, `data`
// and `locals` lists. References are read from the `${…}` of the values, locals followed.
import { managedStatement } from './managed-policies.js';
import {
  APIGATEWAY,
  ELB,
  EVENTS,
  type Mapping,
  type MappingKind,
  type Permission,
  S3,
  SNS,
  type Statement,
  type Trigger,
  type Wiring,
} from './wiring.js';

export interface HclDocument {
  resource?: Array<Record<string, Record<string, Record<string, unknown>>>>;
  data?: Array<Record<string, Record<string, Record<string, unknown>>>>;
  locals?: Array<Record<string, unknown>>;
}

const SELF = '';

/** Resources that push to a function: where the function is named, and where the source (SELF: the resource itself). */
const TRIGGERS: Array<{ type: string; principal: string; fn: string; source: string }> = [
  { type: 'aws_apigatewayv2_integration', principal: APIGATEWAY, fn: 'integration_uri', source: 'api_id' },
  { type: 'aws_apigatewayv2_api', principal: APIGATEWAY, fn: 'target', source: SELF },
  { type: 'aws_api_gateway_integration', principal: APIGATEWAY, fn: 'uri', source: 'rest_api_id' },
  { type: 'aws_lb_target_group_attachment', principal: ELB, fn: 'target_id', source: 'target_group_arn' },
  { type: 'aws_sns_topic_subscription', principal: SNS, fn: 'endpoint', source: 'topic_arn' },
  { type: 'aws_s3_bucket_notification', principal: S3, fn: 'lambda_function[].lambda_function_arn', source: 'bucket' },
  { type: 'aws_cloudwatch_event_target', principal: EVENTS, fn: 'arn', source: 'rule' },
];

/** The attribute of a source that its permission's source_arn must take (the API's execution ARN, not its ARN). */
const SOURCE_ARN_ATTRIBUTE: Record<string, string> = { aws_apigatewayv2_api: 'execution_arn', aws_api_gateway_rest_api: 'execution_arn' };

/** Sources an event source mapping reads, by their resource type. */
const MAPPED: Record<string, MappingKind> = { aws_sqs_queue: 'sqs', aws_dynamodb_table: 'dynamodb', aws_kinesis_stream: 'kinesis' };

/** What a function needs to send to a destination, by the destination's resource type. */
const SEND_ACTION: Record<string, string> = {
  aws_sqs_queue: 'sqs:SendMessage',
  aws_sns_topic: 'sns:Publish',
  aws_lambda_function: 'lambda:InvokeFunction',
  aws_cloudwatch_event_bus: 'events:PutEvents',
};

/** The values at `path` (`a[].b`: `[]` goes into every item of a list; blocks are lists already). */
function pick(value: unknown, path: string): unknown[] {
  let at: unknown[] = [value];
  for (const part of path.split('.')) {
    const name = part.replace(/\[\]$/, '');
    at = at.map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[name] : undefined)).filter((v) => v !== undefined);
    if (part.endsWith('[]')) at = at.flatMap((v) => (Array.isArray(v) ? v : []));
  }
  return at;
}

const REFERENCE = /\b(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?(?:\.([a-z_][a-z0-9_]*))?/g;
const first = <T>(set: Set<T>) => [...set][0];

export function wiringOfTerraform(docs: HclDocument[]): Wiring {
  const resources = docs
    .flatMap((d) => d.resource ?? [])
    .flatMap((block) =>
      Object.entries(block).flatMap(([type, named]) =>
        Object.entries(named).map(([name, body]) => ({ type, name, id: `${type}.${name}`, body })),
      ),
    );
  const data = docs
    .flatMap((d) => d.data ?? [])
    .flatMap((block) =>
      Object.entries(block).flatMap(([type, named]) => Object.entries(named).map(([name, body]) => ({ id: `data.${type}.${name}`, body }))),
    );
  const locals: Record<string, unknown> = Object.assign({}, ...docs.flatMap((d) => d.locals ?? []));
  const of = (type: string) => resources.filter((r) => r.type === type);
  const typeOf = (id: string) => resources.find((r) => r.id === id)?.type;

  /** The text of a value, each `local.x` replaced by the local's value. */
  const textOf = (value: unknown, depth = 0): string => {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
    return depth > 8
      ? text
      : text.replace(/\blocal\.(\w+)/g, (whole, name: string) => (name in locals ? textOf(locals[name], depth + 1) : whole));
  };
  /** The keys (`type.name.attribute`) a value refers to. */
  const keysOf = (value: unknown) =>
    new Set([...textOf(value).matchAll(REFERENCE)].map((m) => `${m[1] ?? ''}${m[2]}.${m[3]}${m[4] ? `.${m[4]}` : ''}`));
  const idsOf = (value: unknown) =>
    new Set(
      [...keysOf(value)].map((k) =>
        k
          .split('.')
          .slice(0, k.startsWith('data.') ? 3 : 2)
          .join('.'),
      ),
    );
  /** The key a value is exactly (`${aws_x.y.arn}` alone), or its text. */
  const resourceOf = (value: unknown) => {
    const text = textOf(value);
    const m = /^\$\{([^${}]+)\}$/.exec(text);
    return m && [...(m[1] as string).matchAll(REFERENCE)][0]?.[0] === m[1] ? (m[1] as string) : text;
  };
  const functionIds = of('aws_lambda_function').map((r) => r.id);
  const fnOf = (value: unknown) => [...idsOf(value)].filter((id) => functionIds.includes(id));
  const unreadable: string[] = [];

  const triggers: Trigger[] = TRIGGERS.flatMap((spec) =>
    of(spec.type).flatMap(({ id, body }) => {
      const sources = spec.source === SELF ? [id] : [...idsOf(pick(body, spec.source))].filter((s) => !s.startsWith('data.'));
      return pick(body, spec.fn)
        .flatMap(fnOf)
        .flatMap((fn) => sources.map((source) => ({ fn, principal: spec.principal, source, via: id })));
    }),
  );
  const unique = [...new Map(triggers.map((t) => [`${t.fn} ${t.principal} ${t.source}`, t])).values()];

  const scopeOf = (arn: unknown) =>
    [...keysOf(arn)]
      .filter((k) => !k.startsWith('data.'))
      .filter((k) => {
        const [type, , attribute] = k.split('.');
        return attribute === (SOURCE_ARN_ATTRIBUTE[type as string] ?? 'arn');
      })
      .map((k) => k.split('.').slice(0, 2).join('.'));
  const permissions: Permission[] = of('aws_lambda_permission').flatMap(({ id, body }) =>
    fnOf(body.function_name).map((fn) => ({
      id,
      fn,
      principal: textOf(body.principal),
      action: textOf(body.action),
      scope: scopeOf(body.source_arn),
      sourceArn: body.source_arn !== undefined,
      sourceAccountOwn:
        body.source_account === undefined ? undefined : /aws_caller_identity\.\w+\.account_id/.test(textOf(body.source_account)),
      urlAuth: body.function_url_auth_type === undefined ? undefined : textOf(body.function_url_auth_type),
      viaUrl: body.invoked_via_function_url === undefined ? undefined : String(body.invoked_via_function_url) === 'true',
    })),
  );

  const mappings: Mapping[] = of('aws_lambda_event_source_mapping').flatMap(({ id, body }) =>
    fnOf(body.function_name).map((fn) => {
      const source = first(idsOf(body.event_source_arn)) ?? textOf(body.event_source_arn);
      const kind = MAPPED[typeOf(source) ?? ''];
      if (!kind) unreadable.push(`${id} feeds ${fn} from ${source}, a source the rule does not know`);
      const onFailure = pick(body, 'destination_config[].on_failure[].destination_arn')[0];
      return {
        id,
        fn,
        kind,
        source,
        sourceKey: resourceOf(body.event_source_arn),
        onFailureKey: onFailure === undefined ? undefined : resourceOf(onFailure),
      };
    }),
  );

  const urls = of('aws_lambda_function_url').flatMap(({ body }) =>
    fnOf(body.function_name).map((fn) => ({ fn, auth: textOf(body.authorization_type) })),
  );

  const sendsTo = (fn: string, value: unknown) =>
    value === undefined ? [] : [{ fn, key: resourceOf(value), action: SEND_ACTION[typeOf(first(idsOf(value)) ?? '') ?? ''] ?? '?' }];
  const sends = [
    ...of('aws_lambda_function').flatMap(({ id, body }) => sendsTo(id, pick(body, 'dead_letter_config[].target_arn')[0])),
    ...of('aws_lambda_function_event_invoke_config').flatMap(({ body }) =>
      fnOf(body.function_name).flatMap((fn) => sendsTo(fn, pick(body, 'destination_config[].on_failure[].destination')[0])),
    ),
  ];

  // each function's role: the policies put on it or attached to it
  const documentStatements = (value: unknown, from: string): Statement[] => {
    const doc = data.find((d) => idsOf(value).has(d.id) && d.id.startsWith('data.aws_iam_policy_document.'));
    if (!doc) {
      unreadable.push(`${from} has a policy the rule cannot read: ${textOf(value)}`);
      return [];
    }
    return pick(doc.body, 'statement[]')
      .map((s) => s as Record<string, unknown>)
      .filter((s) => (s.effect ?? 'Allow') === 'Allow')
      .map((s) => ({
        from: doc.id,
        actions: pick(s, 'actions[]').map((a) => textOf(a)),
        resources: pick(s, 'resources[]').map(resourceOf),
      }));
  };
  const roleStatements = (role: string): Statement[] => [
    ...of('aws_iam_role_policy')
      .filter(({ body }) => idsOf(body.role).has(role))
      .flatMap(({ id, body }) => documentStatements(body.policy, id)),
    ...of('aws_iam_role_policy_attachment')
      .filter(({ body }) => idsOf(body.role).has(role))
      .flatMap(({ body }) => {
        const policy = of('aws_iam_policy').find((p) => idsOf(body.policy_arn).has(p.id));
        if (policy) return documentStatements(policy.body.policy, policy.id);
        return [managedStatement(textOf(body.policy_arn))];
      }),
    ...pick(resources.find((r) => r.id === role)?.body, 'inline_policy[]').flatMap((p) =>
      documentStatements((p as Record<string, unknown>).policy, `${role} inline policy`),
    ),
  ];
  const statements = Object.fromEntries(
    of('aws_lambda_function').map(({ id, body }) => [id, [...idsOf(body.role)].flatMap(roleStatements)]),
  );

  return {
    functions: functionIds.map((id) => ({ id, stem: id.split('.')[1] as string })),
    triggers: unique,
    permissions,
    mappings,
    urls,
    sends,
    statements,
    unreadable,
  };
}
