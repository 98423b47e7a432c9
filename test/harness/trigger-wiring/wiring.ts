// What invokes each function and what it may do, as read from a stack (CloudFormation or
// Terraform: see cloudformation.ts, terraform.ts), and the rule over it: every trigger is paired
// with the permission or policy it needs, scoped to that trigger, and nothing more is allowed.
// Local emulators enforce neither IAM nor Lambda resource policies; this rule reads them instead.
//
// Resources are named by their id in the stack (a logical id, or a Terraform `type.name`); a
// `key` is an id with the attribute an expression takes of it (`Queue.Arn`, `aws_sqs_queue.q.arn`).
import { UNKNOWN_MANAGED } from './managed-policies.js';

export const APIGATEWAY = 'apigateway.amazonaws.com';
export const ELB = 'elasticloadbalancing.amazonaws.com';
export const SNS = 'sns.amazonaws.com';
export const S3 = 's3.amazonaws.com';
export const EVENTS = 'events.amazonaws.com';
/** the principal of a public statement */
export const ANYONE = '*';

export type MappingKind = 'sqs' | 'dynamodb' | 'kinesis';

export interface LambdaFunction {
  id: string;
  /** what the ids of the function's own resources begin with */
  stem: string;
  /** a function of the IaC framework itself (CDK's custom resource handlers), not of the project */
  framework?: boolean;
}

/** A resource that invokes a function by pushing to it (an API, a target group, a topic, a bucket, a rule). */
export interface Trigger {
  fn: string;
  principal: string;
  source: string;
  /** the resource that says so (an integration, a subscription, the bucket's notification…) */
  via: string;
}

/** A statement of a function's resource policy. */
export interface Permission {
  id: string;
  fn: string;
  principal: string;
  action: string;
  /** the resources whose ARN the source ARN is (or matches), in the form their trigger is scoped by */
  scope: string[];
  /** whether SourceArn is set at all */
  sourceArn: boolean;
  /** undefined: not set; otherwise whether it is the stack's own account */
  sourceAccountOwn?: boolean;
  /** FunctionUrlAuthType of the statement */
  urlAuth?: string;
  /** the lambda:InvokedViaFunctionUrl condition */
  viaUrl?: boolean;
}

/** An event source mapping: Lambda polls `source` with the function's role. */
export interface Mapping {
  id: string;
  fn: string;
  kind?: MappingKind;
  source: string;
  /** the key the mapping reads (the queue's or stream's ARN) */
  sourceKey?: string;
  onFailureKey?: string;
}

/** An Allow statement of a function's execution role. */
export interface Statement {
  from: string;
  actions: string[];
  /** a key (exactly that resource), `*`, or the text of anything else (a pattern, a join) */
  resources: string[];
}

/** Where a function sends what it could not process (a dead-letter queue, an on-failure destination). */
export interface Send {
  fn: string;
  key: string;
  action: string;
}

export interface Wiring {
  functions: LambdaFunction[];
  triggers: Trigger[];
  permissions: Permission[];
  mappings: Mapping[];
  urls: Array<{ fn: string; auth: string }>;
  sends: Send[];
  /** each function's role statements */
  statements: Record<string, Statement[]>;
  /** what the reader could not follow (a managed policy it does not know, a mapping of an unknown source) */
  unreadable: string[];
}

/** What an event source mapping needs of the role, on exactly its source (Lambda's own polling). */
export const READ_ACTIONS: Record<MappingKind, string[]> = {
  sqs: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
  dynamodb: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
  kinesis: [
    'kinesis:DescribeStream',
    'kinesis:DescribeStreamSummary',
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:ListShards',
  ],
};

/**
 * What Lambda's documentation also asks of a stream mapping's role: actions with no resource type
 * in IAM (account-level), so granted on `*` or not at all.
 */
const LIST_ACTIONS: Record<MappingKind, string[]> = {
  sqs: [],
  dynamodb: ['dynamodb:ListStreams'],
  kinesis: ['kinesis:ListStreams'],
};
/** Actions IAM defines no resource type for: a statement naming a resource allows them nowhere. */
const ACCOUNT_LEVEL = Object.values(LIST_ACTIONS).flat();

const INVOKE = 'lambda:InvokeFunction';
const INVOKE_URL = 'lambda:InvokeFunctionUrl';

/** Whether an IAM action pattern (`sqs:*`, `kinesis:Get*`) covers `action`. */
export function actionCovers(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.?+^$()[\]{}|\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
  return re.test(action);
}

/** The function whose resources `id` belongs to: the longest stem it begins with. */
function ownerOf(w: Wiring, id: string): string | undefined {
  const name = id.includes('.') ? (id.split('.').at(-1) as string) : id;
  return w.functions
    .filter((f) => name.startsWith(f.stem))
    .sort((a, b) => b.stem.length - a.stem.length)
    .at(0)?.id;
}

function triggerProblems(w: Wiring): string[] {
  const problems: string[] = [];
  for (const t of w.triggers) {
    const owner = ownerOf(w, t.source);
    if (owner && owner !== t.fn) problems.push(`${t.fn} is invoked by ${t.source} (through ${t.via}), a resource of ${owner}`);
    const candidates = w.permissions.filter((p) => p.fn === t.fn && p.principal === t.principal && p.action === INVOKE);
    const scoped = candidates.filter((p) => p.scope.includes(t.source));
    if (scoped.length === 0) {
      const others = candidates.map((p) =>
        p.sourceArn ? `${p.id} is scoped to ${p.scope.join(', ') || 'something else'}` : `${p.id} has no SourceArn`,
      );
      problems.push(
        `${t.fn} is invoked by ${t.principal} from ${t.source} (through ${t.via}), and no permission scoped to ${t.source} allows it` +
          (others.length > 0 ? ` (${others.join('; ')})` : ''),
      );
    }
    for (const p of scoped.filter((p) => p.sourceAccountOwn === false))
      problems.push(`${p.id} lets ${t.principal} invoke ${t.fn} on behalf of an account other than the stack's`);
  }
  return problems;
}

function permissionProblems(w: Wiring): string[] {
  const problems: string[] = [];
  for (const p of w.permissions) {
    if (p.principal === ANYONE) {
      const url = w.urls.find((u) => u.fn === p.fn);
      const publicUrl = p.action === INVOKE_URL ? p.urlAuth === 'NONE' : p.action === INVOKE && p.viaUrl === true;
      if (!publicUrl) problems.push(`${p.id} lets anyone ${p.action} ${p.fn} other than through a public function URL`);
      else if (url?.auth !== 'NONE') problems.push(`${p.id} lets anyone invoke ${p.fn} through a URL of auth ${url?.auth ?? '(no URL)'}`);
      continue;
    }
    const triggers = w.triggers.filter((t) => t.fn === p.fn && t.principal === p.principal);
    if (triggers.length === 0) problems.push(`${p.id} lets ${p.principal} invoke ${p.fn}, which nothing of ${p.principal} triggers`);
    else if (!p.sourceArn) problems.push(`${p.id} lets ${p.principal} invoke ${p.fn} from any source (no SourceArn)`);
    else if (!triggers.some((t) => p.scope.includes(t.source)))
      problems.push(`${p.id} is scoped to ${p.scope.join(', ') || 'no resource of the stack'}, not to what triggers ${p.fn}`);
  }
  for (const url of w.urls.filter((u) => u.auth === 'NONE')) {
    const mine = w.permissions.filter((p) => p.fn === url.fn && p.principal === ANYONE);
    if (!mine.some((p) => p.action === INVOKE_URL && p.urlAuth === 'NONE'))
      problems.push(`${url.fn} has a public URL and no statement letting anyone lambda:InvokeFunctionUrl (FunctionUrlAuthType NONE)`);
    if (!mine.some((p) => p.action === INVOKE && p.viaUrl === true))
      problems.push(`${url.fn} has a public URL and no statement letting anyone lambda:InvokeFunction through it (InvokedViaFunctionUrl)`);
  }
  return problems;
}

/** Whether `fn`'s role allows `action` on exactly `key` (a statement naming that resource, not a pattern). */
const grants = (w: Wiring, fn: string, action: string, key: string) =>
  (w.statements[fn] ?? []).some((s) => s.resources.includes(key) && s.actions.some((a) => actionCovers(a, action)));
/** Whether `fn`'s role allows `action` on every resource (a `*` the "exactly" check below reports). */
const grantsAll = (w: Wiring, fn: string, action: string) =>
  (w.statements[fn] ?? []).some((s) => s.resources.includes('*') && s.actions.some((a) => actionCovers(a, action)));

/** What a missing grant may be hidden in: the managed policies of `fn`'s role the rule cannot read. */
const unseen = (w: Wiring, fn: string) => {
  const unknown = (w.statements[fn] ?? []).filter((s) => s.from.includes(UNKNOWN_MANAGED)).map((s) => s.from);
  return unknown.length > 0 ? ` (unless ${unknown.join(', ')} allows it)` : '';
};

function mappingProblems(w: Wiring): string[] {
  const problems: string[] = [];
  for (const m of w.mappings) {
    const owner = ownerOf(w, m.source);
    if (owner && owner !== m.fn) problems.push(`${m.id} feeds ${m.fn} from ${m.source}, a resource of ${owner}`);
    if (!m.kind || !m.sourceKey) continue;
    for (const action of READ_ACTIONS[m.kind])
      if (!grants(w, m.fn, action, m.sourceKey) && !grantsAll(w, m.fn, action))
        problems.push(`${m.id} reads ${m.sourceKey} for ${m.fn}, whose role lacks ${action} on it${unseen(w, m.fn)}`);
    for (const action of LIST_ACTIONS[m.kind])
      if (!grantsAll(w, m.fn, action))
        problems.push(`${m.id} reads a stream for ${m.fn}, whose role lacks ${action} on *${unseen(w, m.fn)}`);
    if (m.onFailureKey && !grants(w, m.fn, 'sqs:SendMessage', m.onFailureKey))
      problems.push(
        `${m.id} sends failed batches of ${m.fn} to ${m.onFailureKey}, and its role lacks sqs:SendMessage on it${unseen(w, m.fn)}`,
      );
  }
  // exactly: a mapped function's role reads no other queue or stream of the kind
  for (const fn of new Set(w.mappings.map((m) => m.fn))) {
    const mine = w.mappings.filter((m) => m.fn === fn && m.kind);
    for (const kind of new Set(mine.map((m) => m.kind as MappingKind))) {
      const sources = mine.filter((m) => m.kind === kind).map((m) => m.sourceKey);
      for (const s of w.statements[fn] ?? []) {
        const actions = READ_ACTIONS[kind].filter((action) => s.actions.some((a) => actionCovers(a, action)));
        const beyond = s.resources.filter((r) => !sources.includes(r));
        if (actions.length > 0 && beyond.length > 0)
          problems.push(`${fn}'s role allows ${actions.join(', ')} on ${beyond.join(', ')} (${s.from}), beyond ${sources.join(', ')}`);
      }
    }
  }
  return problems;
}

/** A statement that names resources for an action IAM scopes to none: it allows that action nowhere. */
const accountLevelProblems = (w: Wiring) =>
  Object.entries(w.statements).flatMap(([fn, statements]) =>
    statements
      .filter((s) => s.resources.some((r) => r !== '*'))
      .flatMap((s) =>
        ACCOUNT_LEVEL.filter((action) => s.actions.some((a) => actionCovers(a, action))).map(
          (action) =>
            `${fn}'s role grants ${action} on ${s.resources.join(', ')} (${s.from}): it has no resource type, so only * allows it`,
        ),
      ),
  );

/** What a function writes its logs with: on its own log group, never on every one (`*`). */
const LOG_WRITES = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];
const logProblems = (w: Wiring) =>
  Object.entries(w.statements).flatMap(([fn, statements]) =>
    (w.functions.find((f) => f.id === fn)?.framework ? [] : statements)
      .filter((s) => s.resources.includes('*') && LOG_WRITES.some((action) => s.actions.some((a) => actionCovers(a, action))))
      .map((s) => `${fn}'s role may write every log group of the account (${s.from}), not only its own`),
  );

const sendProblems = (w: Wiring) =>
  w.sends
    .filter((s) => !grants(w, s.fn, s.action, s.key))
    .map((s) => `${s.fn} sends what it could not process to ${s.key}, and its role lacks ${s.action} on it${unseen(w, s.fn)}`);

/** Every trigger of `w` without its permission or policy, and every permission without its trigger. */
export function wiringProblems(w: Wiring): string[] {
  return [
    ...w.unreadable,
    ...triggerProblems(w),
    ...permissionProblems(w),
    ...mappingProblems(w),
    ...accountLevelProblems(w),
    ...logProblems(w),
    ...sendProblems(w),
  ];
}
