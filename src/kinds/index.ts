// The resource kinds, in the order every flavor writes them, and the tables derived from them.
// Adding a kind: its module in this folder, one line in KINDS, its folders per flavor and in
// templates/base/resources/ (docs/TEMPLATES.md, "Adding a trigger").
import type * as v from 'valibot';
import { alarmsKind } from './alarms.js';
import { asyncDlqKind } from './async-dlq.js';
import { bucketKind } from './bucket.js';
import { chosenEventType, type FunctionVars, INVOCATION_SYNC_REASONS } from './event-types.js';
import { functionKind } from './function.js';
import { functionUrlKind } from './function-url.js';
import { httpApiKind } from './http-api.js';
import type { AccountSetting, CdkSharedModule, Kind, KindAnswers, KindManifest, LocalService } from './kind.js';
import { kinesisStreamKind } from './kinesis-stream.js';
import { layerKind } from './layer.js';
import { loadBalancerKind } from './load-balancer.js';
import { queueKind } from './queue.js';
import { restApiKind } from './rest-api.js';
import { scheduleKind } from './schedule.js';
import { tableKind } from './table.js';
import { tableStreamKind } from './table-stream.js';
import { topicKind } from './topic.js';
import { websocketApiKind } from './websocket-api.js';

/** Every kind, in the order every flavor writes them. */
export const KINDS = [
  functionKind,
  // the function's own alarms and the stack's alarm topic, which the failure destinations below alarm to
  alarmsKind,
  // after the function, before the triggers: a trigger's kind may let its service write into the queue too
  asyncDlqKind,
  layerKind,
  httpApiKind,
  queueKind,
  tableKind,
  scheduleKind,
  bucketKind,
  topicKind,
  tableStreamKind,
  kinesisStreamKind,
  functionUrlKind,
  restApiKind,
  loadBalancerKind,
  websocketApiKind,
] as const;

type AnyKind = (typeof KINDS)[number];
type TriggerKind = Extract<AnyKind, { trigger: object }>;

/** The kinds that provide a trigger, in KINDS order. */
export const TRIGGER_KINDS = KINDS.filter((k): k is TriggerKind => k.trigger !== undefined);

/** What invokes a function: one type per trigger kind. */
export const TRIGGER_TYPES = TRIGGER_KINDS.map((k) => k.trigger.type);
export type TriggerType = TriggerKind['trigger']['type'];

/** The `infra.trigger` schemas, one per trigger type (a tuple, so the manifest's type is a union of them). */
export const TRIGGER_SCHEMAS = TRIGGER_KINDS.map((k) => k.trigger.schema) as SchemaOf<TriggerKind>[];
type SchemaOf<K> = K extends { trigger: { schema: infer S extends v.GenericSchema } } ? S : never;

/** The kind that provides a trigger type. */
export function kindOfTrigger(type: string): Kind {
  const found = TRIGGER_KINDS.find((k) => k.trigger.type === type);
  if (!found) throw new Error(`no resource kind provides the trigger ${type}`);
  return found as Kind;
}

/**
 * Why a function needs no dead-letter queue: the event type it takes says how AWS invokes it, else
 * its trigger's kind does. Undefined: it is invoked asynchronously.
 */
export function syncInvokeReason(manifest: KindManifest, vars: FunctionVars): string | undefined {
  const event = chosenEventType(manifest, vars);
  return event ? INVOCATION_SYNC_REASONS[event.invocation] : kindOfTrigger(manifest.infra.trigger.type).trigger?.syncInvoke;
}

/** The kinds a function (its manifest and its answers to the template's variables) has, in KINDS order. */
export function kindsOf(manifest: KindManifest, vars: FunctionVars): Kind[] {
  const invocation = { trigger: kindOfTrigger(manifest.infra.trigger.type), syncInvoke: syncInvokeReason(manifest, vars) };
  return (KINDS as readonly Kind[]).filter((k) => (k.when ? k.when(manifest, invocation) : k === invocation.trigger));
}

/** The local services a set of kinds needs, each once, in KINDS order, with the kind that declares it (its base/resources/<kind>/local-*.hbs parts). */
export function localServicesOf(kinds: readonly Kind[]): (LocalService & { kind: string })[] {
  return (KINDS as readonly Kind[])
    .filter((k) => k.localService && kinds.includes(k))
    .map((k) => ({ ...(k.localService as LocalService), kind: k.id }));
}

/** Which shared aws-cdk-lib modules a set of kinds uses. */
export function cdkSharedModulesOf(kinds: readonly Kind[]): Record<CdkSharedModule, boolean> {
  const used = new Set(kinds.flatMap((k) => k.cdkSharedModules ?? []));
  const modules: CdkSharedModule[] = ['dynamodb', 'iam', 'kms', 'sns', 'sqs', 'sources'];
  return Object.fromEntries(modules.map((m) => [m, used.has(m)])) as Record<CdkSharedModule, boolean>;
}

/** Every account setting a kind may rely on (the README has a part for each). */
export const ACCOUNT_SETTINGS: readonly AccountSetting[] = ['apiGatewayCloudWatchRole', 'lambdaConcurrency'];

/** Which account settings the functions' kinds rely on, given each function's answers. */
export function accountSettingsOf(functions: readonly { kinds: readonly Kind[]; answers: KindAnswers }[]): Record<AccountSetting, boolean> {
  const used = new Set(
    functions.flatMap(({ kinds, answers }) =>
      kinds.flatMap((k) => (typeof k.accountSettings === 'function' ? k.accountSettings(answers) : (k.accountSettings ?? []))),
    ),
  );
  return Object.fromEntries(ACCOUNT_SETTINGS.map((s) => [s, used.has(s)])) as Record<AccountSetting, boolean>;
}

/** The kinds of a set that have resources of the whole stack (their `stack` parts), in KINDS order. */
export const stackKindsOf = (kinds: readonly Kind[]): string[] => kinds.filter((k) => k.stack).map((k) => k.id);

export type { EventType, FunctionVars, Invocation } from './event-types.js';
export { chosenEventType } from './event-types.js';
export type { AccountSetting, CdkSharedModule, DerivedName, GroupId, Kind, KindAnswers, KindManifest, LocalService } from './kind.js';
