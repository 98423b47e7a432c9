// The resource kinds, in the order every flavor writes them, and the tables derived from them.
// Adding a kind: its module in this folder, one line in KINDS, its folders per flavor and in
// templates/base/resources/ (docs/TEMPLATES.md, "Adding a trigger").
import type * as v from 'valibot';
import { asyncDlqKind } from './async-dlq.js';
import { bucketKind } from './bucket.js';
import { functionKind } from './function.js';
import { functionUrlKind } from './function-url.js';
import { httpApiKind } from './http-api.js';
import type { AccountSetting, CdkSharedModule, Kind, KindManifest, LocalService } from './kind.js';
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

/** Why a function of this trigger needs no dead-letter queue; undefined: it is invoked asynchronously. */
export const syncInvokeReason = (type: string): string | undefined => kindOfTrigger(type).trigger?.syncInvoke;

/** The kinds a function has, in KINDS order. */
export function kindsOf(manifest: KindManifest): Kind[] {
  const trigger = kindOfTrigger(manifest.infra.trigger.type);
  return (KINDS as readonly Kind[]).filter((k) => (k.when ? k.when(manifest, trigger) : k === trigger));
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
  return { dynamodb: used.has('dynamodb'), iam: used.has('iam'), sqs: used.has('sqs'), sources: used.has('sources') };
}

/** Every account setting a kind may rely on (the README has a part for each). */
export const ACCOUNT_SETTINGS: readonly AccountSetting[] = ['apiGatewayCloudWatchRole'];

/** Which account settings a set of kinds relies on. */
export function accountSettingsOf(kinds: readonly Kind[]): Record<AccountSetting, boolean> {
  const used = new Set(kinds.flatMap((k) => k.accountSettings ?? []));
  return Object.fromEntries(ACCOUNT_SETTINGS.map((s) => [s, used.has(s)])) as Record<AccountSetting, boolean>;
}

export type { AccountSetting, CdkSharedModule, DerivedName, GroupId, Kind, KindManifest, LocalService } from './kind.js';
