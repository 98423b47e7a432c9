// A local AWS Lambda Runtime API and Extensions API: a small Node HTTP server speaking the
// documented protocol, so a `bootstrap` (function) or an extension binary runs as it does in
// Lambda, with the caller in control of every event and every clock.
//
// Runtime API (2018-06-01):
//   GET  /2018-06-01/runtime/invocation/next          long-polls; answers with the event and the
//        Lambda-Runtime-Aws-Request-Id, -Deadline-Ms, -Invoked-Function-Arn, -Trace-Id headers
//   POST /2018-06-01/runtime/invocation/{id}/response  202
//   POST /2018-06-01/runtime/invocation/{id}/error     202
//   POST /2018-06-01/runtime/init/error                202
// Extensions API (2020-01-01):
//   POST /2020-01-01/extension/register   200, Lambda-Extension-Identifier header
//   GET  /2020-01-01/extension/event/next long-polls; INVOKE and SHUTDOWN events
//   POST /2020-01-01/extension/init/error and /exit/error
// Logs (2020-08-15) and Telemetry (2022-07-01) subscriptions are accepted and never fed.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const now = () => process.hrtime.bigint();
const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;

export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:bench';

export interface Answer {
  /** from writing the event to the waiting GET …/next to the complete answer */
  latencyMs: number;
  status: 'response' | 'error';
  body?: string;
}

export type ExtensionEvent =
  | { eventType: 'INVOKE'; requestId: string; deadlineMs: number; invokedFunctionArn: string; tracing?: { type: string; value: string } }
  | { eventType: 'SHUTDOWN'; shutdownReason: string; deadlineMs: number };

interface Pending {
  id: string;
  body: string;
  deliveredAt: bigint | null;
  resolve(answer: Answer): void;
  reject(err: Error): void;
}

interface Extension {
  id: string;
  name: string | undefined;
  events: string[];
  pendingNext: ServerResponse | null;
  queue: { event: ExtensionEvent; resolve(answer: Answer): void }[];
  waitingNext: ((at: bigint) => void) | null;
}

export interface RecordedError {
  id?: string;
  init?: boolean;
  extension?: boolean;
  type?: string | string[];
  body: string;
}

export class LocalLambdaApi {
  readonly functionName: string;
  readonly timeoutMs: number;
  /** AWS_LAMBDA_RUNTIME_API: host:port, no scheme (as Lambda sets it); set by listen() */
  address = '';
  errors: RecordedError[] = [];
  private readonly server: Server;
  private firstNextAt: bigint | null = null;
  private firstNextWaiters: ((at: bigint) => void)[] = [];
  private pendingNext: ServerResponse | null = null;
  private queue: Pending[] = [];
  private inflight = new Map<string, Pending>();
  private extension: Extension | null = null;

  constructor({ functionName = 'bench', timeoutMs = 10_000 }: { functionName?: string; timeoutMs?: number } = {}) {
    this.functionName = functionName;
    this.timeoutMs = timeoutMs;
    this.server = createServer((req, res) => this.route(req, res));
    this.server.keepAliveTimeout = 600_000;
    this.server.headersTimeout = 0;
    this.server.requestTimeout = 0;
  }

  /** Forget the previous process: a fresh execution environment. */
  reset(): void {
    this.firstNextAt = null;
    this.firstNextWaiters = [];
    this.pendingNext = null;
    this.queue = [];
    this.inflight = new Map();
    this.errors = [];
    this.extension = null;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.address = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves with the hrtime of the first request for the next event (runtime or extension). */
  firstNext(): Promise<bigint> {
    if (this.firstNextAt !== null) return Promise.resolve(this.firstNextAt);
    return new Promise((resolve) => this.firstNextWaiters.push(resolve));
  }

  private markNext(): void {
    if (this.firstNextAt !== null) return;
    const at = now();
    this.firstNextAt = at;
    for (const waiter of this.firstNextWaiters.splice(0)) waiter(at);
  }

  /** Delivers one event to the function; resolves when the function has posted its answer. */
  invoke(payload: unknown): Promise<Answer> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const entry: Pending = { id, body: JSON.stringify(payload), resolve, reject, deliveredAt: null };
      this.inflight.set(id, entry);
      this.queue.push(entry);
      this.pump();
    });
  }

  private pump(): void {
    const res = this.pendingNext;
    const entry = this.queue[0];
    if (!res || !entry) return;
    this.pendingNext = null;
    this.queue.shift();
    const deadline = Date.now() + this.timeoutMs;
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': entry.id,
      'lambda-runtime-deadline-ms': String(deadline),
      'lambda-runtime-invoked-function-arn': FUNCTION_ARN,
      'lambda-runtime-trace-id': `Root=1-${Math.floor(deadline / 1000).toString(16)}-${entry.id.replaceAll('-', '').slice(0, 24)};Parent=${entry.id.slice(0, 16).replaceAll('-', '0')};Sampled=0`,
      'content-length': Buffer.byteLength(entry.body),
    });
    entry.deliveredAt = now();
    res.end(entry.body);
  }

  /** Extensions: delivers INVOKE (or SHUTDOWN); resolves when the extension asks for the next event. */
  extensionEvent(event: ExtensionEvent): Promise<Answer> {
    const ext = this.extension;
    if (!ext) return Promise.reject(new Error('no extension registered'));
    return new Promise((resolve) => {
      ext.queue.push({ event, resolve });
      this.pumpExtension();
    });
  }

  /** Whether an extension has registered since the last reset. */
  get extensionRegistered(): boolean {
    return this.extension !== null;
  }

  private pumpExtension(): void {
    const ext = this.extension;
    const res = ext?.pendingNext;
    const item = ext?.queue[0];
    if (!ext || !res || !item) return;
    ext.pendingNext = null;
    ext.queue.shift();
    const body = JSON.stringify(item.event);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'lambda-extension-event-identifier': randomUUID(),
    });
    const deliveredAt = now();
    res.end(body);
    // done when the extension comes back for the next event (it has handled this one)
    ext.waitingNext = (at) => item.resolve({ latencyMs: ms(deliveredAt, at), status: 'response' });
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const arrived = now();
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = now();
      const body = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, payload: object = {}, headers: Record<string, string> = {}) => {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
        res.end(text);
      };
      let m: RegExpExecArray | null;
      if (req.method === 'GET' && path === '/2018-06-01/runtime/invocation/next') {
        this.markNext();
        if (this.pendingNext) return send(400, { errorMessage: 'a GET next is already waiting', errorType: 'InvalidRequest' });
        this.pendingNext = res;
        return this.pump();
      }
      if (req.method === 'POST' && (m = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path))) {
        const [, rawId = '', kind] = m;
        const entry = this.inflight.get(decodeURIComponent(rawId));
        if (!entry) return send(400, { errorMessage: `unknown request id ${rawId}`, errorType: 'InvalidRequestID' });
        this.inflight.delete(entry.id);
        send(202, { status: 'OK' });
        if (kind === 'error') this.errors.push({ id: entry.id, body });
        return entry.resolve({
          latencyMs: ms(entry.deliveredAt ?? received, received),
          status: kind === 'error' ? 'error' : 'response',
          body,
        });
      }
      if (req.method === 'POST' && path === '/2018-06-01/runtime/init/error') {
        this.errors.push({ init: true, body });
        send(202, { status: 'OK' });
        for (const entry of this.inflight.values()) entry.reject(new Error(`init error: ${body}`));
        return;
      }
      if (req.method === 'POST' && path === '/2020-01-01/extension/register') {
        let events: string[];
        try {
          events = (JSON.parse(body || '{}') as { events?: string[] }).events ?? [];
        } catch {
          return send(400, { errorMessage: 'register body is not JSON', errorType: 'InvalidRequest' });
        }
        const id = randomUUID();
        const name = req.headers['lambda-extension-name'];
        this.extension = { id, name: Array.isArray(name) ? name[0] : name, events, pendingNext: null, queue: [], waitingNext: null };
        return send(
          200,
          { functionName: this.functionName, functionVersion: '$LATEST', handler: 'bootstrap' },
          { 'lambda-extension-identifier': id },
        );
      }
      if (req.method === 'GET' && path === '/2020-01-01/extension/event/next') {
        const ext = this.extension;
        if (!ext || req.headers['lambda-extension-identifier'] !== ext.id) {
          return send(403, { errorMessage: 'unknown extension identifier', errorType: 'Extension.InvalidExtensionIdentifier' });
        }
        this.markNext();
        const done = ext.waitingNext;
        ext.waitingNext = null;
        ext.pendingNext = res;
        done?.(arrived);
        return this.pumpExtension();
      }
      if (req.method === 'POST' && /^\/2020-01-01\/extension\/(init|exit)\/error$/.test(path)) {
        this.errors.push({ extension: true, body, type: req.headers['lambda-extension-function-error-type'] });
        return send(202, { status: 'OK' });
      }
      if (req.method === 'PUT' && (path === '/2020-08-15/logs' || path === '/2022-07-01/telemetry')) return send(200, {});
      send(404, { errorMessage: `no route ${req.method} ${path}`, errorType: 'NotFound' });
    });
  }
}

/** The environment Lambda gives a function or extension process, and nothing else. */
export function lambdaEnv(
  api: LocalLambdaApi,
  {
    functionName = 'bench',
    memoryMb = 128,
    extra = {},
  }: { functionName?: string; memoryMb?: number; extra?: Record<string, string | undefined> } = {},
): Record<string, string | undefined> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_LAMBDA_RUNTIME_API: api.address,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]00000000000000000000000000000000',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_provided.al2023',
    _HANDLER: 'bootstrap',
    ...extra,
  };
}
