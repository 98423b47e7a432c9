// The AWS managed policies an execution role of the generated stacks may carry (SAM attaches some
// of them by itself), with the statements that matter to the trigger wiring rule. The actions are
// those of the published policies; each allows them on every resource (`*`).
import type { Statement } from './wiring.js';

const MANAGED: Record<string, string[]> = {
  AWSLambdaBasicExecutionRole: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  AWSXrayWriteOnlyAccess: [
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'xray:GetSamplingStatisticSummaries',
  ],
  AWSLambdaSQSQueueExecutionRole: [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ],
  AWSLambdaDynamoDBExecutionRole: [
    'dynamodb:DescribeStream',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:ListStreams',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ],
  AWSLambdaKinesisExecutionRole: [
    'kinesis:DescribeStream',
    'kinesis:DescribeStreamSummary',
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:ListShards',
    'kinesis:ListStreams',
    'kinesis:SubscribeToShard',
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ],
};

/** Marks the statement of a managed policy this table does not know (it allows nothing the rule can see). */
export const UNKNOWN_MANAGED = 'unknown to the rule';

/** The statement of the managed policy whose ARN (or its text) is `arn`. */
export function managedStatement(arn: string): Statement {
  const name = /:policy\/(?:service-role\/)?([\w+=,.@-]+)$/.exec(arn)?.[1] ?? arn;
  const actions = MANAGED[name];
  return actions
    ? { from: `managed policy ${name}`, actions, resources: ['*'] }
    : { from: `managed policy ${name} (${UNKNOWN_MANAGED})`, actions: [], resources: [] };
}
