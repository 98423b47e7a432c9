// An SQS queue that triggers the function (partial batch responses), and its dead-letter queue.
import * as v from 'valibot';
import { defineKind } from './kind.js';

export const SQS_QUEUE = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * AWS asks for a queue visibility timeout of at least six times the function timeout, so a batch
 * that is still in flight (or waiting for a retry after throttling) is not delivered twice. We
 * take exactly 6x: a message whose batch item failed becomes visible again after this timeout, so
 * a larger factor only delays its retry.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** How long a dead-letter (or on-failure) queue keeps a message: 14 days, the SQS maximum, to give time to look at it. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/** SQS queue name (Terraform, default workspace). */
export const queueName = (name: string) => `${name}-queue`;

export const queueKind = defineKind({
  id: 'queue',
  trigger: {
    type: 'sqs',
    schema: v.strictObject({ type: v.literal('sqs') }),
    group: 'events',
    syncInvoke: "failed messages go to the queue's dead-letter queue instead",
  },
  check: (m) =>
    m.infra.trigger.type === 'sqs' && !m.infra.queue
      ? { message: 'an sqs trigger needs { "batchSize", "maxReceiveCount" }', field: 'infra.queue' }
      : undefined,
  settings: (answers, m) => {
    const queue = m.infra.queue as { batchSize: number; maxReceiveCount: number };
    return {
      batchSize: queue.batchSize,
      maxReceiveCount: queue.maxReceiveCount,
      visibilityTimeoutFactor: VISIBILITY_TIMEOUT_FACTOR,
      visibilityTimeout: answers.timeout * VISIBILITY_TIMEOUT_FACTOR,
      dlqRetentionSeconds: DLQ_RETENTION_SECONDS,
    };
  },
  ids: { queueName },
  names: [{ what: 'SQS queue name', scope: 'account', derive: queueName, rule: SQS_QUEUE }],
  // FunctionQueue: SAM's event source mapping (the logical id its SQS event gave it); ReadPolicy is the bucket kind's too
  // DeadLetterQueueAlarm: the alarm on its depth (async-dlq's too)
  idSuffixes: ['Queue', 'QueueUrl', 'FunctionQueue', 'ReadPolicy', 'DeadLetterQueueAlarm'],
  cdkSharedModules: ['sqs', 'sources'],
});
