// Render a project file into an empty folder with the code in src/ (no build needed):
//   npx tsx test/harness/render-project.ts <rust-lambda.toml> <target-dir>
// The tests and the template work use it to make projects of several functions.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { detectPackageManager } from '../../src/package-manager.js';
import { parseProject } from '../../src/project/project-file.js';
import { renderProject } from '../../src/project/render-project.js';

export async function renderProjectFile(file: string, target: string): Promise<string[]> {
  const project = parseProject(readFileSync(file, 'utf8'), file);
  const plan = await renderProject(project, detectPackageManager(undefined), { cwd: target, env: process.env, interactive: false });
  for (const f of plan.files) {
    await mkdir(dirname(join(target, f.path)), { recursive: true });
    await writeFile(join(target, f.path), f.content, { mode: f.mode });
  }
  return plan.nextSteps;
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('render-project.ts')) {
  const [file, target] = process.argv.slice(2);
  if (!file || !target) throw new Error('usage: render-project.ts <rust-lambda.toml> <target-dir>');
  const steps = await renderProjectFile(resolve(file), resolve(target));
  console.log(steps.join('\n'));
}
