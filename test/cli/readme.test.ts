// Every generated README against the CLI that wrote it, for all 32 combinations and every package
// manager: the deploy block is the printed next steps, and the local section (which the e2e
// README runner executes for one flavor per template) is the same whatever the flavor.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReadme } from '../harness/readme/parse.js';
import { LOCAL_SECTION, nextStepsAgreement } from '../harness/readme/static.js';
import { runCli } from './run-cli.js';

const TEMPLATES = ['http', 'dynamodb', 'sqs', 'extension'];
const FLAVORS = ['sam', 'cdk', 'terraform', 'none'];
const AGENTS = { npm: 'npm/10.9.0 node/v20.19.0 linux x64', pnpm: 'pnpm/9.15.0 npm/? node/v20.19.0 linux x64' };

function generate(template: string, flavor: string, arch: string, agent: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'crl-readme-cli-'));
  const r = runCli(['p', '-t', template, '--iac', flavor, '--arch', arch, '--yes', '--no-git', '--json'], {
    cwd,
    env: { npm_config_user_agent: agent },
  });
  expect(r.code, r.stderr).toBe(0);
  const { nextSteps } = JSON.parse(r.stdout) as { nextSteps: string[] };
  return { nextSteps, blocks: parseReadme(readFileSync(join(cwd, 'p', 'README.md'), 'utf8')) };
}

describe('generated README and the CLI agree', () => {
  for (const template of TEMPLATES) {
    it(`${template}: the deploy block is the next steps; the local section is the same for every flavor`, () => {
      const local = new Set<string>();
      for (const flavor of FLAVORS) {
        for (const arch of ['arm64', 'x86_64']) {
          for (const [pm, agent] of Object.entries(AGENTS)) {
            const { nextSteps, blocks } = generate(template, flavor, arch, agent);
            expect(nextStepsAgreement(blocks, nextSteps), `${flavor} ${arch} ${pm}`).toEqual([]);
            if (flavor === 'cdk')
              expect(
                nextSteps.some((s) => / cdk bootstrap$/.test(s)),
                'cdk bootstrap before deploy',
              ).toBe(true);
            local.add(JSON.stringify(blocks.filter((b) => b.section[0] === LOCAL_SECTION).map((b) => b.code)));
          }
        }
      }
      expect(local.size, 'the local section differs between flavors').toBe(1);
    });
  }
});
