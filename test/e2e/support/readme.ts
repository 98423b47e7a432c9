// The generated README as a specification. Its local section runs literally, block by block, in
// a clean shell with only the prerequisites it lists (host lane, one project per template: that
// section is the same for every flavor); what it says about AWS is read against the IaC of every
// row, with the CLI's next steps (support for both in test/harness/readme/).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackName } from '../../../src/names.js';
import { Unavailable } from '../../harness/errors.js';
import { BIN_DIR, CACHE_DIR } from '../../harness/paths.js';
import { type Block, parseReadme } from '../../harness/readme/parse.js';
import { isServerBlock, ReadmeRunner } from '../../harness/readme/run.js';
import { listedTools, sandbox } from '../../harness/readme/sandbox.js';
import { checkReadmeStatically, LOCAL_SECTION } from '../../harness/readme/static.js';
import { findTool, HOST, targetDir } from '../../harness/toolchain.js';
import type { CheckTarget } from '../cases/flavors.js';
import type { TemplateCase } from '../cases/templates.js';
import type { Lane } from './lanes.js';
import { check } from './matrix.js';
import { readmeProject } from './projects.js';

/** The AWS CLI's Python, whose service models the static check reads. */
const AWS_CLI_PYTHON = join(CACHE_DIR, 'venvs', 'awscli', 'bin', 'python');
const DEFAULT_REGION = 'us-east-1';

/** A command that names something only the reader can fill in: the local section must run as written. */
const placeholder = (block: Block) => block.commands.find((c) => /<[a-z][\w -]*>/.test(c.text));

async function runLocalSection(dir: string): Promise<string> {
  const markdown = readFileSync(join(dir, 'README.md'), 'utf8');
  const { tools, unknown } = listedTools(markdown);
  if (unknown.length > 0) throw new Error(`prerequisites the runner cannot map to tools: ${unknown.join('; ')}`);
  const blocks = parseReadme(markdown).filter((b) => b.section[0] === LOCAL_SECTION);
  if (blocks.length === 0) throw new Error(`no sh block under "${LOCAL_SECTION}"`);
  const box = sandbox(tools, { CARGO_TARGET_DIR: targetDir(HOST), npm_config_cache: join(process.env.HOME ?? '/root', '.npm') });
  if (box.missing.length > 0) {
    box.cleanup();
    throw new Unavailable(`listed prerequisites not installed here: ${box.missing.join(', ')} (npm run toolchains)`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'crl-readme-blocks-'));
  const runner = new ReadmeRunner({ dir, env: box.env, scratch });
  let commands = 0;
  let expectations = 0;
  try {
    for (const block of blocks) {
      const blank = placeholder(block);
      if (blank) throw new Error(`README line ${blank.line}: a placeholder in the local section, which must run as written: ${blank.text}`);
      if (isServerBlock(block)) await runner.serve(block);
      else await runner.run(block);
      commands += block.commands.length;
      expectations += block.commands.filter((c) => c.expect).length;
    }
  } finally {
    await runner.stop();
    box.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
  if (expectations === 0) throw new Error('the local section promises no output to check');
  return `${commands} commands, ${expectations} expected outputs, PATH: ${tools.length} listed tools`;
}

/** Host lane: the template's README, local section, run as written. */
export function readmeChecks(lane: Lane, t: TemplateCase): void {
  const name = 'README: local section run literally';
  lane.it(`${t.id}: ${name}`, () => check({ subject: t.id, arch: 'host', check: name }, () => runLocalSection(readmeProject(t.id).dir)));
}

/** Every row: the README's AWS commands, stack, outputs, region and files against the IaC; next steps = deploy block. */
export async function readmeStatic(t: CheckTarget): Promise<string> {
  if (!findTool('aws').path)
    throw new Unavailable(`the AWS CLI's service models are read from its venv; not installed (npm run toolchains puts it in ${BIN_DIR})`);
  const markdown = readFileSync(join(t.dir, 'README.md'), 'utf8');
  const facts = { dir: t.dir, name: t.name, region: DEFAULT_REGION, iac: t.flavor, stackName: stackName(t.name) };
  const { problems, checked } = await checkReadmeStatically(facts, parseReadme(markdown), t.nextSteps, AWS_CLI_PYTHON);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return `${checked.commands} commands, ${checked.aws} aws commands checked against the service models, ${checked.outputs} outputs`;
}
