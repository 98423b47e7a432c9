// The variables every template sees (documented in docs/TEMPLATES.md).
import type { Answers } from '../answers.js';
import { ARCH_IDS, ARCHITECTURES } from '../arch.js';
import * as names from '../names.js';
import type { PackageManager } from '../package-manager.js';
import type { Catalog } from './catalog.js';
import type { FunctionManifest } from './manifest.js';

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

/** Throttling of the HTTP API's default route (requests per second, and burst). */
export const API_THROTTLE = { rateLimit: 100, burstLimit: 50 };

/**
 * The deploy settings every IaC flavor writes, computed here once so SAM, CDK, Terraform and
 * `none` (Cargo.toml) cannot disagree; test/unit/flavor-settings.test.ts reads them back from the
 * rendered files. The queue settings exist only for a template with a queue.
 */
export function deploySettings(answers: Pick<Answers, 'memory' | 'timeout'>, manifest: FunctionManifest) {
  const queue = manifest.infra.queue;
  return {
    memory: answers.memory,
    timeout: answers.timeout,
    logRetentionDays: LOG_RETENTION_DAYS,
    apiThrottleRateLimit: API_THROTTLE.rateLimit,
    apiThrottleBurstLimit: API_THROTTLE.burstLimit,
    ...(queue && {
      batchSize: queue.batchSize,
      maxReceiveCount: queue.maxReceiveCount,
      visibilityTimeoutFactor: VISIBILITY_TIMEOUT_FACTOR,
      visibilityTimeout: answers.timeout * VISIBILITY_TIMEOUT_FACTOR,
      dlqRetentionSeconds: DLQ_RETENTION_SECONDS,
    }),
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
  { kind: 'layer', when: (m) => m.kind === 'extension' },
  { kind: 'http-api', when: (m) => m.infra.trigger.type === 'http' },
  { kind: 'queue', when: (m) => m.infra.trigger.type === 'sqs' },
  { kind: 'table', when: (m) => m.infra.table !== undefined },
];

/** The resources of one function: its view with the kind added, so a kind's partials read `ids`, `settings`, `infra` as before. */
export function resourcesOf<T extends object>(view: T, manifest: FunctionManifest): (T & { kind: string })[] {
  return RESOURCE_KINDS.filter((row) => row.when(manifest)).map(({ kind }) => ({ ...view, kind }));
}

export function buildView(answers: Answers, manifest: FunctionManifest, catalog: Catalog, pm: PackageManager) {
  const fn = functionView(answers, manifest, catalog, pm);
  const resources = resourcesOf(fn, manifest);
  return plainView({ ...fn, functions: [{ ...fn, resources }], resources });
}

function functionView(answers: Answers, manifest: FunctionManifest, catalog: Catalog, pm: PackageManager) {
  const is: Record<string, boolean> = {};
  for (const t of catalog.templates) is[t.id] = t.id === answers.template;
  for (const f of catalog.flavors) is[f.id] = f.id === answers.iac;
  for (const id of ARCH_IDS) is[id] = id === answers.arch;
  is.extension = manifest.kind === 'extension';

  const name = answers.name;
  return {
    name,
    rustName: names.rustName(name),
    pascalName: names.pascalName(name),
    template: answers.template,
    iac: answers.iac,
    arch: answers.arch,
    rustTarget: ARCHITECTURES[answers.arch].rustTarget,
    cargoLambdaArch: ARCHITECTURES[answers.arch].cargoLambdaFlag,
    /** the chosen architecture's row of src/arch.ts: rustTarget, cargoLambdaFlag, cdk */
    archInfo: ARCHITECTURES[answers.arch],
    /** every architecture id, e.g. for a validation list */
    archIds: ARCH_IDS,
    memory: answers.memory,
    timeout: answers.timeout,
    region: answers.region,
    settings: deploySettings(answers, manifest),
    is,
    ids: {
      logicalId: names.cfnLogicalId(name),
      terraform: names.terraformId(name),
      stackName: names.stackName(name),
      cdkStackClass: names.cdkStackClass(name),
      tableName: names.tableName(name),
      queueName: names.queueName(name),
      dlqName: names.dlqName(name),
      /** the longest name (or Terraform name prefix) every AWS name derived from it still fits */
      maxNameLength: names.MAX_NAME_LENGTH,
    },
    infra: manifest.infra,
    manifest,
    pm,
    vars: answers.vars,
  };
}
