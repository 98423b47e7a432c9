// A forked template's `pattern` for a string variable is written by a stranger: it runs on RE2
// (re2js), whose matching time is linear in the input, so no pattern can hang the CLI the way
// `(a+)+` does on a backtracking engine. The engine loads only when a template declares a pattern.
import type { RE2JS } from 're2js';

let engine: typeof RE2JS | undefined;
const compiled = new Map<string, RE2JS>();

/** Loads RE2 once; call before validating or using any pattern. */
export async function loadPatternEngine(): Promise<void> {
  engine ??= (await import('re2js')).RE2JS;
}

/** The compiled pattern, or the reason it is not a valid RE2 expression. */
export function compilePattern(pattern: string): RE2JS | string {
  if (!engine) throw new Error('loadPatternEngine() must run before a pattern is compiled');
  let re = compiled.get(pattern);
  if (!re) {
    try {
      re = engine.compile(pattern);
    } catch (error) {
      return `is not a valid RE2 regular expression (${(error as Error).message})`;
    }
    compiled.set(pattern, re);
  }
  return re;
}

/** Whether the whole of `value` matches `pattern` (already validated). */
export function matchesPattern(pattern: string, value: string): boolean {
  const re = compilePattern(pattern);
  return typeof re !== 'string' && re.matches(value);
}
