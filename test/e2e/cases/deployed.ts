// Per template: how its deployed trigger is fired on the local AWS, and what the function must
// then have answered or done. A check passes on the function's behaviour (its answer through the
// route, the messages it deleted or left, the invocations its log group records), never on a
// stack status. Every deployed function also answers each of its sample cases when invoked
// directly (support/deploy.ts). Adding a template is an entry here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parsesAsJson } from '../../harness/json.js';
import { loggedAtError } from '../../harness/json-logs.js';
import { caseEvent, judge } from '../support/answers.js';
import type { FlavorId } from './flavors.js';
import type { TemplateCase, TemplateId } from './templates.js';

/** An HTTP answer as the trigger's route gave it. */
export interface RouteAnswer {
  status: number;
  statusText: string;
  contentType: string | null;
  body: string;
}

/** A deployed function, as a trigger check sees it (support/deploy.ts makes one per function). */
export interface Deployed {
  flavor: FlavorId;
  /** the function (package) name in the project */
  fn: string;
  /** its crate folder, whose events/ hold the samples */
  fnDir: string;
  template: TemplateCase;
  /** a stack output of this function by its Terraform-style key (`api_url`); Unavailable for `none` */
  output(key: string): string;
  /** the deployed function's name */
  functionName: string;
  /** an HTTP request to a URL of the stack (API Gateway, function URL, load balancer), through the emulator; `sign`: SigV4 as the CLI's credentials */
  request(
    baseUrl: string,
    route: string,
    init: { method: string; body?: string; contentType?: string; sign?: boolean },
  ): Promise<RouteAnswer>;
  /** the emulator's ws:// address of a WebSocket API's URL */
  websocketUrl(baseUrl: string): string;
  /** the AWS CLI against the emulator; parsed JSON output, or the text */
  aws(args: string[]): Promise<unknown>;
  /** the messages of the function's log group so far (START/END/REPORT lines and what the function logged) */
  logs(): Promise<string[]>;
  /** waits until `probe` gives a value (not undefined) */
  until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
}

export interface TriggerCheck {
  name: string;
  /** why this check is not made in a flavor (named skip), when it cannot be */
  gap?: Partial<Record<FlavorId, string>>;
  run(d: Deployed): Promise<string>;
}

interface HttpEvent {
  rawPath?: string;
  rawQueryString?: string;
  path?: string;
  httpMethod?: string;
  queryStringParameters?: Record<string, string> | null;
  requestContext?: { http?: { method?: string } };
  headers?: Record<string, string> | null;
  body?: string | null;
}

/** The request an API Gateway (v1 or v2) or load balancer sample event describes: method, route with query, body. */
export function requestOf(event: Record<string, unknown>): { method: string; route: string; body?: string; contentType?: string } {
  const e = event as HttpEvent;
  const method = e.requestContext?.http?.method ?? e.httpMethod ?? 'GET';
  const query = e.rawQueryString ?? new URLSearchParams(e.queryStringParameters ?? {}).toString();
  const route = `${e.rawPath ?? e.path ?? '/'}${query ? `?${query}` : ''}`;
  const headers = Object.fromEntries(Object.entries(e.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, route, body: e.body ?? undefined, contentType: headers['content-type'] };
}

/** The answer of a route as the HTTP response shape the cases judge (statusCode, content-type, body). */
const asHttpResponse = (a: RouteAnswer) => ({
  statusCode: a.status,
  statusDescription: `${a.status} ${a.statusText}`,
  headers: a.contentType ? { 'content-type': a.contentType } : {},
  body: a.body,
});

/**
 * API Gateway's own answers for a path none of the API's routes takes (the function is never
 * asked), as AWS gives them: an HTTP API's 404, a REST API's 403.
 */
const NO_ROUTE = [
  { status: 404, body: { message: 'Not Found' } },
  { status: 403, body: { message: 'Missing Authentication Token' } },
];

/** Whether an answer is API Gateway's own for an unrouted path, not the function's. */
function answeredByNoRoute(answer: RouteAnswer): boolean {
  try {
    const body = JSON.stringify(JSON.parse(answer.body));
    return NO_ROUTE.some((r) => r.status === answer.status && JSON.stringify(r.body) === body);
  } catch {
    return false;
  }
}

/**
 * Every HTTP case of the template sent through the route at `urlKey`, each answer judged like the
 * local one. A case that expects 404 may get API Gateway's own instead, when the API routes only
 * the function's paths: that is AWS's answer too.
 */
function routes(urlKey: string, gap?: TriggerCheck['gap']): TriggerCheck {
  return {
    name: `every sample through the ${urlKey.replace(/_/g, ' ')}`,
    gap,
    run: async (d) => {
      const said: string[] = [];
      for (const c of d.template.invokes.filter((c) => !c.servicesDown)) {
        const r = requestOf(caseEvent(d.fnDir, c));
        const answer = await d.request(d.output(urlKey), r.route, r);
        const expectsNotFound = typeof c.expect === 'object' && 'status' in c.expect && c.expect.status === 404;
        const verdict =
          expectsNotFound && answeredByNoRoute(answer) ? '404 from API Gateway (no route)' : judge(d.fnDir, c, asHttpResponse(answer));
        said.push(`${r.method} ${r.route.split('?')[0]} → ${verdict}`);
      }
      return said.join('; ');
    },
  };
}

/** A load balancer's target group gets its function from CloudFormation's `Targets`, which this emulator ignores. */
const CFN_TARGETS_GAP =
  "MiniStack 1.5.33's CloudFormation ignores a target group's Targets, so the load balancer answers 503 (no registered targets); " +
  'the function answers every sample invoked directly, and the same routes are called through the load balancer in the terraform row';

/** SAM gives an HTTP API its routes as an OpenAPI body, which this emulator does not read. */
const SAM_HTTP_API_GAP = {
  sam:
    "MiniStack 1.5.33 ignores the OpenAPI body SAM's transform gives an AWS::Serverless::HttpApi, so every route answers 404; " +
    'the function answers every sample invoked directly, and the same routes are called in the cdk and terraform rows',
};

const invocations = (logs: string[]) => logs.filter((m) => m.startsWith('START RequestId')).length;

/** The emulator's own lines of an invocation: text (Lambda's, with the JSON log format, are JSON platform.* records). */
export const platformLine = (m: string) => /^(START|END|REPORT) RequestId:/.test(m);

/**
 * Waits until the function's log group records more invocations than the `before` lines did, and
 * each of them ended (its REPORT line); returns the lines logged since. An ERROR the function
 * logged there fails: it was reached, but did not do its work.
 */
async function invokedAfter(d: Deployed, before: string[], what: string): Promise<string[]> {
  const since = await d.until(`${d.functionName} to be invoked by ${what}`, async () => {
    const lines = (await d.logs()).slice(before.length);
    const started = invocations(lines);
    return started > 0 && lines.filter((m) => m.startsWith('REPORT RequestId')).length >= started ? lines : undefined;
  });
  const error = since.find(loggedAtError);
  if (error) throw new Error(`${d.functionName} failed on ${what}: ${error.slice(0, 600)}`);
  return since;
}

const queueDepth = async (d: Deployed, url: string) => {
  const got = (await d.aws([
    'sqs',
    'get-queue-attributes',
    '--queue-url',
    url,
    '--attribute-names',
    'ApproximateNumberOfMessages',
    'ApproximateNumberOfMessagesNotVisible',
  ])) as { Attributes: Record<string, string> };
  return {
    visible: Number(got.Attributes.ApproximateNumberOfMessages),
    inFlight: Number(got.Attributes.ApproximateNumberOfMessagesNotVisible),
  };
};

/** Fires a trigger whose function answers nobody: the check is that the function was invoked and failed nothing. */
function fired(name: string, fire: (d: Deployed) => Promise<string>): TriggerCheck {
  return {
    name,
    run: async (d) => {
      const before = await d.logs();
      const what = await fire(d);
      const since = await invokedAfter(d, before, what);
      return `${what}: ${invocations(since)} invocation(s), no error logged`;
    },
  };
}

interface Socket {
  onopen: (() => void) | null;
  onmessage: ((m: { data: unknown }) => void) | null;
  onerror: ((e: unknown) => void) | null;
  onclose: ((e: { code: number }) => void) | null;
  send(text: string): void;
  close(): void;
}

/** Connects (Node's own WebSocket client), sends `message` and gives the first message that comes back. */
function exchange(url: string, message: string): Promise<string> {
  const WebSocketClient = (globalThis as { WebSocket?: new (url: string) => Socket }).WebSocket;
  if (!WebSocketClient) throw new Error(`this Node.js (${process.version}) has no WebSocket client; the tests need Node.js 22`);
  return new Promise((resolve, reject) => {
    const ws = new WebSocketClient(url);
    const done = (fn: () => void) => {
      clearTimeout(timer);
      ws.onclose = null;
      ws.close();
      fn();
    };
    const timer = setTimeout(() => done(() => reject(new Error(`no answer on ${url} within 30 s`))), 30_000);
    ws.onopen = () => ws.send(message);
    ws.onmessage = (m) => done(() => resolve(String(m.data)));
    ws.onerror = () => done(() => reject(new Error(`WebSocket error on ${url}`)));
    ws.onclose = (e) => done(() => reject(new Error(`${url} closed the connection (${e.code}) before answering`)));
  });
}

/** The bodies of the sample batch's records: the ones that parse as JSON, and the one that does not. */
function sampleBodies(fnDir: string): { good: string; bad: string } {
  const batch = JSON.parse(readFileSync(join(fnDir, 'events', 'batch.json'), 'utf8')) as { Records: { body: string }[] };
  const good = batch.Records.find((r) => parsesAsJson(r.body))?.body;
  const bad = batch.Records.find((r) => !parsesAsJson(r.body))?.body;
  if (good === undefined || bad === undefined) throw new Error('the sample batch must hold a good and a bad record');
  return { good, bad };
}

export const TRIGGER_CHECKS: Record<TemplateId, TriggerCheck[]> = {
  http: [routes('api_url', SAM_HTTP_API_GAP)],
  dynamodb: [routes('api_url', SAM_HTTP_API_GAP)],
  rest: [routes('api_url')],
  alb: [
    routes('alb_url', {
      sam: CFN_TARGETS_GAP,
      cdk: CFN_TARGETS_GAP,
    }),
  ],
  stream: [
    {
      name: 'the function URL: unsigned refused, signed streamed',
      run: async (d) => {
        const [c] = d.template.invokes;
        if (!c) throw new Error('stream has no case');
        const r = requestOf(caseEvent(d.fnDir, c));
        const unsigned = await d.request(d.output('function_url'), r.route, r);
        expect(unsigned.status, `unsigned request: ${unsigned.body}`).toBe(403);
        const signed = await d.request(d.output('function_url'), r.route, { ...r, sign: true });
        const want = (c.expect as { stream: { status: number; body: string } }).stream;
        expect(signed.status, signed.body).toBe(want.status);
        expect(signed.body).toBe(want.body);
        return `unsigned 403; signed ${signed.status}, ${signed.body.length} bytes`;
      },
    },
  ],
  websocket: [
    {
      name: 'connect, send the sample message: the answer comes back on the connection',
      run: async (d) => {
        const c = d.template.invokes.find((i) => i.event === 'message.json');
        if (!c || typeof c.expect !== 'object' || !('body' in c.expect)) throw new Error('websocket has no message.json case with a body');
        const message = String((caseEvent(d.fnDir, c) as { body: string }).body);
        const answer = await exchange(d.websocketUrl(d.output('websocket_url')), message);
        expect(JSON.parse(answer)).toEqual(c.expect.body);
        return `$connect, then ${message} → ${answer}`;
      },
    },
  ],
  sqs: [
    {
      name: 'a good and a bad message: the good deleted, the bad one kept for a retry',
      run: async (d) => {
        const url = d.output('queue_url');
        const { good, bad } = sampleBodies(d.fnDir);
        const before = await d.logs();
        await d.aws(['sqs', 'send-message', '--queue-url', url, '--message-body', good]);
        await d.aws(['sqs', 'send-message', '--queue-url', url, '--message-body', bad]);
        await invokedAfter(d, before, 'the queue');
        const depth = await d.until('the good message to be deleted and the bad one to stay in flight', async () => {
          const q = await queueDepth(d, url);
          return q.visible + q.inFlight === 1 ? q : undefined;
        });
        return `1 of 2 messages left (${depth.inFlight} in flight, ${depth.visible} visible)`;
      },
    },
  ],
  sns: [
    fired('a message published to the topic reaches the function', async (d) => {
      const message = readFileSync(join(d.fnDir, 'events', 'message.json'), 'utf8');
      await d.aws(['sns', 'publish', '--topic-arn', d.output('topic_arn'), '--message', message]);
      return 'published';
    }),
  ],
  s3: [
    {
      name: 'an upload under uploads/ reaches the function, one outside it does not',
      run: async (d) => {
        const bucket = d.output('bucket_name');
        const file = join(d.fnDir, 'events', 'hello.txt');
        const before = await d.logs();
        await d.aws(['s3', 'cp', file, `s3://${bucket}/elsewhere/hello.txt`]);
        await d.aws(['s3', 'cp', file, `s3://${bucket}/uploads/hello.txt`]);
        await invokedAfter(d, before, 'the upload');
        // the one outside the prefix was sent first: had it been delivered, it would be counted too
        await new Promise((r) => setTimeout(r, 3_000));
        const since = (await d.logs()).slice(before.length);
        expect(invocations(since), 'invocations for two uploads, one under uploads/').toBe(1);
        return 'uploads/hello.txt invoked it once and was read without an error; elsewhere/hello.txt did not';
      },
    },
  ],
  schedule: [
    fired("the rule's target runs the function (the sample scheduled event, sent asynchronously)", async (d) => {
      const rule = (await d.aws(['events', 'describe-rule', '--name', d.output('schedule_rule_name')])) as { State: string };
      expect(rule.State).toBe('ENABLED');
      const targets = (await d.aws(['events', 'list-targets-by-rule', '--rule', d.output('schedule_rule_name')])) as {
        Targets: { Arn: string }[];
      };
      expect(targets.Targets.map((t) => t.Arn.split(':').pop())).toContain(d.functionName);
      await d.aws([
        'lambda',
        'invoke',
        '--function-name',
        d.functionName,
        '--invocation-type',
        'Event',
        '--payload',
        `file://${join(d.fnDir, 'events', 'scheduled.json')}`,
        '/dev/null',
      ]);
      return 'rule enabled, targets the function; invoked as EventBridge does';
    }),
  ],
  'dynamodb-stream': [
    fired("an item written to the table reaches the function through the table's stream", async (d) => {
      await d.aws([
        'dynamodb',
        'put-item',
        '--table-name',
        d.output('table_name'),
        '--item',
        JSON.stringify({ orderId: { S: 'order-1001' }, sku: { S: 'RUST-BOOK' }, quantity: { N: '1' } }),
      ]);
      return 'put-item';
    }),
  ],
  kinesis: [
    fired('a record put on the stream reaches the function', async (d) => {
      await d.aws([
        'kinesis',
        'put-record',
        '--stream-name',
        d.output('stream_name'),
        '--partition-key',
        'order-1001',
        // the AWS CLI (v1 here) sends the text as the record's bytes
        '--data',
        readFileSync(join(d.fnDir, 'events', 'message.json'), 'utf8'),
      ]);
      return 'put-record';
    }),
  ],
  event: [],
  extension: [
    {
      name: 'the layer attached to the demo function, which answers',
      run: async (d) => {
        const layer = d.output('layer_arn');
        const demo = d.output('demo_function_name');
        const config = (await d.aws(['lambda', 'get-function-configuration', '--function-name', demo])) as { Layers?: { Arn: string }[] };
        expect(config.Layers?.map((l) => l.Arn)).toContain(layer);
        const answer = (await d.aws(['lambda', 'invoke', '--function-name', demo, '--payload', '{}', '/dev/null'])) as {
          FunctionError?: string;
        };
        expect(answer.FunctionError, 'the demo function failed').toBeUndefined();
        return `${demo} has ${layer.split(':').slice(-2).join(':')} and answers`;
      },
    },
    {
      name: 'the extension runs beside the demo function',
      gap: everyFlavor(
        'MiniStack 1.5.33 runs no Lambda extensions (its local executor has no Extensions API); the extension registering, ' +
          'seeing the INVOKE and stopping on SHUTDOWN is checked against our Extensions API in the release-binary checks',
      ),
      run: async () => '',
    },
  ],
};

function everyFlavor(reason: string): Record<FlavorId, string> {
  return { sam: reason, cdk: reason, terraform: reason, none: reason };
}
