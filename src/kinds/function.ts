// The Lambda function itself: every function template has it. It provides the trigger `none`
// (nothing in the stack invokes the function; `event` templates name the event type it takes, and
// how AWS invokes it: src/kinds/event-types.ts).
import * as v from 'valibot';
import { EventTypesSchema } from './event-types.js';
import { defineKind } from './kind.js';

export const LAMBDA_FUNCTION = /^[A-Za-z0-9_-]{1,64}$/;
export const LOG_GROUP = /^[\w#/.-]{1,512}$/;

export const functionKind = defineKind({
  id: 'function',
  when: (m) => m.kind === 'function',
  trigger: {
    type: 'none',
    schema: v.strictObject({ type: v.literal('none'), event: v.optional(EventTypesSchema) }),
    group: 'other',
    // invoked by hand; with an `event` table, the chosen type's invocation decides (syncInvokeReason)
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
  idSuffixes: ['Function', 'FunctionName', 'LogGroup', 'LogGroupName', 'MemorySize', 'Timeout', 'FunctionLogs', 'FunctionRole'],
  // the function's own role (stack.ts's executionRole)
  cdkSharedModules: ['iam'],
});
