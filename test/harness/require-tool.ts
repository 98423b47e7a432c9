// What a test needs from the machine: a tool on PATH, root, a working `mount`. Where it is missing,
// the tests that need it are a skip named with the reason on a developer's machine, and a failure
// under CI (CI=true), where scripts/install-toolchains.sh has installed everything: no test passes
// in CI by not running. The one place that rule lives.
import { describe, it } from 'vitest';
import { Unavailable } from './errors.js';

/** A CI run: CI is set, and not to `false` or `0`. */
export const IN_CI = !['', 'false', '0'].includes((process.env.CI ?? '').trim().toLowerCase());

/**
 * The error for a missing requirement: Unavailable (a failure) under CI; elsewhere `skip(reason)`,
 * the suite's own skip (the e2e matrix's Skipped). `throw skipOrFail(reason, (r) => new Skipped(r))`.
 */
export function skipOrFail(reason: string, skip: (reason: string) => Error): Error {
  return IN_CI ? new Unavailable(`${reason} (CI=true: a failure here, not a skip)`) : skip(reason);
}

export interface ToolGate {
  /** `describe`, or where the requirement is missing: a skip titled `<title> (skipped: <reason>)`, or under CI one failing test */
  describe(title: string, body: () => void): void;
  /** `it`, or where the requirement is missing: a skip titled `<title> (skipped: <reason>)`, or under CI a test that fails */
  it(title: string, body: () => unknown, timeout?: number): void;
}

/**
 * The gate for tests that need `name` (`found`: it is here; `reason`: why it is not, and what
 * installs it). A met requirement changes nothing.
 */
export function toolOrSkip(name: string, found: boolean, reason: string): ToolGate {
  const fail = () => {
    throw new Unavailable(`${name} missing, a failure under CI (elsewhere a named skip): ${reason}`);
  };
  const skipped = (title: string) => `${title} (skipped: ${reason})`;
  return {
    describe(title, body) {
      if (found) describe(title, body);
      else if (IN_CI) describe(title, () => it(`has ${name}`, fail));
      else describe.skip(skipped(title), body);
    },
    it(title, body, timeout) {
      if (found) it(title, body, timeout);
      else if (IN_CI) it(title, fail);
      else it.skip(skipped(title), body);
    },
  };
}
