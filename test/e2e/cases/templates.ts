// Per template: how to generate it, its variants, and its events with the expected answers.
// The e2e suite replays every case twice: through `cargo lambda watch` + `cargo lambda invoke`
// (the developer's loop, debug build) and against the release binary of every architecture
// (arm64 under qemu). Adding a template is an entry here.
import { expect } from 'vitest';
import { parsesAsJson } from '../../harness/json.js';

/** The built-in templates, as a type (test/unit/e2e-cases.test.ts holds this list, and TEMPLATES, to the catalog). */
export const TEMPLATE_IDS = [
  'http',
  'dynamodb',
  'sqs',
  'extension',
  'stream',
  'rest',
  'alb',
  'websocket',
  'dynamodb-stream',
  'kinesis',
  'schedule',
  'sns',
  's3',
  'event',
] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** What an API Gateway (HTTP API, payload v2) response must be: a status and a JSON body. */
export type HttpAnswer =
  | { status: number; body: unknown }
  /** the body is the JSON request body of events/<file> */
  | { status: number; requestBodyOf: string };

/**
 * What a streaming function URL (InvokeMode RESPONSE_STREAM) answers: the case's event is sent as
 * an HTTP request to the emulator's `/lambda-url/<function>/` (method, rawPath, rawQueryString and
 * body of the event) and read as it arrives. `minChunks`: the body must come in at least that many
 * reads, so it was streamed, not buffered.
 */
export interface StreamAnswer {
  stream: { status: number; contentType: string; body: string; minChunks?: number };
}
/** An Application Load Balancer answer also carries its status line, e.g. `200 OK`. */
export type AnswerExtras = { statusDescription?: string };

/** A failed invocation: the function's error message contains this text. */
export interface FunctionError {
  error: string;
}

/** Whether a case expects the invocation to fail. */
export const expectsError = (c: InvokeCase): c is InvokeCase & { expect: FunctionError } =>
  typeof c.expect === 'object' && 'error' in c.expect;

export interface InvokeCase {
  /** matrix check name */
  name: string;
  /** events/<file> of the generated project */
  event: string;
  /** the event changed before it is sent */
  edit?: (event: Record<string, unknown>) => Record<string, unknown>;
  /**
   * the expected API Gateway (or load balancer) response, a streamed answer, a function of the event
   * that returns the expected raw answer, or `{ error }`: the invocation must fail (a function
   * error) with a message that contains `error`
   */
  expect: (HttpAnswer & AnswerExtras) | StreamAnswer | ((event: Record<string, unknown>) => unknown) | FunctionError;
  /** stop the local services first: the function must answer with its generic error (keep such cases last) */
  servicesDown?: boolean;
}

export interface StartupCase {
  name: string;
  /** environment changes from the normal run (undefined removes a variable) */
  env: Record<string, string | undefined>;
  /** the process must exit non-zero, saying this */
  output: RegExp;
}

export interface ExtensionCase {
  name: string;
  /** events/<file>: the INVOKE event the extension receives */
  event: string;
  /** the extension's log line for that INVOKE, given its request id */
  invokeLog: (requestId: string) => RegExp;
  /** after SHUTDOWN it flushes, logs this and exits 0 within Lambda's 2 s */
  shutdownLog: RegExp;
  /** the generated function that runs beside it under `cargo lambda watch` */
  companion: TemplateId;
  companionEvent: string;
}

export interface TemplateCase {
  id: TemplateId;
  kind: 'function' | 'extension';
  /**
   * How CI checks it: `own`, in projects of its own (rows of the covering design, a workspace per
   * arch); `triggers`, as a function of the triggers project (cases/lifecycle.ts), one workspace
   * compiled once per arch for all of them. The full run checks every template on its own too.
   */
  ci: 'own' | 'triggers';
  /** more generated variants that get the host checks only (fmt, clippy, test) */
  variants: { label: string; args: string[] }[];
  /** a local DynamoDB table the function uses, named by this environment variable */
  /** the table a function of this template uses: `<function>-items` in the variable `env` */
  table?: { env: string };
  /** the bucket a function of this template reads: `<function>-uploads`, holding these files of its events/ first */
  bucket?: { objects: { key: string; file: string; contentType: string }[] };
  invokes: InvokeCase[];
  startup: StartupCase[];
  extension?: ExtensionCase;
}

const json = { status: 200 } as const;

export const TEMPLATES: TemplateCase[] = [
  {
    id: 'http',
    kind: 'function',
    ci: 'own',
    variants: [],
    invokes: [
      { name: 'hello.json → 200', event: 'hello.json', expect: { ...json, body: { message: 'Hello, Ferris!' } } },
      { name: 'echo.json → 200 echo', event: 'echo.json', expect: { ...json, requestBodyOf: 'echo.json' } },
      { name: 'bad-json.json → 400', event: 'bad-json.json', expect: { status: 400, body: { error: expect.any(String) } } },
      { name: 'not-found.json → 404', event: 'not-found.json', expect: { status: 404, body: { error: 'not found' } } },
    ],
    startup: [],
  },
  {
    id: 'dynamodb',
    kind: 'function',
    ci: 'own',
    variants: [],
    // the table is <function>-items, as the function's Cargo.toml names it for cargo lambda watch
    table: { env: 'TABLE_NAME' },
    invokes: [
      { name: 'get-missing.json → 404', event: 'get-missing.json', expect: { status: 404, body: { error: 'item not found' } } },
      { name: 'put-item.json → 201', event: 'put-item.json', expect: { status: 201, requestBodyOf: 'put-item.json' } },
      { name: 'get-item.json → 200', event: 'get-item.json', expect: { ...json, requestBodyOf: 'put-item.json' } },
      // the same id again: a conditional write, so the first item stays
      { name: 'put-existing.json → 409', event: 'put-existing.json', expect: { status: 409, body: { error: 'item already exists' } } },
      {
        name: 'get-item.json after the conflict → 200, the first item',
        event: 'get-item.json',
        expect: { ...json, requestBodyOf: 'put-item.json' },
      },
      {
        name: 'invalid item → 400',
        event: 'put-item.json',
        edit: (event) => ({ ...event, body: JSON.stringify({ id: '', name: 'no id', quantity: 1 }) }),
        expect: { status: 400, body: { error: expect.any(String) } },
      },
      {
        // over DynamoDB's 400 KB item limit: refused before the write, never a 500
        name: 'oversized item → 413',
        event: 'put-item.json',
        edit: (event) => ({
          ...event,
          body: JSON.stringify({ id: 'big-item', name: 'too big', description: 'x'.repeat(400 * 1024), quantity: 1 }),
        }),
        expect: { status: 413, body: { error: expect.any(String) } },
      },
      {
        name: 'DynamoDB down → generic 500',
        event: 'get-item.json',
        servicesDown: true,
        expect: { status: 500, body: { error: 'internal server error' } },
      },
    ],
    startup: [{ name: 'missing TABLE_NAME fails at startup', env: { TABLE_NAME: undefined }, output: /TABLE_NAME/ }],
  },
  {
    id: 'sqs',
    kind: 'function',
    ci: 'own',
    variants: [],
    invokes: [
      {
        name: 'batch.json → only the bad record fails',
        event: 'batch.json',
        expect: (event) => {
          const records = (event as { Records: { messageId: string; body: string }[] }).Records;
          const bad = records.filter((r) => !parsesAsJson(r.body));
          if (bad.length !== 1 || records.length < 2) throw new Error('the sample batch must hold exactly one bad record among good ones');
          return { batchItemFailures: bad.map((r) => ({ itemIdentifier: r.messageId })) };
        },
      },
    ],
    startup: [],
  },
  {
    id: 'stream',
    kind: 'function',
    ci: 'triggers',
    variants: [{ label: 'stream (auth NONE)', args: ['--var', 'auth=NONE'] }],
    invokes: [
      {
        name: 'stream.json → 200, 5 lines streamed',
        event: 'stream.json',
        expect: {
          stream: {
            status: 200,
            contentType: 'text/plain; charset=utf-8',
            body: [1, 2, 3, 4, 5].map((i) => `chunk ${i} of 5\n`).join(''),
            minChunks: 2,
          },
        },
      },
      {
        name: 'bad-count.json → 400',
        event: 'bad-count.json',
        expect: {
          stream: { status: 400, contentType: 'application/json', body: '{"error":"count must be a whole number from 1 to 20"}' },
        },
      },
    ],
    startup: [],
  },
  {
    id: 'rest',
    kind: 'function',
    ci: 'triggers',
    variants: [],
    invokes: [
      { name: 'hello.json → 200', event: 'hello.json', expect: { ...json, body: { message: 'Hello, Ferris!' } } },
      { name: 'echo.json → 200 echo', event: 'echo.json', expect: { ...json, requestBodyOf: 'echo.json' } },
      { name: 'bad-json.json → 400', event: 'bad-json.json', expect: { status: 400, body: { error: expect.any(String) } } },
      { name: 'not-found.json → 404', event: 'not-found.json', expect: { status: 404, body: { error: 'not found' } } },
    ],
    startup: [],
  },
  {
    id: 'extension',
    kind: 'extension',
    ci: 'own',
    variants: [
      { label: 'extension (logs)', args: ['--extension-api', 'logs'] },
      { label: 'extension (telemetry)', args: ['--extension-api', 'telemetry'] },
    ],
    invokes: [],
    startup: [],
    extension: {
      name: 'INVOKE then SHUTDOWN through the Extensions API',
      event: 'invoke.json',
      invokeLog: (requestId) => new RegExp(`\\binvoke\\b.*${requestId}`),
      shutdownLog: /shutdown.*spindown|spindown.*shutdown/i,
      companion: 'http',
      companionEvent: 'hello.json',
    },
  },
  {
    id: 'alb',
    kind: 'function',
    ci: 'triggers',
    variants: [],
    invokes: [
      {
        name: 'hello.json → 200 OK',
        event: 'hello.json',
        expect: { ...json, statusDescription: '200 OK', body: { message: 'Hello, Ferris!' } },
      },
      { name: 'echo.json → 200 echo', event: 'echo.json', expect: { ...json, statusDescription: '200 OK', requestBodyOf: 'echo.json' } },
      {
        name: 'bad-json.json → 400 Bad Request',
        event: 'bad-json.json',
        expect: { status: 400, statusDescription: '400 Bad Request', body: { error: expect.any(String) } },
      },
      {
        name: 'not-found.json → 404 Not Found',
        event: 'not-found.json',
        expect: { status: 404, statusDescription: '404 Not Found', body: { error: 'not found' } },
      },
    ],
    startup: [],
  },
  {
    id: 'websocket',
    kind: 'function',
    ci: 'triggers',
    variants: [],
    // the answers are API Gateway proxy responses; on $default the body is what the caller receives
    invokes: [
      { name: 'connect.json → 200', event: 'connect.json', expect: { ...json, body: { message: 'connected' } } },
      {
        name: 'message.json → 200, the message answered',
        event: 'message.json',
        expect: { ...json, body: { received: { action: 'hello', name: 'Ferris' } } },
      },
      { name: 'bad-message.json → 400', event: 'bad-message.json', expect: { status: 400, body: { error: expect.any(String) } } },
      { name: 'disconnect.json → 200', event: 'disconnect.json', expect: { ...json, body: { message: 'disconnected' } } },
    ],
    startup: [],
  },
  {
    id: 'dynamodb-stream',
    kind: 'function',
    ci: 'triggers',
    variants: [],
    invokes: [
      { name: 'insert.json → no failure', event: 'insert.json', expect: () => ({ batchItemFailures: [] }) },
      { name: 'modify.json → no failure', event: 'modify.json', expect: () => ({ batchItemFailures: [] }) },
      { name: 'remove.json → no failure', event: 'remove.json', expect: () => ({ batchItemFailures: [] }) },
      {
        name: 'batch.json → the bad record fails, and the batch stops there',
        event: 'batch.json',
        expect: (event) => {
          type Image = Record<string, Record<string, string>>;
          const records = (event as { Records: { eventName: string; dynamodb: { SequenceNumber: string; NewImage?: Image } }[] }).Records;
          // the bad record: an image whose quantity is not a number
          const bad = records.findIndex((r) => r.dynamodb.NewImage !== undefined && r.dynamodb.NewImage.quantity?.N === undefined);
          if (bad < 1 || bad >= records.length - 1) throw new Error('the sample batch must hold one bad record between good ones');
          return { batchItemFailures: [{ itemIdentifier: records[bad]?.dynamodb.SequenceNumber }] };
        },
      },
    ],
    startup: [],
  },
  {
    id: 'kinesis',
    kind: 'function',
    ci: 'triggers',
    variants: [],
    invokes: [
      { name: 'batch.json → no failure', event: 'batch.json', expect: () => ({ batchItemFailures: [] }) },
      {
        name: 'batch-with-bad-record.json → the bad record fails, and the batch stops there',
        event: 'batch-with-bad-record.json',
        expect: (event) => {
          const records = (event as { Records: { kinesis: { sequenceNumber: string; data: string } }[] }).Records;
          const bad = records.findIndex((r) => {
            try {
              JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8'));
              return false;
            } catch {
              return true;
            }
          });
          if (bad < 1 || bad >= records.length - 1) throw new Error('the sample batch must hold one bad record between good ones');
          return { batchItemFailures: [{ itemIdentifier: records[bad]?.kinesis.sequenceNumber }] };
        },
      },
    ],
    startup: [],
  },
  {
    id: 'schedule',
    kind: 'function',
    ci: 'triggers',
    variants: [],
    invokes: [
      {
        name: 'scheduled.json → the run summary',
        event: 'scheduled.json',
        expect: (event) => {
          const e = event as { id: string; time: string; resources: string[] };
          return { rule: e.resources[0]?.split('/').at(-1), scheduledTime: e.time, eventId: e.id };
        },
      },
      {
        name: 'not a scheduled event → function error',
        event: 'scheduled.json',
        edit: (event) => ({ ...event, source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }),
        expect: { error: 'not a scheduled event' },
      },
    ],
    startup: [],
  },
  {
    id: 'sns',
    kind: 'function',
    ci: 'triggers',
    variants: [],
    invokes: [
      {
        name: 'notification.json → processed',
        event: 'notification.json',
        expect: (event) => {
          const records = (event as { Records: { Sns: { MessageId: string } }[] }).Records;
          return { processed: records.map((r) => r.Sns.MessageId) };
        },
      },
      {
        name: 'bad-notification.json → function error naming the message',
        event: 'bad-notification.json',
        expect: { error: '1 of 1 records failed; c3d4e5f6-ee98-5cb9-9903-4c221d41eb5f: message is not a valid order' },
      },
    ],
    startup: [],
  },
  {
    id: 's3',
    kind: 'function',
    ci: 'triggers',
    variants: [],
    // the bucket is <function>-uploads, as the sample events name it; the README puts the same object there
    bucket: { objects: [{ key: 'uploads/hello.txt', file: 'hello.txt', contentType: 'text/plain' }] },
    invokes: [
      {
        name: 'object-created.json → bytes, lines and content type of the object',
        event: 'object-created.json',
        expect: (event) => ({
          objects: [{ bucket: s3Record(event).bucket, key: 'uploads/hello.txt', bytes: 12, lines: 2, contentType: 'text/plain' }],
        }),
      },
      {
        name: 'object-missing.json → reported, not retried',
        event: 'object-missing.json',
        expect: (event) => ({ objects: [{ bucket: s3Record(event).bucket, key: 'uploads/missing.txt', error: 'object not found' }] }),
      },
    ],
    startup: [],
  },
  {
    id: 'event',
    kind: 'function',
    ci: 'triggers',
    // three more event types than the default (s3.S3Event): each generated and checked on the host
    // (a label is also the project's name: at most 37 characters once made one)
    variants: [
      { label: 'event (sqs.SqsEvent)', args: ['--var', 'eventType=sqs.SqsEvent'] },
      { label: 'event (cloudwatch_events)', args: ['--var', 'eventType=cloudwatch_events.CloudWatchEvent'] },
      { label: 'event (apigw proxy)', args: ['--var', 'eventType=apigw.ApiGatewayProxyRequest'] },
    ],
    invokes: [{ name: 'example-s3-event.json → null', event: 'example-s3-event.json', expect: () => null }],
    startup: [],
  },
];

export function templateCase(id: string): TemplateCase {
  const found = TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`no e2e case for template ${id}`);
  return found;
}

/** The bucket and key of an S3 event's first record. */
function s3Record(event: Record<string, unknown>): { bucket: string; key: string } {
  const record = (event as { Records: { s3: { bucket: { name: string }; object: { key: string } } }[] }).Records[0];
  if (!record) throw new Error('the sample S3 event has no record');
  return { bucket: record.s3.bucket.name, key: record.s3.object.key };
}
