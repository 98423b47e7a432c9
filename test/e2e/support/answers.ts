// Replaying a template's cases: the event file each case sends, and the judgement of the answer
// against the case's expectation (the same for the watched debug build and the release binaries).
// `fnDir` is the function's crate folder (functions/<name>), whose events/ the cases read.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';
import { expectsError, type HttpAnswer, type InvokeCase } from '../cases/templates.js';

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
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

/** Throws unless `answer` is what the case expects; returns a short description of it. */
export function judge(fnDir: string, c: InvokeCase, answer: unknown): string {
  if (expectsError(c)) {
    const { error } = answer as { error?: string };
    expect(error, 'the function error cargo lambda printed').toContain(c.expect.error);
    return `error: ${c.expect.error.slice(0, 70)}`;
  }
  if (typeof c.expect === 'function') {
    expect(answer).toEqual(c.expect(caseEvent(fnDir, c)));
    return JSON.stringify(answer).slice(0, 80);
  }
  const want = c.expect as HttpAnswer;
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
  expect(res.headers['content-type']).toBe('application/json');
  expect(json).toEqual('requestBodyOf' in want ? JSON.parse(String(readEvent(fnDir, want.requestBodyOf).body)) : want.body);
  return `${res.statusCode} ${text.slice(0, 60)}`;
}
