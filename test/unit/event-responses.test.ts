// The event template's answer, per event type: every type of its table says how AWS invokes a
// function with it and what the function answers (a response partial); the rendered handler
// answers that, never a silent `null` to a caller that waits for the answer; and a type AWS sends
// asynchronously gets the async dead-letter queue, with no checkov skip claiming otherwise.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { type EventType, INVOCATION_SYNC_REASONS, INVOCATIONS } from '../../src/kinds/event-types.js';
import { detectPackageManager } from '../../src/package-manager.js';
import { planProject } from '../../src/project/plan.js';
import { projectFromAnswers } from '../../src/project-model.js';
import { builtinCatalog, templateDir } from '../../src/template/catalog.js';
import { buildView } from '../../src/template/view.js';

const manifest = builtinCatalog().templates.find((t) => t.id === 'event');
const trigger = manifest?.infra.trigger;
const TYPES: Record<string, EventType> = trigger?.type === 'none' ? (trigger.event?.types ?? {}) : {};
const RESPONSES = join(templateDir('event'), 'partials', 'responses');
/** The parts main.rs and the README call of a response partial (`imports` only where it has some). */
const PARTS = ['code', 'test', 'expect', 'readme'];

function answersFor(eventType: string, iac: string): Answers {
  return {
    directory: 'my-fn',
    name: 'my-fn',
    template: 'event',
    iac,
    arch: 'arm64',
    memory: 128,
    timeout: 10,
    region: 'us-east-1',
    git: false,
    vars: { eventType },
  };
}

/** The project's files for one event type, by path. */
async function render(eventType: string, iac = 'none'): Promise<Record<string, string>> {
  if (!manifest) throw new Error('no built-in template event');
  const loaded = { source: { kind: 'builtin' as const, id: 'event' }, dir: templateDir('event'), manifest, cleanup: async () => undefined };
  const project = projectFromAnswers(answersFor(eventType, iac), '0.2.0');
  const plan = await planProject(project, [loaded], detectPackageManager(undefined));
  return Object.fromEntries(plan.files.map((f) => [f.path, f.content.toString('utf8')]));
}

/** The function's view for one event type: its kinds and what its checkov skips say. */
function viewOf(eventType: string) {
  if (!manifest) throw new Error('no built-in template event');
  const view = buildView(answersFor(eventType, 'sam'), manifest, builtinCatalog(), detectPackageManager(undefined));
  const fn = view.functions[0] as (typeof view.functions)[number];
  return { kinds: fn.resources.map((r) => r.kind), syncInvoke: fn.checks.syncInvoke };
}

describe('event: the answer per event type', () => {
  it('every type says how AWS invokes it and what the function answers, with a partial of every part', () => {
    expect(Object.keys(TYPES).length).toBeGreaterThan(50);
    for (const [eventType, row] of Object.entries(TYPES)) {
      expect(INVOCATIONS, eventType).toContain(row.invocation);
      expect(row.response, `${eventType}: its response`).toBeDefined();
      const partial = readFileSync(join(RESPONSES, `${row.response}.hbs`), 'utf8');
      for (const part of PARTS) expect(partial, `${row.response}.hbs: part ${part}`).toContain(`(eq part "${part}")`);
    }
    const used = new Set(Object.values(TYPES).map((row) => `${row.response}.hbs`));
    expect(readdirSync(RESPONSES).sort(), 'a response partial no type uses').toEqual([...used].sort());
  });

  it.each(Object.entries(TYPES))('%s: the handler answers what the caller expects back, and its tests check it', async (eventType, row) => {
    const files = await render(eventType);
    const main = files['functions/my-fn/src/main.rs'] ?? '';
    const response = [...main.matchAll(/^pub type Response = (.+);$/gm)].map((m) => m[1]);
    expect(response, 'one Response type').toHaveLength(1);
    const tests = main.slice(main.indexOf('#[cfg(test)]'));
    // the tests assert the handler's own answer to the sample, beyond the helper that asks for it
    expect(tests.match(/\banswer\(\)/g)?.length ?? 0, 'a test of the answer').toBeGreaterThanOrEqual(2);
    const failsByDefault = tests.includes('.expect_err(');
    if (response[0] === '()') {
      // `null` only where the caller ignores it, or reads only success or failure and gets a failure
      expect(row.invocation !== 'sync' || failsByDefault, `${eventType} is invoked synchronously and answers null`).toBe(true);
      expect(main, 'a comment says why it answers null').toMatch(/^\/\/\/ What the function answers: nothing \(`null`\)/m);
    }
    if (row.invocation === 'sync') expect(response[0] !== '()' || failsByDefault, eventType).toBe(true);
    // the README says what it answers, after the command that shows it
    expect(files['README.md']).toMatch(/\nIt answers /);
    const features = files['functions/my-fn/Cargo.toml']?.match(/^aws_lambda_events = .*features = \[(.*)\]/m)?.[1];
    expect(features).toBe(
      [row.feature, row.responseFeature]
        .filter(Boolean)
        .map((f) => `"${f}"`)
        .join(', '),
    );
  });

  it.each(Object.entries(TYPES))('%s: a dead-letter queue exactly when AWS sends it asynchronously', (eventType, row) => {
    const { kinds, syncInvoke } = viewOf(eventType);
    expect(kinds.includes('async-dlq'), `${eventType} (${row.invocation})`).toBe(row.invocation === 'async');
    expect(syncInvoke).toBe(INVOCATION_SYNC_REASONS[row.invocation]);
  });

  // one type of each invocation, in every flavor that writes a dead-letter queue and checkov skips
  const SAMPLES = { async: 's3.S3Event', sync: 'cognito.CognitoEventUserPoolsPreSignup', poll: 'sqs.SqsEvent' } as const;
  for (const [invocation, eventType] of Object.entries(SAMPLES)) {
    const reason = INVOCATION_SYNC_REASONS[invocation as keyof typeof SAMPLES];
    it(`${eventType} (${invocation}): SAM and Terraform write the dead-letter queue or the true reason it has none`, async () => {
      const sam = (await render(eventType, 'sam'))['template.yaml'] ?? '';
      const terraform = Object.entries(await render(eventType, 'terraform'))
        .filter(([path]) => path.endsWith('.tf'))
        .map(([, text]) => text)
        .join('\n');
      if (reason === undefined) {
        expect(sam).toMatch(/DeadLetterQueue:\n\s+Type: SQS/);
        expect(sam).not.toContain('CKV_AWS_116');
        expect(terraform).toMatch(/dead_letter_config \{/);
        expect(terraform).toContain('resource "aws_lambda_function_event_invoke_config"');
        expect(terraform).not.toContain('CKV_AWS_116');
      } else {
        expect(sam).not.toMatch(/DeadLetterQueue:\n\s+Type: SQS/);
        expect(sam).toContain(`comment: Not invoked asynchronously; ${reason}.`);
        expect(terraform).not.toMatch(/dead_letter_config \{/);
        expect(terraform).toContain(`#checkov:skip=CKV_AWS_116:Not invoked asynchronously; ${reason}.`);
      }
    });
  }
});
