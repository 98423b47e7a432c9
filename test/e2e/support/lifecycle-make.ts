// Making a lifecycle case's project as a user would: `create` (this CLI, or an older release's),
// the test's edits, then `upgrade` and every `add`. The edits and the files before each command
// are kept, so the checks can find the edits again and compare the upgrade with this version's
// own project.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectPackageManager } from '../../../src/package-manager.js';
import { PROJECT_FILE, parseProject } from '../../../src/project/project-file.js';
import { renderProject } from '../../../src/project/render-project.js';
import { olderCli } from '../../harness/older-cli.js';
import type { Arch } from '../../harness/toolchain.js';
import type { FlavorId } from '../cases/flavors.js';
import { type Edit, edit, type LifecycleCase } from '../cases/lifecycle.js';
import { cli, type Generated, generate, projectParent, projectTree } from './generate.js';
import { settleSourceTimes } from './source-times.js';

export interface MadeEdit extends Edit {
  /** the file's path in the project as it is now (after an upgrade moved it) */
  path: string;
}

export interface LifecycleProject extends Generated {
  /** the commands that made it, for the matrix */
  detail: string;
  /** the edits the test made, to find again */
  edits: MadeEdit[];
  /** an upgraded project's files right after the upgrade, and those of the same project made by this version */
  made?: Map<string, string>;
  reference?: Map<string, string>;
}

/** The flags that make the project, as the CLI prints them ("The same project again"). */
const createFlags = (c: LifecycleCase, flavor: FlavorId, arch: Arch) => ['--template', c.first, '--iac', flavor, '--arch', arch];

export async function makeLifecycleProject(c: LifecycleCase, flavor: FlavorId, arch: Arch): Promise<LifecycleProject> {
  const name = c.name(arch);
  const steps: string[] = [];
  let project: Generated;
  let bin: string | undefined;
  if (c.from === 'create') {
    project = await generate({ template: c.first, arch, iac: flavor, name });
    steps.push(`create ${createFlags(c, flavor, arch).join(' ')}`);
  } else {
    bin = await olderCli(c.from);
    const { parent, cleanup } = projectParent(`${name}-${flavor}-${c.from}`);
    const dir = join(parent, name);
    await cli([dir, ...createFlags(c, flavor, arch), '--yes', '--no-git'], { cwd: parent, bin });
    if (existsSync(join(dir, 'rust-lambda.toml')))
      throw new Error(`the ${c.from} CLI wrote rust-lambda.toml: not the release it should be`);
    project = { dir, name, fnDir: join(dir, 'functions', name), nextSteps: [], cleanup };
    steps.push(`create ${c.from} ${createFlags(c, flavor, arch).join(' ')}`);
  }
  const edits: MadeEdit[] = [];
  for (const id of c.edits) {
    const e = edit(id, flavor);
    if (!e) continue;
    const path = e.file(name);
    if (c.from !== 'create' && path.startsWith('functions/'))
      throw new Error(`a ${c.from} project has no ${path}: its crate is at the root until the upgrade`);
    const file = join(project.dir, path);
    writeFileSync(file, e.change(readFileSync(file, 'utf8')));
    edits.push({ ...e, path });
  }
  if (edits.length > 0) steps.push(`edit ${edits.map((e) => e.path).join(', ')}`);
  let made: Map<string, string> | undefined;
  let reference: Map<string, string> | undefined;
  if (bin) {
    await cli(['upgrade', ...createFlags(c, flavor, arch), '--from-cli', bin], { cwd: project.dir });
    steps.push('upgrade');
    made = projectTree(project.dir);
    // this version's own project: what the upgrade must have made, and the next steps it prints
    const own = await generate({ template: c.first, arch, iac: flavor, name });
    reference = projectTree(own.dir);
    own.cleanup();
    project = { ...project, nextSteps: own.nextSteps };
  }
  for (const a of c.adds) {
    await cli(['add', a.template, '--name', a.name, '--yes'], { cwd: project.dir });
    steps.push(`add ${a.template} --name ${a.name}`);
  }
  // the next steps of the project as it is now, as create prints them (`cd` first): with `none` they name every function
  if (c.adds.length > 0) project = { ...project, nextSteps: [`cd ${name}`, ...(await currentNextSteps(project.dir))] };
  settleSourceTimes(project.dir);
  return { ...project, detail: steps.join('; '), edits, made, reference };
}

/** The next steps of the project in `dir`, rendered from its rust-lambda.toml as `add` and `upgrade` print them. */
async function currentNextSteps(dir: string): Promise<string[]> {
  const project = parseProject(readFileSync(join(dir, PROJECT_FILE), 'utf8'), PROJECT_FILE);
  const plan = await renderProject(project, detectPackageManager(undefined), { cwd: dir, env: process.env, interactive: false });
  return plan.nextSteps;
}
