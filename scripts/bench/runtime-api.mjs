// A local AWS Lambda Runtime API and Extensions API: a small Node HTTP server speaking the
// documented protocol, so a `bootstrap` (function) or an extension binary runs exactly as it does
// in Lambda, with the benchmark in control of every event and every clock.
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
import { createServer } from 'node:http';

const now = () => process.hrtime.bigint();
const ms = (from, to) => Number(to - from) / 1e6;

export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:bench';

export class LocalLambdaApi {
  constructor({ functionName = 'bench', timeoutMs = 10_000 } = {}) {
    this.functionName = functionName;
    this.timeoutMs = timeoutMs;
    this.reset();
    this.server = createServer((req, res) => this.#route(req, res));
    this.server.keepAliveTimeout = 600_000;
    this.server.headersTimeout = 0;
    this.server.requestTimeout = 0;
  }

  /** Forget the previous process: a fresh execution environment. */
  reset() {
    this.firstNextAt = null; // hrtime of the first GET …/next (runtime) or …/event/next (extension)
    this.firstNextWaiters = [];
    this.pendingNext = null; // the parked GET …/next response
    this.queue = []; // events waiting for a GET …/next
    this.inflight = new Map(); // request id -> { deliveredAt, resolve, reject }
    this.errors = [];
    this.extension = null; // { id, events, pendingNext, queue, waitingNext }
  }

  async listen() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address();
    /** AWS_LAMBDA_RUNTIME_API: host:port, no scheme (as Lambda sets it). */
    this.address = `127.0.0.1:${port}`;
    return this;
  }

  close() {
    this.server.closeAllConnections?.();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Resolves with the hrtime of the first request for the next event. */
  firstNext() {
    if (this.firstNextAt !== null) return Promise.resolve(this.firstNextAt);
    return new Promise((resolve) => this.firstNextWaiters.push(resolve));
  }

  #markNext() {
    if (this.firstNextAt !== null) return;
    this.firstNextAt = now();
    for (const w of this.firstNextWaiters.splice(0)) w(this.firstNextAt);
  }

  /**
   * Delivers one event to the function and resolves, when the function posts its answer, with
   * { latencyMs, status: 'response' | 'error', body }. Latency runs from the moment the event is
   * written to the waiting GET …/next to the moment the full answer has arrived.
   */
  invoke(payload) {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const entry = { id, body: JSON.stringify(payload), resolve, reject, deliveredAt: null };
      this.inflight.set(id, entry);
      this.queue.push(entry);
      this.#pump();
    });
  }

  #pump() {
    if (!this.pendingNext || this.queue.length === 0) return;
    const res = this.pendingNext;
    this.pendingNext = null;
    const entry = this.queue.shift();
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

  /** Extensions: delivers INVOKE (or SHUTDOWN) and resolves when the extension asks for the next event. */
  extensionEvent(event) {
    const ext = this.extension;
    if (!ext) return Promise.reject(new Error('no extension registered'));
    return new Promise((resolve) => {
      ext.queue.push({ event, resolve });
      this.#pumpExtension();
    });
  }

  #pumpExtension() {
    const ext = this.extension;
    if (!ext || !ext.pendingNext || ext.queue.length === 0) return;
    const res = ext.pendingNext;
    ext.pendingNext = null;
    const item = ext.queue.shift();
    const body = JSON.stringify(item.event);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'lambda-extension-event-identifier': randomUUID() });
    const deliveredAt = now();
    res.end(body);
    // done when the extension comes back for the next event (it has handled this one)
    ext.waitingNext = (at) => item.resolve({ latencyMs: ms(deliveredAt, at), status: 'response' });
  }

  #route(req, res) {
    const arrived = now();
    const url = new URL(req.url, 'http://local');
    const path = url.pathname;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const received = now();
      const body = Buffer.concat(chunks).toString('utf8');
      const send = (status, payload = {}, headers = {}) => {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
        res.end(text);
      };
      let m;
      if (req.method === 'GET' && path === '/2018-06-01/runtime/invocation/next') {
        this.#markNext();
        if (this.pendingNext) return send(400, { errorMessage: 'a GET next is already waiting', errorType: 'InvalidRequest' });
        this.pendingNext = res;
        return this.#pump();
      }
      if (req.method === 'POST' && (m = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path))) {
        const entry = this.inflight.get(decodeURIComponent(m[1]));
        if (!entry) return send(400, { errorMessage: `unknown request id ${m[1]}`, errorType: 'InvalidRequestID' });
        this.inflight.delete(entry.id);
        send(202, { status: 'OK' });
        if (m[2] === 'error') this.errors.push({ id: entry.id, body });
        return entry.resolve({ latencyMs: ms(entry.deliveredAt, received), status: m[2], body });
      }
      if (req.method === 'POST' && path === '/2018-06-01/runtime/init/error') {
        this.errors.push({ init: true, body });
        send(202, { status: 'OK' });
        for (const entry of this.inflight.values()) entry.reject(new Error(`init error: ${body}`));
        return;
      }
      if (req.method === 'POST' && path === '/2020-01-01/extension/register') {
        const id = randomUUID();
        let events = [];
        try {
          events = JSON.parse(body || '{}').events ?? [];
        } catch {
          return send(400, { errorMessage: 'register body is not JSON', errorType: 'InvalidRequest' });
        }
        this.extension = { id, name: req.headers['lambda-extension-name'], events, pendingNext: null, queue: [], waitingNext: null };
        return send(200, { functionName: this.functionName, functionVersion: '$LATEST', handler: 'bootstrap' }, { 'lambda-extension-identifier': id });
      }
      if (req.method === 'GET' && path === '/2020-01-01/extension/event/next') {
        const ext = this.extension;
        if (!ext || req.headers['lambda-extension-identifier'] !== ext.id) {
          return send(403, { errorMessage: 'unknown extension identifier', errorType: 'Extension.InvalidExtensionIdentifier' });
        }
        this.#markNext();
        const done = ext.waitingNext;
        ext.waitingNext = null;
        ext.pendingNext = res;
        done?.(arrived);
        return this.#pumpExtension();
      }
      if (req.method === 'POST' && /^\/2020-01-01\/extension\/(init|exit)\/error$/.test(path)) {
        this.errors.push({ extension: true, body, type: req.headers['lambda-extension-function-error-type'] });
        return send(202, { status: 'OK' });
      }
      if (req.method === 'PUT' && (path === '/2020-08-15/logs' || path === '/2022-07-01/telemetry')) {
        return send(200, {});
      }
      send(404, { errorMessage: `no route ${req.method} ${path}`, errorType: 'NotFound' });
    });
  }
}

/** The environment Lambda gives a function or extension process. */
export function lambdaEnv(api, { functionName = 'bench', memoryMb = 128, extra = {} } = {}) {
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
