// A DynamoDB table with a stream (NEW_AND_OLD_IMAGES) that the function consumes.
import * as v from 'valibot';
import { attributeName } from '../schema.js';
import { defineKind } from './kind.js';
import { ON_FAILURE_QUEUE, STREAM_CONSUMER_SUFFIXES, streamConsumerSettings } from './stream-consumer.js';

export const tableStreamKind = defineKind({
  id: 'table-stream',
  trigger: {
    type: 'dynamodb-stream',
    // the table the stack creates for the stream: its partition key (a string attribute)
    schema: v.strictObject({ type: v.literal('dynamodb-stream'), partitionKey: attributeName() }),
    group: 'streams',
    syncInvoke: 'the event source mapping polls the stream and sends failed batches to its on-failure destination',
  },
  settings: streamConsumerSettings,
  names: [ON_FAILURE_QUEUE],
  idSuffixes: ['Table', 'TableName', ...STREAM_CONSUMER_SUFFIXES],
  cdkSharedModules: ['dynamodb', 'iam', 'sqs'],
});
