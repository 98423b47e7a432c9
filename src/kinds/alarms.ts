// CloudWatch alarms: every function's errors and throttles, and the one SNS topic of the stack that
// every alarm notifies. The kinds with a failure destination (async-dlq, queue, the stream
// consumers) alarm on it in their own parts, reading the same topic and ALARM settings.
import { defineKind } from './kind.js';

/**
 * One evaluation of 5 minutes: a function that failed or was throttled once in that window is
 * worth a look (Sum >= 1), and a window with no data (nothing ran) is not a breach. The same
 * window for a queue's depth and a stream's iterator age.
 */
export const ALARM = { periodSeconds: 300, evaluationPeriods: 1, errorsThreshold: 1, throttlesThreshold: 1 } as const;

/** The stack's alarm topic (Terraform, default workspace; SAM and CDK let CloudFormation name it). */
export const alarmTopicName = (name: string) => `${name}-alarms`;

export const alarmsKind = defineKind({
  id: 'alarms',
  // every Lambda function; an extension's demo function is a demonstration, invoked by hand
  when: (m) => m.kind === 'function',
  settings: () => ({
    alarmPeriodSeconds: ALARM.periodSeconds,
    alarmEvaluationPeriods: ALARM.evaluationPeriods,
    errorsAlarmThreshold: ALARM.errorsThreshold,
    throttlesAlarmThreshold: ALARM.throttlesThreshold,
  }),
  names: [{ what: 'SNS alarm topic name', scope: 'account', derive: alarmTopicName, rule: /^[A-Za-z0-9_-]{1,256}$/ }],
  idSuffixes: ['ErrorsAlarm', 'ThrottlesAlarm'],
  // the topic, its key and the topic's ARN output
  stack: { idSuffixes: ['AlarmTopic', 'AlarmTopicKey', 'AlarmTopicPolicy', 'AlarmTopicArn'] },
  cdkSharedModules: ['iam', 'kms', 'sns'],
});
