// Every generated README against the CLI that wrote it, for every template × flavor × arch and every package
// manager: the deploy block is the printed next steps, and the local section (which the e2e
// README runner executes for one flavor per template) is the same whatever the flavor. A project
// of several functions (rendered from its project file) likewise, and its README agrees with its
// own IaC and functions (the static check, without the AWS CLI's models).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/template/catalog.js';
import { parseReadme } from '../harness/readme/parse.js';
import { checkReadmeStatically, LOCAL_SECTION, nextStepsAgreement } from '../harness/readme/static.js';
import { renderProjectFile } from '../harness/render-project.js';
import { runCli } from './run-cli.js';

const TEMPLATES = builtinCatalog().templates.map((t) => t.id);
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

/** One project of every template, two of one (their identifiers must stay apart), the first named like the project. */
const MANY = [
  ['shop', 'http'],
  ['orders', 'sqs'],
  ['items', 'dynamodb'],
  ['audit', 'sqs'],
  ['telemetry', 'extension'],
];

async function generateMany(flavor: string, arch: string) {
  const dir = mkdtempSync(join(tmpdir(), 'crl-readme-many-'));
  const file = join(dir, 'project.toml');
  writeFileSync(
    file,
    [
      'version = "0.2.0"',
      'name = "shop"',
      `iac = "${flavor}"`,
      `arch = "${arch}"`,
      'region = "eu-west-1"',
      ...MANY.flatMap(([name, template]) => [
        '[[functions]]',
        `name = "${name}"`,
        `template = "${template}"`,
        'memory = 128',
        'timeout = 10',
      ]),
    ].join('\n'),
  );
  const target = join(dir, 'shop');
  const nextSteps = await renderProjectFile(file, target);
  const blocks = parseReadme(readFileSync(join(target, 'README.md'), 'utf8'));
  return { dir: target, nextSteps: ['cd shop', ...nextSteps], blocks };
}

describe('the README of a project of several functions', () => {
  it('agrees with its next steps, its IaC and its functions; its local section is the same for every flavor', async () => {
    const local = new Set<string>();
    for (const flavor of FLAVORS) {
      for (const arch of ['arm64', 'x86_64']) {
        const { dir, nextSteps, blocks } = await generateMany(flavor, arch);
        const facts = { dir, name: 'shop', region: 'eu-west-1', iac: flavor as 'sam', stackName: 'shop' };
        const { problems } = await checkReadmeStatically(facts, blocks, nextSteps, undefined);
        expect(problems, `${flavor} ${arch}`).toEqual([]);
        local.add(JSON.stringify(blocks.filter((b) => b.section[0] === LOCAL_SECTION).map((b) => b.code)));
      }
    }
    expect(local.size, 'the local section differs between flavors').toBe(1);
    const [only] = [...local];
    // one emulator at the root for every function, each invoked by name with its own events
    expect(only).toContain('cargo lambda watch');
    for (const [name, template] of MANY) {
      if (template !== 'extension') expect(only).toContain(`cargo lambda invoke ${name} --data-file functions/${name}/events/`);
    }
  });
});
