// The README's option list and the option table must not drift apart.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../src/options.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every flag of the option table', () => {
    for (const option of OPTIONS) if (option.flag) expect(readme, option.flag).toContain(`--${option.flag}`);
  });
  it('starts with the scaffold command and the test command, and .ci/run calls that test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1]?.trim().split('\n') ?? [];
    // on Node.js 22 from the npm registry, whatever the machine's Node is (the CLI needs 22)
    expect(firstBlock[0]).toMatch(/ npx --yes node@22 bin\/create-rust-lambda\.js /);
    expect(firstBlock[1]).toMatch(/npm test$/);
    const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');
    expect(ci).toContain('npm test');
  });
});
