// One source for every deploy setting: each template × flavor is rendered, the settings are read
// back from the generated files (YAML for SAM, the CDK stack's TypeScript, Terraform's HCL,
// Cargo.toml for `none`) and must equal the view's `settings` — so SAM, CDK, Terraform and `none`
// agree with each other. The second pass renders with unusual settings, so a flavor that writes a
// value of its own instead of the view's (a `365` that happens to be right today) fails too.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ARCHITECTURES, type Arch } from '../../src/arch.js';
import type { Answers } from '../../src/options.js';
import { detectPackageManager } from '../../src/package-manager.js';
import { renderView } from '../../src/project/plan.js';
import { builtinCatalog, flavorDir } from '../../src/template/catalog.js';
import { loadTemplate } from '../../src/template/load.js';
import { renderLayers } from '../../src/template/render.js';
import { buildView } from '../../src/template/view.js';

type Settings = Record<string, unknown>;
type Files = (path: string) => string;

/** One value for a setting that appears several times (every log group, every function); a disagreement shows all. */
function one(values: unknown[], what: string): unknown {
  const distinct = [...new Set(values.map((v) => JSON.stringify(v)))];
  if (distinct.length === 0) return `no ${what} found`;
  return distinct.length === 1 ? values[0] : `disagreeing ${what}: ${distinct.join(', ')}`;
}

const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1] as string);

// --- SAM: template.yaml ---

/** CloudFormation's short-form intrinsics, as `{ Ref: … }`-style objects. */
const cfnTags = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'FindInMap', 'ImportValue'].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [name]: value.toJSON() }) },
]);

interface CfnResource {
  Type: string;
  Properties: Record<string, any>;
}

function samSettings(file: Files): Settings {
  const doc = parseYaml(file('template.yaml'), { customTags: cfnTags }) as {
    Resources: Record<string, CfnResource>;
    Outputs: Record<string, { Value: unknown }>;
  };
  const resources = Object.values(doc.Resources);
  const ofType = (type: string) => resources.filter((r) => r.Type === type).map((r) => r.Properties);
  const functions = ofType('AWS::Serverless::Function');
  const s: Settings = {
    memory: one(
      functions.map((f) => f.MemorySize),
      'memory',
    ),
    timeout: one(
      functions.map((f) => f.Timeout),
      'timeout',
    ),
    architecture: one(
      functions.flatMap((f) => f.Architectures),
      'architecture',
    ),
    logRetentionDays: one(
      ofType('AWS::Logs::LogGroup').map((g) => g.RetentionInDays),
      'log retention',
    ),
  };
  // the queue with a dead-letter queue (sqs); a stream consumer's on-failure queue is read with its mapping
  const queues = ofType('AWS::SQS::Queue');
  // a dead-letter queue: of a queue (its redrive policy) or of a function invoked asynchronously
  const dlq = queues.find((q) => !q.RedrivePolicy);
  if (dlq && (queues.some((q) => q.RedrivePolicy) || functions.some((f) => f.DeadLetterQueue)))
    s.dlqRetentionSeconds = dlq.MessageRetentionPeriod;
  if (queues.some((q) => q.RedrivePolicy)) {
    const queue = queues.find((q) => q.RedrivePolicy);
    s.visibilityTimeout = queue?.VisibilityTimeout;
    s.maxReceiveCount = queue?.RedrivePolicy.maxReceiveCount;
    // the queue's event source mapping: the one without a starting position (a stream's has one)
    s.batchSize = one(
      ofType('AWS::Lambda::EventSourceMapping')
        .filter((m) => m.StartingPosition === undefined)
        .map((m) => m.BatchSize),
      'batch size',
    );
  }
  const [mapping] = ofType('AWS::Lambda::EventSourceMapping').filter((m) => m.StartingPosition !== undefined);
  if (mapping) {
    const destination = JSON.stringify(mapping.DestinationConfig?.OnFailure?.Destination);
    const onFailure = Object.entries(doc.Resources).find(([id]) => destination === JSON.stringify({ GetAtt: `${id}.Arn` }))?.[1];
    Object.assign(s, {
      streamBatchSize: mapping.BatchSize,
      streamBatchingWindowSeconds: mapping.MaximumBatchingWindowInSeconds,
      streamMaxRetryAttempts: mapping.MaximumRetryAttempts,
      streamMaxRecordAgeSeconds: mapping.MaximumRecordAgeInSeconds,
      streamStartingPosition: mapping.StartingPosition,
      streamBisect: mapping.BisectBatchOnFunctionError,
      streamResponseTypes: mapping.FunctionResponseTypes,
      onFailureRetentionSeconds: onFailure?.Properties.MessageRetentionPeriod,
    });
  }
  const [stream] = ofType('AWS::Kinesis::Stream');
  if (stream) {
    s.kinesisShardCount = stream.ShardCount;
    s.kinesisRetentionHours = stream.RetentionPeriodHours;
  }
  // invoked asynchronously: Lambda's retries, then the function's dead-letter queue
  const invokeConfigs = functions.filter((f) => f.EventInvokeConfig);
  if (invokeConfigs.length > 0) {
    s.asyncRetryAttempts = one(
      invokeConfigs.map((f) => f.EventInvokeConfig.MaximumRetryAttempts),
      'async retries',
    );
    s.asyncMaxEventAgeSeconds = one(
      invokeConfigs.map((f) => f.EventInvokeConfig.MaximumEventAgeInSeconds),
      'async event age',
    );
    s.asyncDeadLetterQueue = invokeConfigs.every((f) => f.DeadLetterQueue?.Type === 'SQS' && f.DeadLetterQueue.TargetArn);
  }
  const schedules = functions
    .flatMap((f) => Object.values(f.Events ?? {}) as Array<{ Type: string; Properties: Record<string, any> }>)
    .filter((e) => e.Type === 'Schedule');
  if (schedules.length > 0) {
    s.scheduleRetryAttempts = one(
      schedules.map((e) => e.Properties.RetryPolicy?.MaximumRetryAttempts),
      'schedule retries',
    );
    s.scheduleMaxEventAgeSeconds = one(
      schedules.map((e) => e.Properties.RetryPolicy?.MaximumEventAgeInSeconds),
      'schedule event age',
    );
  }
  const apis = Object.entries(doc.Resources).filter(([, r]) => r.Type === 'AWS::Serverless::HttpApi');
  if (apis.length > 0) {
    const [[id, api]] = apis as [[string, CfnResource]];
    s.apiThrottle = {
      burst: api.Properties.DefaultRouteSettings?.ThrottlingBurstLimit,
      rate: api.Properties.DefaultRouteSettings?.ThrottlingRateLimit,
    };
    // no StageName: SAM's HttpApi deploys the $default stage, which serves the API at its root
    const root = api.Properties.StageName === undefined;
    // the output is the function's: <logical id>ApiUrl
    const output = Object.entries(doc.Outputs).find(([key]) => key.endsWith('ApiUrl'))?.[1];
    s.apiUrl =
      JSON.stringify(output?.Value) === JSON.stringify({ GetAtt: `${id}.ApiEndpoint` }) && root
        ? 'the API endpoint (no trailing slash)'
        : `ApiUrl is ${JSON.stringify(output?.Value)}`;
  }
  const [socketStage] = ofType('AWS::ApiGatewayV2::Stage');
  if (socketStage)
    s.socketThrottle = {
      burst: socketStage.DefaultRouteSettings?.ThrottlingBurstLimit,
      rate: socketStage.DefaultRouteSettings?.ThrottlingRateLimit,
    };
  const layers = resources.filter((r) => r.Type === 'AWS::Serverless::LayerVersion');
  if (layers.length > 0) s.layerRetained = layers.every((l) => l.Properties.RetentionPolicy === 'Retain');
  const alarms = ofType('AWS::CloudWatch::Alarm');
  if (alarms.length > 0)
    Object.assign(s, alarmSettings(alarms.map((a) => ({ metric: a.MetricName, period: a.Period, threshold: a.Threshold }))));
  const reserved = functions.filter((f) => f.ReservedConcurrentExecutions !== undefined);
  if (reserved.length > 0)
    s.reservedConcurrency = one(
      reserved.map((f) => f.ReservedConcurrentExecutions),
      'reserved concurrency',
    );
  return s;
}

/** The alarms' settings, from every alarm of a flavor (metric name, period, threshold). */
function alarmSettings(alarms: { metric: unknown; period: unknown; threshold: unknown }[]): Settings {
  const threshold = (metric: string) =>
    one(
      alarms.filter((a) => a.metric === metric).map((a) => a.threshold),
      `${metric} threshold`,
    );
  const s: Settings = {
    alarmPeriodSeconds: one(
      alarms.map((a) => a.period),
      'alarm period',
    ),
    errorsAlarmThreshold: threshold('Errors'),
    throttlesAlarmThreshold: threshold('Throttles'),
  };
  if (alarms.some((a) => a.metric === 'IteratorAge')) s.iteratorAgeAlarmMs = threshold('IteratorAge');
  return s;
}

// --- CDK: infra/lib/stack.ts ---

function cdkSettings(file: Files): Settings {
  const ts = file('infra/lib/stack.ts');
  const num = (re: RegExp) => all(ts, re).map(Number);
  const fnTimeout = num(/^\s*const timeout = Duration\.seconds\((\d+)\);$/gm);
  const archNames = Object.fromEntries(Object.entries(ARCHITECTURES).map(([id, a]) => [a.cdk, id]));
  // every log group comes from the one helper, which sets the one retention
  const retentionRefs = all(ts, /\bretention: ([^,\n]+),/g);
  const s: Settings = {
    memory: one(num(/\bmemorySize: (\d+),/g), 'memory'),
    timeout: one([...fnTimeout, ...num(/^\s*timeout: Duration\.seconds\((\d+)\),$/gm)], 'timeout'),
    architecture: one(
      all(ts, /lambda\.Architecture\.(\w+)/g).map((a) => archNames[a] ?? a),
      'architecture',
    ),
    logRetentionDays:
      all(ts, /new logs\.LogGroup\(/g).length === 1 && retentionRefs.every((r) => r === 'logRetention')
        ? one(num(/^const logRetention: logs\.RetentionDays = (\d+);$/gm), 'log retention')
        : `log groups with their own retention: ${retentionRefs.join(', ')}`,
  };
  // a dead-letter queue: of a queue, or of a function invoked asynchronously
  if (ts.includes('maxReceiveCount') || ts.includes('fn.configureAsyncInvoke('))
    s.dlqRetentionSeconds = one(num(/\bretentionPeriod: Duration\.seconds\((\d+)\)/g), 'DLQ retention');
  if (ts.includes('maxReceiveCount')) {
    const factor = num(/visibilityTimeout: Duration\.seconds\(timeout\.toSeconds\(\) \* (\d+)\)/g);
    s.visibilityTimeout = one(
      factor.flatMap((f) => fnTimeout.map((t) => f * t)),
      'visibility timeout',
    );
    s.maxReceiveCount = one(num(/\bmaxReceiveCount: (\d+)/g), 'maxReceiveCount');
    s.batchSize = one(num(/\bbatchSize: (\d+)/g), 'batch size');
  }
  if (ts.includes('new lambda.EventSourceMapping(')) {
    Object.assign(s, {
      streamBatchSize: one(num(/\bbatchSize: (\d+),/g), 'batch size'),
      streamBatchingWindowSeconds: one(num(/\bmaxBatchingWindow: Duration\.seconds\((\d+)\)/g), 'batching window'),
      streamMaxRetryAttempts: one(num(/\bretryAttempts: (\d+),/g), 'retry attempts'),
      streamMaxRecordAgeSeconds: one(num(/\bmaxRecordAge: Duration\.seconds\((\d+)\)/g), 'record age'),
      streamStartingPosition: one(all(ts, /\bstartingPosition: lambda\.StartingPosition\.(\w+),/g), 'starting position'),
      streamBisect: /\bbisectBatchOnError: true,/.test(ts),
      streamResponseTypes: /\breportBatchItemFailures: true,/.test(ts) ? ['ReportBatchItemFailures'] : [],
      onFailureRetentionSeconds: one(num(/\bretentionPeriod: Duration\.seconds\((\d+)\)/g), 'on-failure queue retention'),
    });
  }
  if (ts.includes('new kinesis.Stream(')) {
    s.kinesisShardCount = one(num(/\bshardCount: (\d+),/g), 'shard count');
    s.kinesisRetentionHours = one(num(/\bretentionPeriod: Duration\.hours\((\d+)\)/g), 'stream retention');
  }
  if (ts.includes('fn.configureAsyncInvoke(')) {
    const pairs = [...ts.matchAll(/fn\.configureAsyncInvoke\(\{\s*retryAttempts: (\d+),\s*maxEventAge: Duration\.seconds\((\d+)\),/g)];
    const count = (text: string) => ts.split(text).length - 1;
    s.asyncRetryAttempts = one(
      pairs.map((m) => Number(m[1])),
      'async retries',
    );
    s.asyncMaxEventAgeSeconds = one(
      pairs.map((m) => Number(m[2])),
      'async event age',
    );
    // each function's dead-letter config, and its permission to send to that queue
    s.asyncDeadLetterQueue =
      count('(fn.node.defaultChild as lambda.CfnFunction).deadLetterConfig = { targetArn: deadLetterQueue.queueArn };') === pairs.length &&
      count("fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }));") ===
        pairs.length;
  }
  const targets = [
    ...ts.matchAll(/new targets\.LambdaFunction\(fn, \{\s*retryAttempts: (\d+),\s*maxEventAge: Duration\.seconds\((\d+)\),/g),
  ];
  if (targets.length > 0) {
    s.scheduleRetryAttempts = one(
      targets.map((m) => Number(m[1])),
      'schedule retries',
    );
    s.scheduleMaxEventAgeSeconds = one(
      targets.map((m) => Number(m[2])),
      'schedule event age',
    );
  }
  if (ts.includes('new HttpApi(')) {
    const [burst, rate] = /throttle: \{ burstLimit: (\d+), rateLimit: (\d+) \}/.exec(ts)?.slice(1).map(Number) ?? [];
    s.apiThrottle = { burst, rate };
    const value = /new CfnOutput\(this, '\w*ApiUrl', \{\s*value: ([\w.]+),/.exec(ts)?.[1];
    const root = /stageName: '\$default',\s*autoDeploy: true,/.test(ts);
    s.apiUrl = value === 'api.apiEndpoint' && root ? 'the API endpoint (no trailing slash)' : `ApiUrl is ${value}`;
  }
  if (ts.includes('new wsapi.CfnStage(')) {
    const [burst, rate] =
      /defaultRouteSettings: \{\s*throttlingBurstLimit: (\d+),\s*throttlingRateLimit: (\d+),/.exec(ts)?.slice(1).map(Number) ?? [];
    s.socketThrottle = { burst, rate };
  }
  const extension = /new RustExtension\([\s\S]*?\n\s*\}\);/.exec(ts)?.[0];
  if (extension) s.layerRetained = /\bremovalPolicy: RemovalPolicy\.RETAIN,/.test(extension);
  // every alarm is made by `alarm(this, …)` in a function's block, whose period is alarmPeriod
  const period = one(num(/const alarmPeriod = Duration\.seconds\((\d+)\);/g), 'alarm period');
  const alarms = [...ts.matchAll(/alarm\(this, '\w+', \{[\s\S]*?metric: \w+\.metric(\w*)\((?:'(\w+)')?[\s\S]*?threshold: (\d+),/g)].map(
    (m) => ({
      metric: m[1] || m[2],
      period: /period: alarmPeriod/.test(m[0]) ? period : 'another period',
      threshold: Number(m[3]),
    }),
  );
  if (alarms.length > 0) Object.assign(s, alarmSettings(alarms));
  const reserved = num(/\breservedConcurrentExecutions: (\d+),/g);
  if (reserved.length > 0) s.reservedConcurrency = one(reserved, 'reserved concurrency');
  return s;
}

// --- Terraform: infra/*.tf ---

/** The top-level blocks of terraform-fmt'ed HCL: `resource "type" "name" {` … `}` at column 0. */
function hclBlocks(text: string): Array<{ kind: string; labels: string[]; body: string }> {
  return [...text.matchAll(/^(\w+)((?: "[^"]*")*) \{\n([\s\S]*?)^\}$/gm)].map((m) => ({
    kind: m[1] as string,
    labels: all(m[2] as string, /"([^"]*)"/g),
    body: m[3] as string,
  }));
}

function terraformSettings(file: Files): Settings {
  const blocks = ['main.tf', 'variables.tf', 'outputs.tf'].flatMap((f) => hclBlocks(file(`infra/${f}`)));
  const defaults: Record<string, unknown> = {};
  for (const v of blocks.filter((b) => b.kind === 'variable')) {
    const d = /^ {2}default\s+=\s+(.+)$/m.exec(v.body)?.[1];
    if (d !== undefined) defaults[v.labels[0] as string] = JSON.parse(d);
  }
  /** number, string, `var.x`, `[var.x]` and `var.x * n`: all these files use. */
  const value = (expr: string | undefined): unknown => {
    if (expr === undefined) return undefined;
    const product = /^(.+?) \* (.+)$/.exec(expr);
    if (product) return (value(product[1]) as number) * (value(product[2]) as number);
    const list = /^\[(.*)\]$/.exec(expr);
    if (list) return (list[1] as string).split(', ').map(value);
    const variable = /^var\.(\w+)$/.exec(expr);
    if (variable) return defaults[variable[1] as string];
    return JSON.parse(expr);
  };
  const attr = (body: string, name: string) => value(new RegExp(`^\\s+${name}\\s+=\\s+(.+)$`, 'm').exec(body)?.[1]);
  const resources = (type: string) => blocks.filter((b) => b.kind === 'resource' && b.labels[0] === type);
  const functions = resources('aws_lambda_function');
  const s: Settings = {
    memory: one(
      functions.map((f) => attr(f.body, 'memory_size')),
      'memory',
    ),
    timeout: one(
      functions.map((f) => attr(f.body, 'timeout')),
      'timeout',
    ),
    architecture: one(
      functions.flatMap((f) => attr(f.body, 'architectures') as unknown[]),
      'architecture',
    ),
    logRetentionDays: one(
      resources('aws_cloudwatch_log_group').map((g) => attr(g.body, 'retention_in_days')),
      'log retention',
    ),
  };
  // the queue is the one with a redrive policy, into the other one
  const queue = resources('aws_sqs_queue').find((q) => q.body.includes('redrive_policy'));
  // a dead-letter queue: of that queue, or of a function invoked asynchronously (dead_letter_config)
  const dlq = resources('aws_sqs_queue').find((q) => q !== queue);
  if (dlq && (queue || functions.some((f) => f.body.includes('dead_letter_config'))))
    s.dlqRetentionSeconds = attr(dlq.body, 'message_retention_seconds');
  if (queue) {
    s.visibilityTimeout = attr(queue.body, 'visibility_timeout_seconds');
    s.maxReceiveCount = attr(queue.body, 'maxReceiveCount');
    s.batchSize = one(
      resources('aws_lambda_event_source_mapping').map((m) => attr(m.body, 'batch_size')),
      'batch size',
    );
  }
  const [mapping] = resources('aws_lambda_event_source_mapping').filter((m) => m.body.includes('starting_position'));
  if (mapping) {
    const onFailure = resources('aws_sqs_queue').find((q) => mapping.body.includes(`aws_sqs_queue.${q.labels[1]}.arn`));
    Object.assign(s, {
      streamBatchSize: attr(mapping.body, 'batch_size'),
      streamBatchingWindowSeconds: attr(mapping.body, 'maximum_batching_window_in_seconds'),
      streamMaxRetryAttempts: attr(mapping.body, 'maximum_retry_attempts'),
      streamMaxRecordAgeSeconds: attr(mapping.body, 'maximum_record_age_in_seconds'),
      streamStartingPosition: attr(mapping.body, 'starting_position'),
      streamBisect: attr(mapping.body, 'bisect_batch_on_function_error'),
      streamResponseTypes: attr(mapping.body, 'function_response_types'),
      onFailureRetentionSeconds: onFailure && attr(onFailure.body, 'message_retention_seconds'),
    });
  }
  const [stream] = resources('aws_kinesis_stream');
  if (stream) {
    s.kinesisShardCount = attr(stream.body, 'shard_count');
    s.kinesisRetentionHours = attr(stream.body, 'retention_period');
  }
  const invokeConfigs = resources('aws_lambda_function_event_invoke_config');
  if (invokeConfigs.length > 0) {
    s.asyncRetryAttempts = one(
      invokeConfigs.map((c) => attr(c.body, 'maximum_retry_attempts')),
      'async retries',
    );
    s.asyncMaxEventAgeSeconds = one(
      invokeConfigs.map((c) => attr(c.body, 'maximum_event_age_in_seconds')),
      'async event age',
    );
    s.asyncDeadLetterQueue = functions.every((f) =>
      /^ {2}dead_letter_config \{\n {4}target_arn = aws_sqs_queue\.\w+_dlq\.arn\n/m.test(f.body),
    );
  }
  const targets = resources('aws_cloudwatch_event_target');
  if (targets.length > 0) {
    s.scheduleRetryAttempts = one(
      targets.map((t) => attr(t.body, 'maximum_retry_attempts')),
      'schedule retries',
    );
    s.scheduleMaxEventAgeSeconds = one(
      targets.map((t) => attr(t.body, 'maximum_event_age_in_seconds')),
      'schedule event age',
    );
  }
  // the HTTP API's stage is $default; a WebSocket API's is named
  const stages = resources('aws_apigatewayv2_stage');
  const socketStage = stages.find((st) => attr(st.body, 'name') !== '$default');
  if (socketStage)
    s.socketThrottle = { burst: attr(socketStage.body, 'throttling_burst_limit'), rate: attr(socketStage.body, 'throttling_rate_limit') };
  const stage = stages.find((st) => st !== socketStage);
  if (stage) {
    s.apiThrottle = { burst: attr(stage.body, 'throttling_burst_limit'), rate: attr(stage.body, 'throttling_rate_limit') };
    const output = blocks.find((b) => b.kind === 'output' && b.labels[0]?.endsWith('_api_url'));
    const expr = output && /^ {2}value\s+=\s+(.+)$/m.exec(output.body)?.[1];
    const root = attr(stage.body, 'name') === '$default' && attr(stage.body, 'auto_deploy') === true;
    s.apiUrl =
      /^aws_apigatewayv2_api\.\w+\.api_endpoint$/.test(expr ?? '') && root ? 'the API endpoint (no trailing slash)' : `api_url is ${expr}`;
  }
  const layers = resources('aws_lambda_layer_version');
  if (layers.length > 0) s.layerRetained = layers.every((l) => attr(l.body, 'skip_destroy') === true);
  const alarms = resources('aws_cloudwatch_metric_alarm');
  if (alarms.length > 0)
    Object.assign(
      s,
      alarmSettings(
        alarms.map((a) => ({ metric: attr(a.body, 'metric_name'), period: attr(a.body, 'period'), threshold: attr(a.body, 'threshold') })),
      ),
    );
  const reserved = functions.filter((f) => f.body.includes('reserved_concurrent_executions'));
  if (reserved.length > 0)
    s.reservedConcurrency = one(
      reserved.map((f) => attr(f.body, 'reserved_concurrent_executions')),
      'reserved concurrency',
    );
  return s;
}

// --- none: Cargo.toml [package.metadata.lambda.deploy] (cargo lambda deploy) ---

function noneSettings(file: Files): Settings {
  const section = /^\[package\.metadata\.lambda\.deploy\]\n([^[]*)/m.exec(file('functions/orders/Cargo.toml'))?.[1] ?? '';
  const s: Settings = {};
  const names: Record<string, string> = { memory: 'memory', timeout: 'timeout', log_retention: 'logRetentionDays' };
  for (const [, k, v] of section.matchAll(/^(\w+) = (\d+)$/gm)) {
    const setting = names[k as string];
    if (setting) s[setting] = Number(v);
  }
  return s;
}

// --- every flavor: the function's own code ---

/** The largest object the s3 template's function reads: a constant of its main.rs, whatever the flavor. */
function rustSettings(file: Files): Settings {
  const max = /^const MAX_OBJECT_BYTES: u64 = (\d+);$/m.exec(file('functions/orders/src/main.rs'))?.[1];
  return max === undefined ? {} : { maxObjectBytes: Number(max) };
}

const READERS: Record<string, (file: Files) => Settings> = {
  sam: samSettings,
  cdk: cdkSettings,
  terraform: terraformSettings,
  none: noneSettings,
};

/**
 * What `none` can set: cargo lambda deploy reads memory, timeout and log retention of a function
 * from Cargo.toml; it publishes an extension's layer versions without deleting any, and has no
 * queue, API or architecture setting (the build picks the architecture).
 */
const NONE_KEYS = ['memory', 'timeout', 'logRetentionDays', 'maxObjectBytes'];

type View = ReturnType<typeof buildView>;

/** The settings every flavor must write, from the view. */
function expected(view: View, kind: string, flavor: string): Settings {
  const fn = view.functions[0] as View['functions'][number];
  const s = fn.settings as unknown as Record<string, number>;
  const infra = fn.infra as { trigger: { type: string }; queue?: unknown };

  const out: Settings = { memory: s.memory, timeout: s.timeout, architecture: view.arch, logRetentionDays: s.logRetentionDays };
  if (infra.queue) {
    Object.assign(out, {
      visibilityTimeout: s.visibilityTimeout,
      maxReceiveCount: s.maxReceiveCount,
      dlqRetentionSeconds: s.dlqRetentionSeconds,
      batchSize: s.batchSize,
    });
  }
  if (infra.trigger.type === 'dynamodb-stream' || infra.trigger.type === 'kinesis') {
    Object.assign(out, {
      streamBatchSize: s.streamBatchSize,
      streamBatchingWindowSeconds: s.streamBatchingWindowSeconds,
      streamMaxRetryAttempts: s.streamMaxRetryAttempts,
      streamMaxRecordAgeSeconds: s.streamMaxRecordAgeSeconds,
      streamStartingPosition: s.streamStartingPosition,
      streamBisect: true,
      streamResponseTypes: ['ReportBatchItemFailures'],
      onFailureRetentionSeconds: s.onFailureRetentionSeconds,
    });
  }
  if (infra.trigger.type === 'kinesis') {
    out.kinesisShardCount = s.kinesisShardCount;
    out.kinesisRetentionHours = s.kinesisRetentionHours;
  }
  if ('asyncRetryAttempts' in s) {
    Object.assign(out, {
      asyncRetryAttempts: s.asyncRetryAttempts,
      asyncMaxEventAgeSeconds: s.asyncMaxEventAgeSeconds,
      asyncDeadLetterQueue: true,
      dlqRetentionSeconds: s.dlqRetentionSeconds,
    });
  }
  if ('scheduleRetryAttempts' in s) {
    Object.assign(out, { scheduleRetryAttempts: s.scheduleRetryAttempts, scheduleMaxEventAgeSeconds: s.scheduleMaxEventAgeSeconds });
  }
  if (infra.trigger.type === 'http') {
    out.apiThrottle = { burst: s.apiThrottleBurstLimit, rate: s.apiThrottleRateLimit };
    out.apiUrl = 'the API endpoint (no trailing slash)';
  }
  if ('maxObjectBytes' in s) out.maxObjectBytes = s.maxObjectBytes;
  if (infra.trigger.type === 'websocket') out.socketThrottle = { burst: s.apiThrottleBurstLimit, rate: s.apiThrottleRateLimit };
  if (kind === 'extension') out.layerRetained = true;
  if ('alarmPeriodSeconds' in s)
    Object.assign(out, {
      alarmPeriodSeconds: s.alarmPeriodSeconds,
      errorsAlarmThreshold: s.errorsAlarmThreshold,
      throttlesAlarmThreshold: s.throttlesAlarmThreshold,
    });
  if (infra.trigger.type === 'dynamodb-stream' || infra.trigger.type === 'kinesis') out.iteratorAgeAlarmMs = s.iteratorAgeAlarmMs;
  if ('reservedConcurrency' in s) out.reservedConcurrency = s.reservedConcurrency;
  if (flavor !== 'none') return out;
  return kind === 'extension' ? {} : Object.fromEntries(Object.entries(out).filter(([k]) => NONE_KEYS.includes(k)));
}

/** Settings unlike any default, so a value a flavor spells itself cannot match by chance. */
function unusual(view: View): void {
  // every copy of the function's settings: in the function, in each resource of the project and of the function
  const holders = [...view.functions, ...view.resources, ...view.functions.flatMap((f) => f.resources)];
  for (const holder of holders) unusualSettings(holder.settings as Record<string, number | string>);
}

function unusualSettings(s: Record<string, number | string>): void {
  s.memory = 1769;
  s.timeout = 37;
  s.logRetentionDays = 30;
  s.apiThrottleBurstLimit = 7;
  s.apiThrottleRateLimit = 13;
  if ('batchSize' in s) {
    Object.assign(s, {
      batchSize: 4,
      maxReceiveCount: 17,
      visibilityTimeoutFactor: 9,
      visibilityTimeout: 37 * 9,
      dlqRetentionSeconds: 345_600,
    });
  }
  if ('streamBatchSize' in s) {
    Object.assign(s, {
      streamBatchSize: 23,
      streamBatchingWindowSeconds: 7,
      streamMaxRetryAttempts: 5,
      streamMaxRecordAgeSeconds: 7_200,
      streamStartingPosition: 'LATEST',
      onFailureRetentionSeconds: 432_000,
    });
  }
  if ('kinesisShardCount' in s) Object.assign(s, { kinesisShardCount: 3, kinesisRetentionHours: 48 });
  if ('asyncRetryAttempts' in s) Object.assign(s, { asyncRetryAttempts: 1, asyncMaxEventAgeSeconds: 1234, dlqRetentionSeconds: 345_600 });
  if ('maxObjectBytes' in s) s.maxObjectBytes = 77_777;
  if ('scheduleRetryAttempts' in s) Object.assign(s, { scheduleRetryAttempts: 11, scheduleMaxEventAgeSeconds: 4321 });
  if ('alarmPeriodSeconds' in s) Object.assign(s, { alarmPeriodSeconds: 60, errorsAlarmThreshold: 3, throttlesAlarmThreshold: 2 });
  if ('iteratorAgeAlarmMs' in s) s.iteratorAgeAlarmMs = 123_000;
  if ('reservedConcurrency' in s) s.reservedConcurrency = 7;
}

async function render(templateId: string, flavor: string, arch: Arch, tweak?: (view: View) => void) {
  const { templates } = builtinCatalog();
  const t = templates.find((x) => x.id === templateId);
  const template = await loadTemplate(templateId, { cwd: '/', env: {}, interactive: false });
  const answers: Answers = {
    directory: 'orders',
    name: 'orders',
    template: templateId,
    iac: flavor,
    arch,
    memory: 512,
    timeout: 20,
    region: 'eu-west-1',
    git: false,
    // every variable at its default (the extension's API: none)
    vars: Object.fromEntries((t?.variables ?? []).map((v) => [v.name, v.name === 'extensionApi' ? 'none' : v.default])),
  };
  const view = buildView(answers, template.manifest, builtinCatalog(), detectPackageManager(undefined));
  tweak?.(view);
  const { files } = await renderView(view, [template]);
  const file = (path: string) => files.find((f) => f.path === path)?.content.toString() ?? '';
  return { view, settings: { ...(READERS[flavor]?.(file) ?? {}), ...rustSettings(file) } };
}

describe('every flavor writes the same deploy settings, from the view', () => {
  const { templates, flavors } = builtinCatalog();
  for (const t of templates) {
    for (const [pass, arch, tweak] of [
      ['as chosen', 'arm64', undefined],
      ['unusual settings', 'x86_64', unusual],
    ] as const) {
      it(`${t.id} (${pass}, ${arch})`, async () => {
        const rendered: Record<string, Settings> = {};
        for (const f of flavors.filter((x) => t.flavors.includes(x.id as never))) {
          const { view, settings } = await render(t.id, f.id, arch, tweak);
          expect(settings, `${t.id} × ${f.id}`).toEqual(expected(view, t.kind, f.id));
          rendered[f.id] = settings;
        }
        // and so with each other: what SAM writes, every other flavor writes (where it can)
        const sam = rendered.sam as Settings;
        for (const [flavor, settings] of Object.entries(rendered)) {
          for (const [key, v] of Object.entries(settings)) expect(v, `${flavor} ${key} as in sam`).toEqual(sam[key]);
        }
      });
    }
  }

  it('sam: every command (deploy, logs, sync, delete) uses the stack and region of samconfig.toml', async () => {
    const template = await loadTemplate('http', { cwd: '/', env: {}, interactive: false });
    const answers = { directory: 'orders', name: 'orders', template: 'http', iac: 'sam', arch: 'arm64' } as const;
    const view = buildView(
      { ...answers, memory: 128, timeout: 10, region: 'eu-west-1', git: false, vars: {} },
      template.manifest,
      builtinCatalog(),
      detectPackageManager(undefined),
    );
    const files = await renderLayers([{ name: 'iac', dir: flavorDir('sam') }], view);
    const toml = files.find((f) => f.path === 'samconfig.toml')?.content.toString() ?? '';
    const sections = Object.fromEntries(
      [...toml.matchAll(/^\[([\w.]+)\]\n((?:(?!\[).*\n?)*)/gm)].map((m) => [m[1], all(m[2] as string, /^(\w+) = /gm)]),
    );
    expect(sections['default.global.parameters']).toEqual(expect.arrayContaining(['stack_name', 'region']));
    for (const [section, keys] of Object.entries(sections)) {
      if (section !== 'default.global.parameters') expect(keys, section).not.toContain('region');
    }
  });

  it('a stream consumer retries a failing batch a bounded number of times, from the oldest record, and keeps failures 14 days', async () => {
    for (const id of ['dynamodb-stream', 'kinesis']) {
      const { view } = await render(id, 'sam', 'arm64');
      expect(view.functions[0]?.settings).toMatchObject({
        streamStartingPosition: 'TRIM_HORIZON',
        streamMaxRetryAttempts: 3,
        onFailureRetentionSeconds: 14 * 24 * 60 * 60,
      });
    }
  });

  it('the queue waits 6x the function timeout, as AWS asks at least', async () => {
    const { view } = await render('sqs', 'sam', 'arm64');
    expect(view.functions[0]?.settings).toMatchObject({ timeout: 20, visibilityTimeout: 120 });
  });
});
