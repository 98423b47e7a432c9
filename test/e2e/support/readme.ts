// The generated README as a specification. Its local section runs literally, block by block, in
// a clean shell with only the prerequisites it lists (host lane, one project per template: that
// section is the same for every flavor; a project of several functions runs the same way with
// localSection); what it says about AWS is read against the IaC of every row, with the CLI's next
// steps and the project's functions (support for both in test/harness/readme/).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackName } from '../../../src/names.js';
import { Unavailable } from '../../harness/errors.js';
import { BIN_DIR, CACHE_DIR } from '../../harness/paths.js';
import { runLocalSection } from '../../harness/readme/local.js';
import { parseReadme } from '../../harness/readme/parse.js';
import { checkReadmeStatically } from '../../harness/readme/static.js';
import { findTool } from '../../harness/toolchain.js';
import type { CheckTarget } from '../cases/flavors.js';
import type { TemplateCase } from '../cases/templates.js';
import type { Lane } from './lanes.js';
import { check } from './matrix.js';
import { readmeProject } from './projects.js';

/** The AWS CLI's Python, whose service models the static check reads. */
const AWS_CLI_PYTHON = join(CACHE_DIR, 'venvs', 'awscli', 'bin', 'python');
const DEFAULT_REGION = 'us-east-1';

/** The project's local section, run as written (test/harness/readme/local.ts), as a matrix row's result. */
export async function localSection(dir: string): Promise<string> {
  const r = await runLocalSection(dir);
  return `${r.commands} commands, ${r.expectations} expected outputs, ${r.functions.length} function(s), PATH: ${r.tools.length} listed tools`;
}

/** Host lane: the template's README, local section, run as written. */
export function readmeChecks(lane: Lane, t: TemplateCase): void {
  const name = 'README: local section run literally';
  lane.it(`${t.id}: ${name}`, () => check({ subject: t.id, arch: 'host', check: name }, () => localSection(readmeProject(t.id).dir)));
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
