// Whether what a README command printed is what its comment promised. A command's output is
// read as one of: an API Gateway response (`cargo lambda invoke` of an HTTP event), an HTTP
// response (`curl -i`), plain JSON, or plain text.
import { isDeepStrictEqual } from 'node:util';
import type { Expectation } from './parse.js';

export interface Answer {
  status?: number;
  body: string;
}

const ANY_STRING = '…';

/** Reads the status and body out of what a command printed. */
export function answerOf(output: string): Answer {
  const text = output.replace(/\r/g, '').trim();
  const http = /^HTTP\/[\d.]+ (\d{3})[^\n]*\n(?:[^\n]+\n)*?\n([\s\S]*)$/.exec(`${text}\n`);
  if (http) return { status: Number(http[1]), body: (http[2] as string).trim() };
  try {
    const value = JSON.parse(text) as { statusCode?: unknown; body?: unknown };
    if (value && typeof value === 'object' && typeof value.statusCode === 'number') {
      return { status: value.statusCode, body: typeof value.body === 'string' ? value.body : JSON.stringify(value.body ?? null) };
    }
  } catch {
    // not JSON: plain text
  }
  return { body: text };
}

/** `expected` with "…" standing for the rest of a string, compared with `actual`. */
export function jsonMatches(expected: unknown, actual: unknown): boolean {
  // "…" is any string; "text…" any string that starts with text
  if (typeof expected === 'string' && expected.endsWith(ANY_STRING)) {
    return typeof actual === 'string' && actual.startsWith(expected.slice(0, -ANY_STRING.length));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => jsonMatches(e, actual[i]));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every((k) => jsonMatches((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]))
    );
  }
  return isDeepStrictEqual(expected, actual);
}

/** Text as a terminal shows it wrapped in a box (cargo lambda's error report): box drawing dropped, white space collapsed. */
export const unwrapped = (text: string): string =>
  text
    .replace(/[\u2500-\u257f×]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Why `output` breaks `expect`, or undefined when it keeps it (a command that must fail is checked for its exit status by the runner). */
export function mismatch(expect: Expectation, output: string): string | undefined {
  if (expect.error !== undefined) {
    return unwrapped(output).includes(unwrapped(expect.error))
      ? undefined
      : `expected an error saying \`${expect.error}\`, got \`${unwrapped(output).slice(0, 400)}\``;
  }
  const answer = answerOf(output);
  const shown = `${answer.status ?? ''} ${answer.body.slice(0, 400)}`.trim();
  if (expect.text !== undefined) {
    return answer.body === expect.text ? undefined : `expected \`${expect.text}\`, got \`${shown}\``;
  }
  if (expect.status !== undefined && answer.status !== expect.status) return `expected status ${expect.status}, got \`${shown}\``;
  if (expect.json !== undefined) {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      return `expected JSON ${JSON.stringify(expect.json)}, got \`${shown}\``;
    }
    if (!jsonMatches(expect.json, body)) return `expected ${JSON.stringify(expect.json)}, got \`${shown}\``;
  }
  return undefined;
}
