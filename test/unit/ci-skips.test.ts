// A missing requirement is a named skip on a developer's machine and a failure under CI
// (test/harness/require-tool.ts), here through the Terraform provider build the e2e suite waits
// for: a build that failed or stopped must fail `terraform validate` in CI, naming its reason and log.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

const cache = mkdtempSync(join(tmpdir(), 'crl-ci-skips-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

/** The modules as a run with CI=`ci` and the cache at `cache` loads them (both are read at import). */
async function load(ci: string | undefined) {
  vi.resetModules();
  vi.stubEnv('CRL_CACHE_DIR', cache);
  vi.stubEnv('CI', ci);
  return {
    ...(await import('../harness/require-tool.js')),
    ...(await import('../harness/errors.js')),
    ...(await import('../e2e/support/matrix.js')),
    ...(await import('../e2e/support/terraform.js')),
  };
}

function status(lines: string[]): void {
  mkdirSync(join(cache, 'terraform'), { recursive: true });
  writeFileSync(join(cache, 'terraform', 'provider.status'), `${lines.join('\n')}\n`);
}

const LOG = '/var/log/terraform-provider.log';
const BUILDS = [
  {
    build: 'failed',
    lines: ['state=failed', 'seconds=42', 'reason=go build: out of memory', `log=${LOG}`],
    says: /build failed after 42s: go build: out of memory \(log: \/var\/log\/terraform-provider\.log\)/,
  },
  {
    build: 'stopped',
    lines: ['state=building', 'pid=2147483646', `log=${LOG}`],
    says: /build \(pid 2147483646\) stopped without finishing \(log: \/var\/log\/terraform-provider\.log\)/,
  },
];

describe('a missing requirement: a named skip here, a failure under CI', () => {
  it.each([
    ['true', true],
    ['1', true],
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
  ])('CI=%j is a CI run: %s', async (ci, expected) => {
    expect((await load(ci)).IN_CI).toBe(expected);
  });

  it('skipOrFail: Unavailable with the reason under CI, the suite’s own skip elsewhere', async () => {
    const ci = await load('true');
    const failure = ci.skipOrFail('no frobnicator', (r) => new ci.Skipped(r));
    expect(failure).toBeInstanceOf(ci.Unavailable);
    expect(failure.message).toMatch(/^no frobnicator \(CI=true: a failure here, not a skip\)$/);
    const dev = await load(undefined);
    const skip = dev.skipOrFail('no frobnicator', (r) => new dev.Skipped(r));
    expect(skip).toBeInstanceOf(dev.Skipped);
    expect(skip.message).toBe('no frobnicator');
  });

  describe.each(BUILDS)('terraform validate when the provider build $build', ({ lines, says }) => {
    it('fails under CI with the reason and the log', async () => {
      status(lines);
      const m = await load('true');
      const error = await m.providerConfig(0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(m.Unavailable);
      expect(error).not.toBeInstanceOf(m.Skipped);
      expect((error as Error).message).toMatch(says);
    });

    it('is a skip named the same way on a developer machine', async () => {
      status(lines);
      const m = await load(undefined);
      const error = await m.providerConfig(0).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(m.Skipped);
      expect((error as Error).message).toMatch(says);
    });
  });
});
