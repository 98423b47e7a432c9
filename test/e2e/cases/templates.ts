// Per template: how to generate it, its variants, and its events with the expected answers.
// The e2e suite replays every case twice: through `cargo lambda watch` + `cargo lambda invoke`
// (the developer's loop, debug build) and against the release binary of every architecture
// (arm64 under qemu). Adding a template is an entry here.
import { expect } from 'vitest';

export type TemplateId = 'http' | 'dynamodb' | 'sqs' | 'extension' | 's3' | 'event';

/** What an API Gateway (HTTP API, payload v2) response must be: a status and a JSON body. */
export type HttpAnswer =
  | { status: number; body: unknown }
  /** the body is the JSON request body of events/<file> */
  | { status: number; requestBodyOf: string };

export interface InvokeCase {
  /** matrix check name */
  name: string;
  /** events/<file> of the generated project */
  event: string;
  /** the event changed before it is sent */
  edit?: (event: Record<string, unknown>) => Record<string, unknown>;
  /** the expected API Gateway response, or a function of the event that returns the expected raw answer */
  expect: HttpAnswer | ((event: Record<string, unknown>) => unknown);
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
          const bad = records.filter((r) => {
            try {
              JSON.parse(r.body);
              return false;
            } catch {
              return true;
            }
          });
          if (bad.length !== 1 || records.length < 2) throw new Error('the sample batch must hold exactly one bad record among good ones');
          return { batchItemFailures: bad.map((r) => ({ itemIdentifier: r.messageId })) };
        },
      },
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

/** The bucket and key of an S3 event's first record. */
function s3Record(event: Record<string, unknown>): { bucket: string; key: string } {
  const record = (event as { Records: { s3: { bucket: { name: string }; object: { key: string } } }[] }).Records[0];
  if (!record) throw new Error('the sample S3 event has no record');
  return { bucket: record.s3.bucket.name, key: record.s3.object.key };
}

export function templateCase(id: string): TemplateCase {
  const found = TEMPLATES.find((t) => t.id === id);
  if (!found) throw new Error(`no e2e case for template ${id}`);
  return found;
}
