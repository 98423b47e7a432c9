// The Lambda function itself: every function template has it. It provides the trigger `none`
// (nothing in the stack invokes the function; `event` templates name the event type it takes).
import * as v from 'valibot';
import { CHOICE, MAX_CHOICES, matching } from '../schema.js';
import { defineKind } from './kind.js';

export const LAMBDA_FUNCTION = /^[A-Za-z0-9_-]{1,64}$/;
export const LOG_GROUP = /^[\w#/.-]{1,512}$/;

/** `event`: the event type the function takes is a choice variable; each choice names its aws_lambda_events feature, Rust type path and sample fixture. */
const EventTypesSchema = v.strictObject({
  variable: matching(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'the name of a choice variable'),
  types: v.pipe(
    v.record(
      matching(CHOICE, 'letters, digits, . _ - (at most 64)'),
      v.strictObject({
        feature: matching(/^[a-z][a-z0-9_]{0,39}$/, 'a Cargo feature of aws_lambda_events like s3'),
        path: matching(/^[a-z][a-z0-9_]{0,39}::[A-Z][A-Za-z0-9]{0,63}$/, 'a type path like s3::S3Event'),
        fixture: matching(/^[a-z0-9][a-z0-9_-]{0,100}\.json$/, 'a file name like example-s3-event.json'),
      }),
      'must be an object',
    ),
    v.check((types) => Object.keys(types).length >= 1 && Object.keys(types).length <= MAX_CHOICES, `must have 1 to ${MAX_CHOICES} entries`),
  ),
});

export const functionKind = defineKind({
  id: 'function',
  when: (m) => m.kind === 'function',
  trigger: {
    type: 'none',
    schema: v.strictObject({ type: v.literal('none'), event: v.optional(EventTypesSchema) }),
    group: 'other',
    syncInvoke: 'callers get errors synchronously',
  },
  check: (m) => {
    const event = (m.infra.trigger as { event?: { variable: string; types: Record<string, unknown> } }).event;
    if (m.infra.trigger.type !== 'none' || !event) return undefined;
    const declared = (m.variables ?? []).find((x) => x.name === event.variable);
    const keys = Object.keys(event.types).sort().join(',');
    if (declared?.type === 'choice' && [...(declared.choices ?? [])].sort().join(',') === keys) return undefined;
    return { message: 'must name a choice variable whose choices are exactly the keys of types', field: 'infra.trigger.event.variable' };
  },
  names: [
    { what: 'Lambda function name', scope: 'account', derive: (n) => n, rule: LAMBDA_FUNCTION },
    // Terraform appends 26 characters to a name_prefix; IAM role names have at most 64
    { what: 'IAM role name prefix (Terraform)', scope: 'account', derive: (n) => `${n}-`, rule: /^[\w+=,.@-]{1,38}$/ },
    { what: 'function log group', scope: 'account', derive: (n) => `/aws/lambda/${n}`, rule: LOG_GROUP },
  ],
  idSuffixes: ['Function', 'FunctionName', 'LogGroup', 'LogGroupName', 'MemorySize', 'Timeout', 'FunctionLogs'],
});
