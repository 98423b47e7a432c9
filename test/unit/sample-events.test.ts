// The sample events of the built-in function templates, rendered from the real templates:
// every events/*.json is JSON, the manifest's sampleEvent is one of them, and the sqs sample message
// has one source.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/answers.js';
import { detectPackageManager } from '../../src/package-manager.js';
import { planProject } from '../../src/project/plan.js';
import { projectFromAnswers } from '../../src/project-model.js';
import { builtinCatalog, templateDir } from '../../src/template/catalog.js';
import type { RenderedFile } from '../../src/template/render.js';
import { parsesAsJson } from '../harness/json.js';

async function render(template: string, vars: Answers['vars'] = {}): Promise<RenderedFile[]> {
  const catalog = builtinCatalog();
  const manifest = catalog.templates.find((t) => t.id === template);
  if (!manifest) throw new Error(`no built-in template ${template}`);
  const answers: Answers = {
    directory: 'my-fn',
    name: 'my-fn',
    template,
    iac: 'none',
    arch: 'x86_64',
    memory: 128,
    timeout: 10,
    region: 'us-east-1',
    git: false,
    vars,
  };
  const loaded = {
    source: { kind: 'builtin' as const, id: template },
    dir: templateDir(template),
    manifest,
    cleanup: async () => undefined,
  };
  const plan = await planProject(projectFromAnswers(answers, '0.2.0'), [loaded], detectPackageManager(undefined));
  // the function's own files, as paths of its crate
  return plan.files
    .filter((f) => f.path.startsWith('functions/my-fn/'))
    .map((f) => ({ ...f, path: f.path.slice('functions/my-fn/'.length) }));
}

const text = (files: RenderedFile[], path: string) => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`${path} was not rendered`);
  return file.content.toString();
};

describe('sample events', () => {
  /** every variable at its default */
  const defaults = (template: string) =>
    Object.fromEntries((builtinCatalog().templates.find((t) => t.id === template)?.variables ?? []).map((v) => [v.name, v.default]));

  /** the manifest's sampleEvent, or the fixture of the event type its variable takes by default */
  const sampleOf = (template: string) => {
    const m = builtinCatalog().templates.find((t) => t.id === template);
    const trigger = m?.infra.trigger;
    const chosen = trigger?.type === 'none' && trigger.event ? defaults(template)[trigger.event.variable] : undefined;
    return m?.sampleEvent ?? (trigger?.type === 'none' && typeof chosen === 'string' ? trigger.event?.types[chosen]?.fixture : undefined);
  };

  it.each(builtinCatalog().templates.map((t) => [t.id, sampleOf(t.id)] as const))(
    'every events/*.json of %s parses as JSON, and its sample event (%s) is one of them',
    async (template, sampleEvent) => {
      const events = (await render(template, defaults(template))).filter((f) => /^events\/[^/]+\.json$/.test(f.path));
      expect(events.length).toBeGreaterThan(0);
      for (const file of events) expect(() => JSON.parse(file.content.toString()), file.path).not.toThrow();
      if (builtinCatalog().templates.find((t) => t.id === template)?.kind === 'function') {
        expect(sampleEvent, 'a function template names the sample the README sends to the deployed function').toBeDefined();
        expect(events.map((f) => f.path)).toContain(`events/${sampleEvent}`);
      }
    },
  );

  it('schedule: events/scheduled.json is the Scheduled Event an EventBridge rule sends', async () => {
    const event = JSON.parse(text(await render('schedule', { schedule: 'rate(5 minutes)' }), 'events/scheduled.json'));
    expect(event).toEqual({
      version: '0',
      id: expect.any(String),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: expect.stringMatching(/^\d{12}$/),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: expect.any(String),
      resources: [expect.stringMatching(/^arn:aws:events:[a-z0-9-]+:\d{12}:rule\/.+/)],
      detail: {},
    });
  });

  it('sns: events/message.json is the Message of events/notification.json, and bad-notification.json carries broken JSON', async () => {
    const files = await render('sns');
    const message = text(files, 'events/message.json');
    expect(message.endsWith('\n')).toBe(true);
    const order = JSON.parse(message);
    expect(order).toEqual({ orderId: expect.stringMatching(/\S/), sku: expect.any(String), quantity: expect.any(Number) });
    type Notification = { Records: { EventSource: string; Sns: { Type: string; TopicArn: string; Message: string } }[] };
    const good = JSON.parse(text(files, 'events/notification.json')) as Notification;
    const bad = JSON.parse(text(files, 'events/bad-notification.json')) as Notification;
    for (const event of [good, bad]) {
      // SNS invokes a function with one record
      expect(event.Records).toHaveLength(1);
      expect(event.Records[0]).toMatchObject({
        EventSource: 'aws:sns',
        Sns: { Type: 'Notification', TopicArn: expect.stringMatching(/^arn:aws:sns:/) },
      });
    }
    expect(good.Records[0]?.Sns.Message).toBe(message.trim());
    expect(() => JSON.parse(bad.Records[0]?.Sns.Message ?? '')).toThrow();
  });

  it('sqs: events/message.json is the body of every good record of events/batch.json, and one record is bad', async () => {
    const files = await render('sqs');
    const message = text(files, 'events/message.json');
    expect(message.endsWith('\n')).toBe(true);
    const order = JSON.parse(message);
    // the shape src/message.rs accepts: orderId not blank, sku, quantity ≥ 1
    expect(order).toEqual({ orderId: expect.stringMatching(/\S/), sku: expect.any(String), quantity: expect.any(Number) });
    expect(order.quantity).toBeGreaterThanOrEqual(1);

    const records = (JSON.parse(text(files, 'events/batch.json')) as { Records: { body: string }[] }).Records;
    const good = records.filter((r) => parsesAsJson(r.body));
    expect(records.length - good.length).toBe(1);
    expect(good.length).toBeGreaterThan(0);
    for (const r of good) expect(r.body).toBe(message.trim());
  });

  it('s3: object-created.json is S3 telling of events/hello.txt created under the prefix of the local bucket', async () => {
    const files = await render('s3');
    const manifest = builtinCatalog().templates.find((t) => t.id === 's3');
    const prefix = manifest?.infra.trigger.type === 's3' ? manifest.infra.trigger.prefix : '';
    const hello = files.find((f) => f.path === 'events/hello.txt')?.content as Buffer;
    const record = (path: string) =>
      (JSON.parse(text(files, path)) as { Records: { eventSource: string; eventName: string; s3: Record<string, any> }[] }).Records;
    const [created] = record('events/object-created.json');
    expect(created).toMatchObject({ eventSource: 'aws:s3', eventName: expect.stringMatching(/^ObjectCreated:/) });
    expect(created?.s3).toMatchObject({
      bucket: { name: 'my-fn-uploads', arn: 'arn:aws:s3:::my-fn-uploads' },
      object: { key: `${prefix}hello.txt`, size: hello.length, eTag: createHash('md5').update(hello).digest('hex') },
    });
    const [missing] = record('events/object-missing.json');
    expect(missing?.s3.bucket.name).toBe('my-fn-uploads');
    expect(missing?.s3.object.key).toBe(`${prefix}missing.txt`);
  });

  it('event: every event type renders its fixture, as JSON', async () => {
    const manifest = builtinCatalog().templates.find((t) => t.id === 'event');
    const types = manifest?.infra.trigger.type === 'none' ? (manifest.infra.trigger.event?.types ?? {}) : {};
    expect(Object.keys(types).length).toBeGreaterThan(50);
    for (const [eventType, { fixture }] of Object.entries(types)) {
      const events = (await render('event', { eventType })).filter((f) => f.path.startsWith('events/'));
      expect(
        events.map((f) => f.path),
        eventType,
      ).toEqual([`events/${fixture}`]);
      expect(() => JSON.parse(events[0]?.content.toString() ?? ''), eventType).not.toThrow();
    }
  });

  it('dynamodb: put-existing.json puts an item with the id of put-item.json', async () => {
    const files = await render('dynamodb');
    const body = (path: string) => JSON.parse(JSON.parse(text(files, path)).body);
    expect(body('events/put-existing.json').id).toBe(body('events/put-item.json').id);
    expect(body('events/put-existing.json')).not.toEqual(body('events/put-item.json'));
  });
});
