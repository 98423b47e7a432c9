import { createHash } from 'node:crypto';
// Name rules and every identifier derived from the project name.
// Each derived identifier comes from exactly one function here, so templates never invent their own.
//
// The rule is chosen so that every name AWS keeps per account is derived injectively and fits:
// lowercase (IAM role names are unique regardless of case), words of letters and digits joined by
// single hyphens (CloudFormation stack names have no "_", so "a-b" and "a_b" would share a stack).
// The PascalCase ids (logical ids, the CDK class) only need to differ within one stack: "a-1" and
// "a1" both give "A1", which matters only when they are functions of the same project. The longest
// accepted name is computed from the limits of the names derived from it, below.

import { printable } from './format/printable.js';

/** Rust keywords (strict + reserved, 2024 edition) — not allowed as a crate name. */
const RUST_KEYWORDS = new Set([
  'as',
  'async',
  'await',
  'break',
  'const',
  'continue',
  'crate',
  'dyn',
  'else',
  'enum',
  'extern',
  'false',
  'fn',
  'for',
  'gen',
  'if',
  'impl',
  'in',
  'let',
  'loop',
  'match',
  'mod',
  'move',
  'mut',
  'pub',
  'ref',
  'return',
  'self',
  'static',
  'struct',
  'super',
  'trait',
  'true',
  'type',
  'unsafe',
  'use',
  'where',
  'while',
  'abstract',
  'become',
  'box',
  'do',
  'final',
  'macro',
  'override',
  'priv',
  'typeof',
  'unsized',
  'virtual',
  'yield',
  'try',
]);

/** Names cargo refuses or that would shadow a built-in crate. */
const RESERVED_CRATES = new Set([
  'test',
  'std',
  'core',
  'alloc',
  'proc-macro',
  'build',
  'deps',
  'examples',
  'incremental',
  'con',
  'prn',
  'aux',
  'nul',
  'com1',
  'com2',
  'com3',
  'com4',
  'lpt1',
  'lpt2',
  'lpt3',
]);

const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** `my-fn` → `my_fn`: how Rust code refers to the crate. */
export function rustName(name: string): string {
  return name.replace(/-/g, '_');
}

/** `my-fn` → `MyFn`. */
export function pascalName(name: string): string {
  return name
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** CloudFormation logical id prefix: alphanumeric only. */
export const cfnLogicalId = pascalName;

/** Terraform identifier prefix: letters, digits, `_`; starts with a letter. */
export const terraformId = rustName;

/** CloudFormation / CDK stack name. */
export const stackName = (name: string) => name;

/** Class name of the generated CDK stack. */
export const cdkStackClass = (name: string) => `${cfnLogicalId(name)}Stack`;

/** DynamoDB table name: Terraform's in its default workspace, and the one the `none` README suggests (SAM and CDK let CloudFormation name it). */
export const tableName = (name: string) => `${name}-items`;

/** S3 bucket name in the local S3 server the README and the tests start (every flavor lets AWS name the deployed bucket: bucket names are global). */
export const bucketName = (name: string) => `${name}-uploads`;

/** SQS queue name (Terraform, default workspace). */
export const queueName = (name: string) => `${name}-queue`;

/** SQS dead-letter queue name (Terraform, default workspace). */
export const dlqName = (name: string) => `${name}-dlq`;
/** A stream consumer's on-failure queue (Terraform; SAM and CDK let CloudFormation name it). */
export const onFailureQueueName = (name: string) => `${name}-on-failure`;
/** A Kinesis data stream (Terraform; SAM and CDK let CloudFormation name it). */
export const kinesisStreamName = (name: string) => `${name}-stream`;

/** Load balancer and target group names hold at most 32 characters, fewer than MAX_NAME_LENGTH. */
export const LB_NAME_MAX = 32;

/** The longest function part of a SAM/CDK target group name: the stack's 8 hex digits and a hyphen follow it. */
export const LB_SHORT_MAX = LB_NAME_MAX - 9;

/**
 * The function's part of its target group name in SAM and CDK (`<short>-<8 hex of the stack id>`):
 * the name itself when it fits LB_SHORT_MAX, else its start and 4 hex digits of its SHA-1, so two
 * long names with the same start still differ.
 */
export function lbShortName(name: string): string {
  if (name.length <= LB_SHORT_MAX) return name;
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 4);
  return `${name.slice(0, LB_SHORT_MAX - 5).replace(/-+$/, '')}-${hash}`;
}

const LAMBDA_FUNCTION = /^[A-Za-z0-9_-]{1,64}$/;
const SQS_QUEUE = /^[A-Za-z0-9_-]{1,80}$/;
const LOG_GROUP = /^[\w#/.-]{1,512}$/;

export interface DerivedName {
  what: string;
  /** account: unique per account (and region), so two projects must never share it; stack: within one stack */
  scope: 'account' | 'stack';
  derive: (name: string) => string;
  /** the service's own rule for the whole value, length included */
  rule: RegExp;
}

/**
 * Every name the templates derive from the project name, with the rule of the system it lands in.
 * The Terraform and SAM templates spell some of these in their own syntax ("${local.prefix}-demo",
 * `!Ref AWS::StackName`); a test renders every template × flavor with the longest name and checks
 * what they really write. Terraform's names are shown for its default workspace, where its stack
 * prefix is the name; another workspace appends its own name, within the same length limit.
 */
export const DERIVED_NAMES: DerivedName[] = [
  { what: 'Rust crate', scope: 'stack', derive: (n) => n, rule: /^[a-z][a-z0-9-]{0,63}$/ },
  { what: 'Rust crate identifier', scope: 'stack', derive: rustName, rule: /^[a-z][a-z0-9_]{0,63}$/ },
  { what: 'CloudFormation logical id', scope: 'stack', derive: (n) => `${cfnLogicalId(n)}ApiAccessLogGroup`, rule: /^[A-Za-z0-9]{1,255}$/ },
  { what: 'CDK stack class', scope: 'stack', derive: cdkStackClass, rule: /^[A-Z][A-Za-z0-9]{0,250}Stack$/ },
  { what: 'Terraform identifier', scope: 'stack', derive: terraformId, rule: /^[a-z][a-z0-9_]*$/ },
  { what: 'CloudFormation stack name', scope: 'account', derive: stackName, rule: /^[A-Za-z][-A-Za-z0-9]{0,127}$/ },
  { what: 'Lambda function name', scope: 'account', derive: (n) => n, rule: LAMBDA_FUNCTION },
  { what: 'Lambda demo function name', scope: 'account', derive: (n) => `${n}-demo`, rule: LAMBDA_FUNCTION },
  { what: 'Lambda layer name', scope: 'account', derive: (n) => n, rule: /^[A-Za-z0-9_-]{1,140}$/ },
  { what: 'DynamoDB table name', scope: 'account', derive: tableName, rule: /^[A-Za-z0-9_.-]{3,255}$/ },
  { what: 'SQS queue name', scope: 'account', derive: queueName, rule: SQS_QUEUE },
  { what: 'local S3 bucket name', scope: 'account', derive: bucketName, rule: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/ },
  { what: 'SQS dead-letter queue name', scope: 'account', derive: dlqName, rule: SQS_QUEUE },
  { what: 'SQS on-failure queue name', scope: 'account', derive: onFailureQueueName, rule: SQS_QUEUE },
  { what: 'Kinesis data stream name', scope: 'account', derive: kinesisStreamName, rule: /^[a-zA-Z0-9_.-]{1,128}$/ },
  // Terraform appends 26 characters to a name_prefix; IAM role names have at most 64
  { what: 'IAM role name prefix (Terraform)', scope: 'account', derive: (n) => `${n}-`, rule: /^[\w+=,.@-]{1,38}$/ },
  { what: 'HTTP API name', scope: 'account', derive: (n) => n, rule: /^.{1,128}$/ },
  { what: 'function log group', scope: 'account', derive: (n) => `/aws/lambda/${n}`, rule: LOG_GROUP },
  { what: 'demo function log group', scope: 'account', derive: (n) => `/aws/lambda/${n}-demo`, rule: LOG_GROUP },
  { what: 'API access log group', scope: 'account', derive: (n) => `/aws/apigateway/${n}`, rule: LOG_GROUP },
];

/** The longest name every derived name still fits (each derivation adds a fixed number of characters). */
export function longestFittingName(): number {
  return Math.min(
    ...DERIVED_NAMES.map(({ derive, rule }) => {
      let n = 1;
      while (n < 256 && rule.test(derive('a'.repeat(n + 1)))) n += 1;
      return n;
    }),
  );
}

/** longestFittingName(), written out: computing it costs every run a few milliseconds (a test keeps them equal). */
export const MAX_NAME_LENGTH = 37;

const RULE_TEXT = 'lowercase letters, digits and single hyphens';

/**
 * Why `name` cannot be a crate + Lambda function name, with a suggested fix; undefined when valid.
 */
export function nameProblem(name: string): string | undefined {
  const suggestion = suggestName(name);
  const tryIt = suggestion !== name ? ` Try "${suggestion}".` : '';
  if (name.length === 0) return 'the name is empty.';
  if (name.length > MAX_NAME_LENGTH) {
    return `"${printable(name.slice(0, 20))}…" is ${name.length} characters; at most ${MAX_NAME_LENGTH} fit every AWS name derived from it.${tryIt}`;
  }
  if (!/^[a-z]/.test(name)) return `"${printable(name)}" must start with a lowercase letter.${tryIt}`;
  if (!NAME_PATTERN.test(name)) return `"${printable(name)}" may only contain ${RULE_TEXT}.${tryIt}`;
  if (RUST_KEYWORDS.has(name)) return `"${name}" is a Rust keyword and cannot be a crate name. Try "${name}-fn".`;
  if (RESERVED_CRATES.has(name)) return `"${name}" is a reserved crate name. Try "${name}-fn".`;
  return undefined;
}

/** A valid name close to `raw` (used in messages and as the default from a folder name). */
export function suggestName(raw: string): string {
  let name = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  if (name.length > MAX_NAME_LENGTH) name = name.slice(0, MAX_NAME_LENGTH).replace(/-+$/, '');
  if (name === '') return 'rust-lambda';
  if (RUST_KEYWORDS.has(name) || RESERVED_CRATES.has(name)) name = `${name}-fn`;
  return name;
}

/**
 * What the IaC templates append to a function's own part of an identifier: CloudFormation logical
 * ids, CDK construct ids and stack outputs after `ids.logicalId` (PascalCase); Terraform addresses,
 * variables and outputs after `ids.terraform` (snake_case); Terraform's AWS names after the
 * function's stem (kebab-case). Two functions of one project must not derive the same one: an
 * extension "orders" has `OrdersDemoFunction`, and so would a function "orders-demo".
 * test/unit/derived-ids.test.ts renders every resource kind in every flavor and checks that each
 * identifier there is a function's own part and one of these.
 */
export const ID_SUFFIXES: readonly string[] = [
  'Function',
  'FunctionName',
  'LogGroup',
  'LogGroupName',
  'HttpApi',
  'ApiUrl',
  'ApiAccess',
  'ApiAccessLogGroup',
  'Queue',
  'QueueUrl',
  'Dlq',
  'DeadLetterQueue',
  'DeadLetterQueueUrl',
  'Table',
  'TableName',
  'Stream',
  'StreamName',
  'StreamMapping',
  'OnFailure',
  'OnFailureQueue',
  'OnFailureQueueUrl',
  // schedule: the EventBridge rule (SAM names it after the function's event), the queue's policy
  'Schedule',
  'FunctionSchedule',
  'ScheduleRuleName',
  'DeadLetterQueuePolicy',
  // sns: the topic, its ARN output, the CDK construct of its key alias
  'Topic',
  'TopicArn',
  'TopicKey',
  'Layer',
  'LayerArn',
  'Demo',
  'DemoFunction',
  'DemoFunctionName',
  'DemoLogGroup',
  'Bucket',
  'BucketName',
  'BucketPolicy',
  'ReadPolicy',
  'MemorySize',
  'Timeout',
  // CDK construct ids
  'FunctionLogs',
  'ApiAccessLogs',
  'DefaultStage',
  'Extension',
  'DemoFunctionLogs',
  // load-balancer (alb)
  'Vpc',
  'InternetGateway',
  'GatewayAttachment',
  'RouteTable',
  'InternetRoute',
  'SubnetA',
  'SubnetARoutes',
  'SubnetB',
  'SubnetBRoutes',
  'LoadBalancerSecurityGroup',
  'LoadBalancer',
  'Listener',
  'TargetGroup',
  'AlbPermission',
  'AlbUrl',
  'Lb',
  'LbStem',
  // websocket-api
  'WebSocketApi',
  'WebSocketIntegration',
  'ConnectRoute',
  'DisconnectRoute',
  'DefaultRoute',
  'DefaultRouteResponse',
  'WebSocketDeployment',
  'WebSocketStage',
  'WebSocketPermission',
  'WebSocketUrl',
  'Websocket',
  'WebsocketUrl',
  // rest: the REST API and its access logs; stream: the function URL and its public permissions
  'RestApi',
  'RestApiAccess',
  'RestApiAccessLogGroup',
  'RestApiAccessLogs',
  'FunctionUrl',
  'Url',
  'UrlInvoke',
];

const words = (pascal: string) => pascal.split(/(?=[A-Z])/).map((w) => w.toLowerCase());

/**
 * The identifier two functions of the project `project` would both derive, if any. Terraform names
 * a function's AWS resources from a stem: the bare stack prefix for the function named like the
 * project (so its names stay those of a one-function project), `<project>-<name>` for another.
 * Its queues and tables add a suffix of their own kind, so only stems meet across kinds: a
 * function's name (and log group) and an extension's demo function, `<stem>-demo`.
 */
export function sharedIdentifier(project: string, a: string, b: string): string | undefined {
  const forms = (name: string) => {
    const stem = name === project ? project : `${project}-${name}`;
    return [
      stem,
      `${stem}-demo`,
      // Terraform addresses are per resource type, and a function's own is its bare identifier
      terraformId(name),
      ...ID_SUFFIXES.flatMap((suffix) => [`${cfnLogicalId(name)}${suffix}`, `${terraformId(name)}_${words(suffix).join('_')}`]),
    ];
  };
  const mine = new Set(forms(a));
  return forms(b).find((id) => mine.has(id));
}
