// The variables every template sees (documented in docs/TEMPLATES.md).
import type { Answers } from '../answers.js';
import { ARCH_IDS, ARCHITECTURES } from '../arch.js';
import * as names from '../names.js';
import type { PackageManager } from '../package-manager.js';
import { cliVersion } from '../paths.js';
import { functionDir, type Project, type ProjectFunction, projectFromAnswers } from '../project/model.js';
import type { Catalog } from './catalog.js';
import { type FunctionManifest, TRIGGER_TYPES, type TriggerType } from './manifest.js';

const camelCase = (id: string) => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A copy of `value` whose objects have no prototype, so `{{vars.toString}}` or a variable named
 * `constructor` is looked up like any other name (Handlebars' strict mode checks `name in obj`).
 * The symbol lets Handlebars still print the object in its "not defined in …" message.
 */
export function plainView<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainView) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, inner] of Object.entries(value)) copy[key] = plainView(inner);
  return Object.defineProperty(copy, Symbol.toPrimitive, { value: () => '[object]' }) as T;
}

/**
 * AWS asks for a queue visibility timeout of at least six times the function timeout, so a batch
 * that is still in flight (or waiting for a retry after throttling) is not delivered twice. We
 * take exactly 6x: a message whose batch item failed becomes visible again after this timeout, so
 * a larger factor only delays its retry.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** How long CloudWatch keeps the logs of every log group a flavor creates (a CloudWatch retention value). */
export const LOG_RETENTION_DAYS = 365;

/** How long the dead-letter queue keeps a message: 14 days, the SQS maximum, to give time to look at it. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/**
 * How an event source mapping reads a stream (DynamoDB Streams and Kinesis alike). Lambda
 * checkpoints a shard at the lowest sequence number a batch reports as failed and retries from
 * there: up to `maxRetryAttempts` times, for records at most `maxRecordAgeSeconds` old, halving
 * the batch on each error (bisect) to isolate a bad record; then it sends the batch's metadata
 * to the on-failure queue and moves on, so one bad record cannot block its shard for the 24 h
 * the stream keeps it. TRIM_HORIZON: the mapping starts at the oldest record, so nothing written
 * between the creation of the stream and that of the mapping is skipped.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 */
export const STREAM_CONSUMER = {
  batchSize: 100,
  batchingWindowSeconds: 1,
  maxRetryAttempts: 3,
  maxRecordAgeSeconds: 3600,
  startingPosition: 'TRIM_HORIZON',
} as const;

/**
 * The Kinesis data stream: one provisioned shard (1 MB/s or 1,000 records/s in, the cheapest
 * stream to leave running; on-demand bills a per-stream hour several times that of a shard),
 * keeping records 24 h, the minimum and the price a shard includes.
 */
export const KINESIS_STREAM = { shardCount: 1, retentionHours: 24 } as const;

/**
 * A function invoked asynchronously (a trigger not in SYNC_INVOKE_REASONS: schedule, sns, s3): Lambda
 * retries a failed invoke this many times (0-2; 2 is Lambda's default) while the event is younger
 * than the age, then sends it to the function's dead-letter queue. An hour: a scheduled run or a
 * notification older than that is better looked at than run late.
 */
export const ASYNC_INVOKE = { retryAttempts: 2, maxEventAgeSeconds: 3600 };

/**
 * The retry policy of a schedule rule's target: how often, and for how long, EventBridge retries an
 * event it could not hand to Lambda (throttling, a deleted function) before it sends it to the
 * dead-letter queue. Function errors are retried by Lambda (ASYNC_INVOKE), not by EventBridge.
 */
export const SCHEDULE_TARGET_RETRY = { retryAttempts: 3, maxEventAgeSeconds: 3600 };

/** Throttling of the HTTP API's default route (requests per second, and burst). */
export const API_THROTTLE = { rateLimit: 100, burstLimit: 50 };

/** The stage of a REST API (the `rest` trigger): its URL ends in it, so it names what it serves. */
export const REST_API_STAGE = 'prod';

/**
 * The deploy settings every IaC flavor writes, computed here once so SAM, CDK, Terraform and
 * `none` (Cargo.toml) cannot disagree; test/unit/flavor-settings.test.ts reads them back from the
 * rendered files. The queue settings exist only for a template with a queue, the stream settings
 * only for a stream consumer (DynamoDB Streams, Kinesis), the async ones only for a function
 * invoked asynchronously, the schedule ones only for a schedule.
 */
export function deploySettings(answers: Pick<ProjectFunction, 'memory' | 'timeout'>, manifest: FunctionManifest) {
  const queue = manifest.infra.queue;
  const trigger = manifest.infra.trigger.type;
  const stream = trigger === 'dynamodb-stream' || trigger === 'kinesis';
  const asyncInvoke = manifest.kind === 'function' && SYNC_INVOKE_REASONS[trigger] === undefined;
  const s3 = manifest.infra.trigger.type === 's3' ? manifest.infra.trigger : undefined;
  return {
    memory: answers.memory,
    timeout: answers.timeout,
    logRetentionDays: LOG_RETENTION_DAYS,
    apiThrottleRateLimit: API_THROTTLE.rateLimit,
    apiThrottleBurstLimit: API_THROTTLE.burstLimit,
    ...(manifest.infra.trigger.type === 'rest' && { restStage: REST_API_STAGE }),
    ...(queue && {
      batchSize: queue.batchSize,
      maxReceiveCount: queue.maxReceiveCount,
      visibilityTimeoutFactor: VISIBILITY_TIMEOUT_FACTOR,
      visibilityTimeout: answers.timeout * VISIBILITY_TIMEOUT_FACTOR,
      dlqRetentionSeconds: DLQ_RETENTION_SECONDS,
    }),
    ...(stream && {
      streamBatchSize: STREAM_CONSUMER.batchSize,
      streamBatchingWindowSeconds: STREAM_CONSUMER.batchingWindowSeconds,
      streamMaxRetryAttempts: STREAM_CONSUMER.maxRetryAttempts,
      streamMaxRecordAgeSeconds: STREAM_CONSUMER.maxRecordAgeSeconds,
      streamStartingPosition: STREAM_CONSUMER.startingPosition,
      onFailureRetentionSeconds: DLQ_RETENTION_SECONDS,
    }),
    ...(trigger === 'kinesis' && {
      kinesisShardCount: KINESIS_STREAM.shardCount,
      kinesisRetentionHours: KINESIS_STREAM.retentionHours,
    }),
    // invoked asynchronously: Lambda's retries, then the function's dead-letter queue
    ...(asyncInvoke && {
      asyncRetryAttempts: ASYNC_INVOKE.retryAttempts,
      asyncMaxEventAgeSeconds: ASYNC_INVOKE.maxEventAgeSeconds,
      dlqRetentionSeconds: DLQ_RETENTION_SECONDS,
    }),
    ...(trigger === 'schedule' && {
      scheduleRetryAttempts: SCHEDULE_TARGET_RETRY.retryAttempts,
      scheduleMaxEventAgeSeconds: SCHEDULE_TARGET_RETRY.maxEventAgeSeconds,
    }),
    ...(s3 && { maxObjectBytes: s3.maxObjectBytes }),
  };
}

/**
 * The IaC resource kinds, in the order every flavor writes them, and when a function has one.
 * Each flavor renders a kind from its folder `templates/iac/<flavor>/resources/<kind>/` (one
 * partial per part: resources, outputs, …), so adding a trigger kind is a row here and a folder
 * per flavor; the entry files (template.yaml, stack.ts, main.tf) only loop over `resources`.
 */
export const RESOURCE_KINDS: { kind: string; when: (manifest: FunctionManifest) => boolean }[] = [
  { kind: 'function', when: (m) => m.kind === 'function' },
  // the dead-letter queue and retries of a function invoked asynchronously (schedule, sns, s3): its trigger's kind
  // (later in this table) may let its service write into the queue too
  { kind: 'async-dlq', when: (m) => m.kind === 'function' && SYNC_INVOKE_REASONS[m.infra.trigger.type] === undefined },
  { kind: 'layer', when: (m) => m.kind === 'extension' },
  { kind: 'http-api', when: (m) => m.infra.trigger.type === 'http' },
  { kind: 'queue', when: (m) => m.infra.trigger.type === 'sqs' },
  { kind: 'table', when: (m) => m.infra.table !== undefined },
  { kind: 'schedule', when: (m) => m.infra.trigger.type === 'schedule' },
  { kind: 'bucket', when: (m) => m.infra.trigger.type === 's3' },
  { kind: 'topic', when: (m) => m.infra.trigger.type === 'sns' },
  { kind: 'table-stream', when: (m) => m.infra.trigger.type === 'dynamodb-stream' },
  { kind: 'kinesis-stream', when: (m) => m.infra.trigger.type === 'kinesis' },
  { kind: 'function-url', when: (m) => m.infra.trigger.type === 'function-url' },
  { kind: 'rest-api', when: (m) => m.infra.trigger.type === 'rest' },
  { kind: 'load-balancer', when: (m) => m.infra.trigger.type === 'alb' },
  { kind: 'websocket-api', when: (m) => m.infra.trigger.type === 'websocket' },
];

/**
 * Why a function needs no dead-letter queue for asynchronous invokes (checkov CKV_AWS_116), by
 * its trigger: these invoke it synchronously or poll for it. A trigger not listed invokes it
 * asynchronously, and the resource kind async-dlq (RESOURCE_KINDS) gives the function a dead-letter queue instead.
 */
export const SYNC_INVOKE_REASONS: Partial<Record<TriggerType, string>> = {
  http: 'callers get errors synchronously',
  sqs: "failed messages go to the queue's dead-letter queue instead",
  'dynamodb-stream': 'the event source mapping polls the stream and sends failed batches to its on-failure destination',
  kinesis: 'the event source mapping polls the stream and sends failed batches to its on-failure destination',
  'function-url': 'callers get errors synchronously',
  rest: 'callers get errors synchronously',
  alb: 'callers get errors synchronously',
  websocket: 'callers get errors synchronously',
  none: 'callers get errors synchronously',
};

/** The resources of one function: its view with the kind added, so a kind's partials read `ids`, `settings`, `infra` as before. */
export function resourcesOf<T extends object>(view: T, manifest: FunctionManifest): (T & { kind: string })[] {
  return RESOURCE_KINDS.filter((row) => row.when(manifest)).map(({ kind }) => ({ ...view, kind }));
}

/** One function of the project, as its template's files and its resource partials see it. */
function functionView(project: Project, fn: ProjectFunction, manifest: FunctionManifest, catalog: Catalog, pm: PackageManager) {
  const is = flags(project, catalog, [fn.template]);
  is.extension = manifest.kind === 'extension';
  const { name } = fn;
  return {
    ...projectFields(project, pm),
    name,
    rustName: names.rustName(name),
    pascalName: names.pascalName(name),
    template: fn.template,
    /** the crate's folder, relative to the project root */
    dir: functionDir(name),
    memory: fn.memory,
    timeout: fn.timeout,
    settings: deploySettings(fn, manifest),
    is,
    ids: {
      ...projectIds(project),
      logicalId: names.cfnLogicalId(name),
      terraform: names.terraformId(name),
      tableName: names.tableName(name),
      queueName: names.queueName(name),
      bucketName: names.bucketName(name),
      dlqName: names.dlqName(name),
      /** the function's part of its target group name (SAM, CDK), short enough for the 32-character limit */
      lbShortName: names.lbShortName(name),
      /** appended to the Terraform name prefix for this function's AWS names: "" for the function named after the project */
      nameSuffix: name === project.name ? '' : `-${name}`,
    },
    infra: manifest.infra,
    /** the events/ file a README sends to the deployed function: the manifest's, or the chosen event type's fixture */
    sampleEvent: manifest.sampleEvent ?? chosenEventType(manifest, fn.vars)?.fixture,
    /** what the checkov skips of the function say: `syncInvoke`, why it needs no DLQ (absent: it gets one) */
    checks: { syncInvoke: SYNC_INVOKE_REASONS[manifest.infra.trigger.type] },
    manifest,
    vars: fn.vars,
  };
}

/** The event type a function of a template with `infra.trigger.event` takes: the one its variable chose. */
function chosenEventType(manifest: FunctionManifest, vars: ProjectFunction['vars']) {
  const trigger = manifest.infra.trigger;
  if (trigger.type !== 'none' || !trigger.event) return undefined;
  const chosen = vars[trigger.event.variable];
  return typeof chosen === 'string' ? trigger.event.types[chosen] : undefined;
}

/** is.<flavor>, is.<arch>, and is.<template> for the given templates. */
function flags(project: Project, catalog: Catalog, templates: string[]): Record<string, boolean> {
  const is: Record<string, boolean> = {};
  for (const t of catalog.templates) is[t.id] = templates.includes(t.id);
  for (const f of catalog.flavors) is[f.id] = f.id === project.iac;
  for (const id of ARCH_IDS) is[id] = id === project.arch;
  return is;
}

function projectIds(project: Project) {
  return {
    stackName: names.stackName(project.name),
    cdkStackClass: names.cdkStackClass(project.name),
    /** the longest name (or Terraform name prefix) every AWS name derived from it still fits */
    maxNameLength: names.MAX_NAME_LENGTH,
  };
}

/** What every template sees, at the root and in each function. */
function projectFields(project: Project, pm: PackageManager) {
  return {
    iac: project.iac,
    arch: project.arch,
    rustTarget: ARCHITECTURES[project.arch].rustTarget,
    cargoLambdaArch: ARCHITECTURES[project.arch].cargoLambdaFlag,
    /** the chosen architecture's row of src/arch.ts: rustTarget, cargoLambdaFlag, cdk */
    archInfo: ARCHITECTURES[project.arch],
    /** every architecture id, e.g. for a validation list */
    archIds: ARCH_IDS,
    region: project.region,
    pm,
  };
}

export interface FunctionInput {
  fn: ProjectFunction;
  manifest: FunctionManifest;
}

/**
 * The root view (README, workspace, IaC entry files): the project, every function's view in
 * `functions` (each with its own `resources`) and all their resources in `resources`, in order.
 */
export function buildProjectView(project: Project, inputs: FunctionInput[], catalog: Catalog, pm: PackageManager) {
  const functions = inputs.map(({ fn, manifest }) => {
    const view = functionView(project, fn, manifest, catalog, pm);
    return { ...view, resources: resourcesOf(view, manifest) };
  });
  const manifests = inputs.map((input) => input.manifest);
  const is = flags(
    project,
    catalog,
    inputs.map((input) => input.fn.template),
  );
  is.extension = manifests.some((m) => m.kind === 'extension');
  return plainView({
    ...projectFields(project, pm),
    name: project.name,
    is,
    ids: projectIds(project),
    /** which kinds of function and resource the project has (any of its functions) */
    has: {
      function: manifests.some((m) => m.kind === 'function'),
      extension: is.extension,
      table: manifests.some((m) => m.infra.table !== undefined),
      // has.http, has.sqs, has.s3, has.dynamodbStream, …: some function has that trigger
      ...Object.fromEntries(TRIGGER_TYPES.map((type) => [camelCase(type), manifests.some((m) => m.infra.trigger.type === type)])),
    },
    functions,
    resources: functions.flatMap((f) => f.resources),
    /** the resource kinds the project has, each once, in RESOURCE_KINDS order (e.g. for imports) */
    kinds: RESOURCE_KINDS.map((row) => row.kind).filter((kind) => functions.some((f) => f.resources.some((r) => r.kind === kind))),
  });
}

/** The view of a new one-function project (tests and the one-function callers). */
export function buildView(answers: Answers, manifest: FunctionManifest, catalog: Catalog, pm: PackageManager) {
  const project = projectFromAnswers(answers, cliVersion());
  return buildProjectView(project, [{ fn: project.functions[0] as ProjectFunction, manifest }], catalog, pm);
}

export type ProjectView = ReturnType<typeof buildProjectView>;
