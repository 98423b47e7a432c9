// What a resource kind is: everything the code knows about one kind of infrastructure a function
// can have (its trigger, when a function has it, how it invokes, its deploy settings, the names it
// derives, its local service). Each kind is one module in this folder, listed once in
// src/kinds/index.ts; its templates are a folder per flavor (templates/iac/<flavor>/resources/<kind>/)
// and one in templates/base/resources/<kind>/. docs/TEMPLATES.md "Adding a trigger" lists the files.
import type * as v from 'valibot';

/** What a kind reads of a function's manifest (a structural view, so kinds stay below the manifest). */
export interface KindManifest {
  kind: 'function' | 'extension';
  infra: {
    trigger: { type: string; [field: string]: unknown };
    table?: unknown;
    queue?: { batchSize: number; maxReceiveCount: number };
    layer?: unknown;
  };
  variables?: { name: string; type: string; choices?: string[] }[];
}

/** A function's answers a kind's settings read. */
export interface KindAnswers {
  memory: number;
  timeout: number;
  /** the template's own variables (a function URL's `auth`) */
  vars: Readonly<Record<string, string | number | boolean>>;
}

/** A name derived from the function name, with the rule of the system it lands in (src/names.ts). */
export interface DerivedName {
  what: string;
  /** account: unique per account (and region), so two projects must never share it; stack: within one stack */
  scope: 'account' | 'stack';
  derive: (name: string) => string;
  /** the service's own rule for the whole value, length included */
  rule: RegExp;
}

/** The groups of `--list` and of the template prompt a trigger can be in (src/template/groups.ts). */
export type GroupId = 'http' | 'events' | 'streams' | 'other';

/** The modules of aws-cdk-lib that several kinds use; the CDK stack imports each once. */
export type CdkSharedModule = 'dynamodb' | 'iam' | 'kms' | 'sns' | 'sqs' | 'sources';

/**
 * A setting of the AWS account (per region), outside every stack, that a kind's resources need
 * before they deploy; the README's Deploy section says how to check it and set it once
 * (templates/base/partials/account-settings.hbs).
 */
export type AccountSetting = 'apiGatewayCloudWatchRole' | 'lambdaConcurrency';

/** A server the README and the tests start so the function runs locally against it. */
export interface LocalService {
  id: 'dynamodb' | 's3';
}

/** How a function is invoked, which decides some of its kinds (the async dead-letter queue). */
export interface FunctionInvocation {
  /** the kind of its trigger */
  trigger: Kind;
  /** why it needs no dead-letter queue (its trigger kind's `syncInvoke`, or its event type's); undefined: it is invoked asynchronously */
  syncInvoke: string | undefined;
}

/** A problem a manifest-wide rule finds: a message and the dotted field it is about. */
export interface KindIssue {
  message: string;
  field: string;
}

export interface KindTrigger {
  /** `infra.trigger.type` in template.json */
  type: string;
  /** the whole `infra.trigger` object: `type` and the trigger's own settings */
  schema: v.GenericSchema;
  group: GroupId;
  /**
   * Why a function with this trigger needs no dead-letter queue for asynchronous invokes (checkov
   * CKV_AWS_116): its callers get errors synchronously, or Lambda polls for it. Absent: the trigger
   * invokes the function asynchronously, and the kind async-dlq gives it a dead-letter queue. (The
   * trigger `none` with an `event` table: the chosen event type's invocation, src/kinds/event-types.ts.)
   */
  syncInvoke?: string;
}

export interface Kind {
  /** the folder of its templates in every flavor: templates/iac/<flavor>/resources/<id>/ */
  id: string;
  /** the trigger it provides; a function whose trigger is this type has this kind */
  trigger?: KindTrigger;
  /** when a function has this kind, given how it is invoked; default: its trigger is this kind's */
  when?: (manifest: KindManifest, invocation: FunctionInvocation) => boolean;
  /** rules across the manifest's fields (e.g. a setting the trigger needs elsewhere in `infra`) */
  check?: (manifest: KindManifest) => KindIssue | undefined;
  /** the deploy settings the kind's templates read as `settings.*`, computed once for every flavor */
  settings?: (answers: KindAnswers, manifest: KindManifest) => Record<string, string | number>;
  /** identifiers of a function the templates read as `ids.*` (every function has them) */
  ids?: Record<string, (name: string) => string>;
  /** the AWS and code names it derives from the function name, each with its service's rule */
  names?: readonly DerivedName[];
  /** what its templates append to a function's part of an identifier (src/names.ts ID_SUFFIXES) */
  idSuffixes?: readonly string[];
  localService?: LocalService;
  cdkSharedModules?: readonly CdkSharedModule[];
  /** the account-wide settings its resources rely on, which no stack should own (given the function's answers, where they decide) */
  accountSettings?: readonly AccountSetting[] | ((answers: KindAnswers) => readonly AccountSetting[]);
  /**
   * Resources of the whole stack, written once however many functions have the kind (the flavors'
   * `stack` parts): their identifiers start with the project's own part (`ids.logicalId` and
   * `ids.terraform` of the root view) and end in one of these suffixes.
   */
  stack?: { idSuffixes: readonly string[] };
}

/** A kind, typed as written (so the trigger schemas give the manifest's type). */
export function defineKind<const T extends KindTrigger | undefined = undefined>(
  kind: Omit<Kind, 'trigger'> & { trigger?: T },
): Omit<Kind, 'trigger'> & { trigger: T } {
  return kind as Omit<Kind, 'trigger'> & { trigger: T };
}
