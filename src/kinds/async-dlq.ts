// The dead-letter queue and retries of a function invoked asynchronously (a trigger with no
// `syncInvoke` reason: schedule, sns, s3; or an `event` type AWS sends asynchronously: S3, SNS,
// EventBridge, …). Its trigger's kind, later in the list, may let its service write into the queue too.
import { defineKind } from './kind.js';
import { DLQ_RETENTION_SECONDS, SQS_QUEUE } from './queue.js';

/**
 * Lambda retries a failed asynchronous invoke this many times (0-2; 2 is Lambda's default) while
 * the event is younger than the age, then sends it to the function's dead-letter queue. An hour:
 * a scheduled run or a notification older than that is better looked at than run late.
 */
export const ASYNC_INVOKE = { retryAttempts: 2, maxEventAgeSeconds: 3600 };

/** SQS dead-letter queue name (Terraform, default workspace): the queue kind's and this one's. */
export const dlqName = (name: string) => `${name}-dlq`;

export const asyncDlqKind = defineKind({
  id: 'async-dlq',
  when: (m, invocation) => m.kind === 'function' && invocation.syncInvoke === undefined,
  settings: () => ({
    asyncRetryAttempts: ASYNC_INVOKE.retryAttempts,
    asyncMaxEventAgeSeconds: ASYNC_INVOKE.maxEventAgeSeconds,
    dlqRetentionSeconds: DLQ_RETENTION_SECONDS,
  }),
  ids: { dlqName },
  names: [{ what: 'SQS dead-letter queue name', scope: 'account', derive: dlqName, rule: SQS_QUEUE }],
  idSuffixes: ['Dlq', 'DeadLetterQueue', 'DeadLetterQueueUrl', 'DeadLetterQueuePolicy', 'DeadLetterQueueAlarm'],
  cdkSharedModules: ['iam', 'sqs'],
});
