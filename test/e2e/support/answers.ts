// Replaying a template's cases: the event file each case sends, and the judgement of the answer
// against the case's expectation (the same for the watched debug build and the release binaries).
// `fnDir` is the function's crate folder (functions/<name>), whose events/ the cases read.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';
import { type AnswerExtras, expectsError, type HttpAnswer, type InvokeCase, type StreamAnswer } from '../cases/templates.js';
import { type Emulator, invoke } from './lambda-local.js';

const readEvent = (fnDir: string, file: string) => JSON.parse(readFileSync(join(fnDir, 'events', file), 'utf8')) as Record<string, unknown>;

/** The event a case sends, as it is sent. */
export function caseEvent(fnDir: string, c: InvokeCase): Record<string, unknown> {
  const event = readEvent(fnDir, c.event);
  return c.edit ? c.edit(event) : event;
}

/**
 * A data file for `cargo lambda invoke --data-file`: the function's own file, or the edited event
 * written at the project's root (outside the crate, which must stay as generated).
 */
export function caseDataFile(fnDir: string, c: InvokeCase): string {
  if (!c.edit) return join(fnDir, 'events', c.event);
  const file = join(dirname(dirname(fnDir)), `e2e-${basename(fnDir)}-${c.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`);
  writeFileSync(file, JSON.stringify(caseEvent(fnDir, c)));
  return file;
}

interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  /** REST API (payload 1.0) responses may carry their headers here */
  multiValueHeaders?: Record<string, string[]>;
  body?: string;
  isBase64Encoded?: boolean;
  statusDescription?: string;
}

/** What the emulator's function URL answered: status, headers, and the body as the reads that brought it. */
export interface StreamedResponse {
  streamed: true;
  status: number;
  contentType: string | null;
  chunks: string[];
}

const isStream = (want: InvokeCase['expect']): want is StreamAnswer => typeof want === 'object' && 'stream' in want;

/**
 * The case's answer from the emulator: a streamed case is sent to the function URL
 * `/lambda-url/<function>/` (no name: the default function `_`) as the HTTP request its event
 * describes, every other case through `cargo lambda invoke`.
 */
export async function answerCase(
  emulator: Emulator,
  functionName: string | undefined,
  fnDir: string,
  c: InvokeCase,
  options: { cwd: string; env: Record<string, string | undefined>; timeoutMs?: number },
): Promise<unknown> {
  if (!isStream(c.expect))
    return invoke(emulator, functionName, { ...options, dataFile: caseDataFile(fnDir, c), expectError: expectsError(c) });
  const event = caseEvent(fnDir, c) as {
    rawPath?: string;
    rawQueryString?: string;
    body?: string | null;
    requestContext?: { http?: { method?: string } };
  };
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const url = `http://127.0.0.1:${emulator.port}/lambda-url/${functionName ?? '_'}${event.rawPath ?? '/'}${query}`;
  const request = () =>
    fetch(url, {
      method: event.requestContext?.http?.method ?? 'GET',
      body: event.body ?? undefined,
      signal: AbortSignal.timeout(options.timeoutMs ?? 20 * 60_000),
    });
  // the first request of a watched function compiles it (debug), which can outlast fetch's
  // 5-minute wait for headers: ask again while the build goes on
  let res: Response | undefined;
  for (let attempt = 1; !res; attempt++) {
    try {
      res = await request();
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of res.body ?? []) chunks.push(decoder.decode(chunk as Uint8Array, { stream: true }));
  return { streamed: true, status: res.status, contentType: res.headers.get('content-type'), chunks } satisfies StreamedResponse;
}

/** Throws unless `answer` is what the case expects; returns a short description of it. */
export function judge(fnDir: string, c: InvokeCase, answer: unknown): string {
  if (isStream(c.expect)) {
    const want = c.expect.stream;
    const res = answer as StreamedResponse;
    if (res?.streamed !== true) throw new Error(`not a streamed response: ${JSON.stringify(answer).slice(0, 300)}`);
    const body = res.chunks.join('');
    expect(res.status, body).toBe(want.status);
    expect(res.contentType).toBe(want.contentType);
    expect(body).toBe(want.body);
    if (want.minChunks !== undefined) expect(res.chunks.length, 'reads that brought the body').toBeGreaterThanOrEqual(want.minChunks);
    return `${res.status} in ${res.chunks.length} chunks: ${JSON.stringify(body.slice(0, 40))}`;
  }
  if (expectsError(c)) {
    const { error } = answer as { error?: string };
    expect(error, 'the function error cargo lambda printed').toContain(c.expect.error);
    return `error: ${c.expect.error.slice(0, 70)}`;
  }
  if (typeof c.expect === 'function') {
    expect(answer).toEqual(c.expect(caseEvent(fnDir, c)));
    return JSON.stringify(answer).slice(0, 80);
  }
  const want = c.expect as HttpAnswer & AnswerExtras;
  const res = answer as HttpResponse;
  if (typeof res?.statusCode !== 'number') throw new Error(`not an HTTP API response: ${JSON.stringify(answer).slice(0, 300)}`);
  const text = res.isBase64Encoded ? Buffer.from(res.body ?? '', 'base64').toString('utf8') : (res.body ?? '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`response body is not JSON: ${text.slice(0, 300)}`);
  }
  expect(res.statusCode, text).toBe(want.status);
  if (want.statusDescription !== undefined) expect(res.statusDescription, text).toBe(want.statusDescription);
  expect(res.headers?.['content-type'] ?? res.multiValueHeaders?.['content-type']?.[0]).toBe('application/json');
  expect(json).toEqual('requestBodyOf' in want ? JSON.parse(String(readEvent(fnDir, want.requestBodyOf).body)) : want.body);
  return `${res.statusCode} ${text.slice(0, 60)}`;
}
