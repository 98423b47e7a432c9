// An EventBridge rule that runs the function on a schedule (the template's `schedule` variable).
import * as v from 'valibot';
import { defineKind } from './kind.js';

/**
 * The retry policy of a schedule rule's target: how often, and for how long, EventBridge retries an
 * event it could not hand to Lambda (throttling, a deleted function) before it sends it to the
 * dead-letter queue. Function errors are retried by Lambda (async-dlq), not by EventBridge.
 */
export const SCHEDULE_TARGET_RETRY = { retryAttempts: 3, maxEventAgeSeconds: 3600 };

export const scheduleKind = defineKind({
  id: 'schedule',
  trigger: { type: 'schedule', schema: v.strictObject({ type: v.literal('schedule') }), group: 'events' },
  settings: () => ({
    scheduleRetryAttempts: SCHEDULE_TARGET_RETRY.retryAttempts,
    scheduleMaxEventAgeSeconds: SCHEDULE_TARGET_RETRY.maxEventAgeSeconds,
  }),
  // the EventBridge rule (SAM names it after the function's event)
  idSuffixes: ['Schedule', 'FunctionSchedule', 'ScheduleRuleName'],
});
