// The `event` table of the trigger `none` (templates/functions/event/template.json): for each event
// type a function may take, its aws_lambda_events feature, Rust path and sample, how AWS invokes a
// function with it, and what the function answers. The chosen type's invocation decides, as a
// trigger kind's `syncInvoke` does, whether the function gets the async dead-letter queue.
import * as v from 'valibot';
import { CHOICE, MAX_CHOICES, matching } from '../schema.js';
import type { KindManifest } from './kind.js';

/** How the service that sends an event type invokes the function. */
export const INVOCATIONS = ['sync', 'async', 'poll'] as const;
export type Invocation = (typeof INVOCATIONS)[number];

/**
 * Why a function taking an event type needs no dead-letter queue, per invocation (the checkov skip
 * CKV_AWS_116 says it); undefined: Lambda queues the event and retries it, so the function gets one.
 */
export const INVOCATION_SYNC_REASONS: Record<Invocation, string | undefined> = {
  sync: 'callers get errors synchronously',
  poll: 'an event source mapping polls its source and retries failed batches',
  async: undefined,
};

const FEATURE = /^[a-z][a-z0-9_]{0,39}$/;

const EventTypeSchema = v.strictObject({
  feature: matching(FEATURE, 'a Cargo feature of aws_lambda_events like s3'),
  path: matching(/^[a-z][a-z0-9_]{0,39}::[A-Z][A-Za-z0-9]{0,63}$/, 'a type path like s3::S3Event'),
  fixture: matching(/^[a-z0-9][a-z0-9_-]{0,100}\.json$/, 'a file name like example-s3-event.json'),
  invocation: v.picklist(INVOCATIONS, `must be one of ${INVOCATIONS.join(', ')}`),
  // what the function answers: a partial of the template (the built-in one: partials/responses/<response>.hbs)
  response: v.optional(matching(/^[a-z][a-z0-9-]{0,39}$/, 'a response name like sqs-batch')),
  // a second feature the answer's type needs (Kinesis' batch response lives in `streams`)
  responseFeature: v.optional(matching(FEATURE, 'a Cargo feature of aws_lambda_events like streams')),
});

/** `event`: the event type the function takes is a choice variable; each choice is a row of the table. */
export const EventTypesSchema = v.strictObject({
  variable: matching(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'the name of a choice variable'),
  types: v.pipe(
    v.record(matching(CHOICE, 'letters, digits, . _ - (at most 64)'), EventTypeSchema, 'must be an object'),
    v.check((types) => Object.keys(types).length >= 1 && Object.keys(types).length <= MAX_CHOICES, `must have 1 to ${MAX_CHOICES} entries`),
  ),
});

export type EventType = v.InferOutput<typeof EventTypeSchema>;
type EventTable = v.InferOutput<typeof EventTypesSchema>;

/** A function's answers to its template's variables. */
export type FunctionVars = Readonly<Record<string, unknown>>;

/** The event type a function of a template with `infra.trigger.event` takes: the row its variable chose. */
export function chosenEventType(manifest: KindManifest, vars: FunctionVars): EventType | undefined {
  const { type, event } = manifest.infra.trigger as { type: string; event?: EventTable };
  if (type !== 'none' || !event) return undefined;
  const chosen = vars[event.variable];
  return typeof chosen === 'string' && Object.hasOwn(event.types, chosen) ? event.types[chosen] : undefined;
}
