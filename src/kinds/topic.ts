// An SNS topic the function is subscribed to (asynchronously invoked, with a redrive policy).
import * as v from 'valibot';
import { defineKind } from './kind.js';

export const topicKind = defineKind({
  id: 'topic',
  trigger: { type: 'sns', schema: v.strictObject({ type: v.literal('sns') }), group: 'events' },
  // the topic, its ARN output, its KMS key
  idSuffixes: ['Topic', 'TopicArn', 'TopicKey'],
  cdkSharedModules: ['iam', 'kms', 'sns', 'sources'],
});
