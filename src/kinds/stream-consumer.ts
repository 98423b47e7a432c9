// What the stream kinds (table-stream, kinesis-stream) share: how their event source mapping reads
// a stream, and the on-failure queue it sends failed batches to.

import type { DerivedName } from './kind.js';
import { DLQ_RETENTION_SECONDS, SQS_QUEUE } from './queue.js';

/**
 * How an event source mapping reads a stream (DynamoDB Streams and Kinesis alike). Lambda
 * checkpoints a shard at the lowest sequence number a batch reports as failed and retries from
 * there: up to `maxRetryAttempts` times, for records at most `maxRecordAgeSeconds` old, halving
 * the batch on each error (bisect) to isolate a bad record; then it sends the batch's metadata
 * to the on-failure queue and moves on, so one bad record cannot block its shard for the 24 h
 * the stream keeps it. TRIM_HORIZON: the mapping starts at the oldest record, so nothing written
 * between the creation of the stream and that of the mapping is skipped.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html
 */
export const STREAM_CONSUMER = {
  batchSize: 100,
  batchingWindowSeconds: 1,
  maxRetryAttempts: 3,
  maxRecordAgeSeconds: 3600,
  startingPosition: 'TRIM_HORIZON',
} as const;

/**
 * The iterator age (how old the newest record of the last batch was when Lambda read it) that
 * raises the alarm: a quarter of the records' maximum age. A consumer that keeps up reads records
 * a second or two old (the batching window, the handler, a retry's backoff); one that has fallen
 * this far behind has three quarters of the time left before Lambda gives up on its records and
 * sends them to the on-failure queue, to be looked at.
 */
export const ITERATOR_AGE_ALARM_MS = (STREAM_CONSUMER.maxRecordAgeSeconds * 1000) / 4;

export const streamConsumerSettings = () => ({
  streamBatchSize: STREAM_CONSUMER.batchSize,
  streamBatchingWindowSeconds: STREAM_CONSUMER.batchingWindowSeconds,
  streamMaxRetryAttempts: STREAM_CONSUMER.maxRetryAttempts,
  streamMaxRecordAgeSeconds: STREAM_CONSUMER.maxRecordAgeSeconds,
  streamStartingPosition: STREAM_CONSUMER.startingPosition,
  onFailureRetentionSeconds: DLQ_RETENTION_SECONDS,
  iteratorAgeAlarmMs: ITERATOR_AGE_ALARM_MS,
});

/** A stream consumer's on-failure queue (Terraform; SAM and CDK let CloudFormation name it). */
export const onFailureQueueName = (name: string) => `${name}-on-failure`;

export const ON_FAILURE_QUEUE: DerivedName = {
  what: 'SQS on-failure queue name',
  scope: 'account',
  derive: onFailureQueueName,
  rule: SQS_QUEUE,
};

export const STREAM_CONSUMER_SUFFIXES = [
  'Stream',
  'StreamName',
  'StreamMapping',
  'OnFailure',
  'OnFailureQueue',
  'OnFailureQueueUrl',
  // the alarms on the on-failure queue's depth and on how far behind the stream the function reads
  'OnFailureQueueAlarm',
  'IteratorAgeAlarm',
];
