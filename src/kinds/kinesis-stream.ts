// A Kinesis data stream that the function consumes.
import * as v from 'valibot';
import { defineKind } from './kind.js';
import { ON_FAILURE_QUEUE, STREAM_CONSUMER_SUFFIXES, streamConsumerSettings } from './stream-consumer.js';

/**
 * The Kinesis data stream: one provisioned shard (1 MB/s or 1,000 records/s in, the cheapest
 * stream to leave running; on-demand bills a per-stream hour several times that of a shard),
 * keeping records 24 h, the minimum and the price a shard includes.
 */
export const KINESIS_STREAM = { shardCount: 1, retentionHours: 24 } as const;

/** A Kinesis data stream (Terraform; SAM and CDK let CloudFormation name it). */
export const kinesisStreamName = (name: string) => `${name}-stream`;

export const kinesisStreamKind = defineKind({
  id: 'kinesis-stream',
  trigger: {
    type: 'kinesis',
    schema: v.strictObject({ type: v.literal('kinesis') }),
    group: 'streams',
    syncInvoke: 'the event source mapping polls the stream and sends failed batches to its on-failure destination',
  },
  settings: () => ({
    ...streamConsumerSettings(),
    kinesisShardCount: KINESIS_STREAM.shardCount,
    kinesisRetentionHours: KINESIS_STREAM.retentionHours,
  }),
  names: [
    ON_FAILURE_QUEUE,
    { what: 'Kinesis data stream name', scope: 'account', derive: kinesisStreamName, rule: /^[a-zA-Z0-9_.-]{1,128}$/ },
  ],
  idSuffixes: STREAM_CONSUMER_SUFFIXES,
  cdkSharedModules: ['iam', 'sqs'],
});
