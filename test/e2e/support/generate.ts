// Generating projects with the built CLI, exactly as a user would (`node bin/create-rust-lambda.js`).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Unavailable } from '../../harness/errors.js';
import { run } from '../../harness/exec.js';
import { CACHE_DIR, CLI, REPO_ROOT } from '../../harness/paths.js';
import type { Arch } from '../../harness/toolchain.js';

/** Root for generated projects; kept between runs only when CRL_KEEP_PROJECTS=1. */
export const PROJECTS_DIR = join(CACHE_DIR, 'e2e-projects');

export interface GenerateOptions {
  template: string;
  arch: Arch;
  iac: string;
  /** package name = binary = function name */
  name: string;
  /** extra CLI flags, e.g. ['--extension-api', 'telemetry'] */
  extraArgs?: readonly string[];
}

export interface Generated {
  dir: string;
  name: string;
  /** the next steps the CLI printed (its --json summary) */
  nextSteps: string[];
  cleanup(): void;
}

/** Fails with a named reason when the CLI has not been built (`npm run build`). */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Unavailable(`CLI entry point missing: ${CLI}`);
  if (!existsSync(join(REPO_ROOT, 'dist'))) {
    throw new Unavailable('the CLI is not built (no dist/): run `npm run build` first (`npm run test:e2e` does)');
  }
}

export async function generate(options: GenerateOptions): Promise<Generated> {
  requireBuiltCli();
  mkdirSync(PROJECTS_DIR, { recursive: true });
  const parent = mkdtempSync(join(PROJECTS_DIR, `${options.name}-${options.iac}-`));
  const dir = join(parent, options.name);
  const args = [
    CLI,
    dir,
    '--template',
    options.template,
    '--iac',
    options.iac,
    '--arch',
    options.arch,
    '--yes',
    '--no-git',
    '--json',
    ...(options.extraArgs ?? []),
  ];
  const { stdout } = await run(process.execPath, args, { cwd: parent, timeoutMs: 120_000, env: { CI: '1' } });
  const { nextSteps } = JSON.parse(stdout) as { nextSteps: string[] };
  for (const file of ['Cargo.toml', 'src/main.rs']) {
    if (!existsSync(join(dir, file))) throw new Error(`generated project has no ${file}: ${dir}`);
  }
  return {
    dir,
    name: options.name,
    nextSteps,
    cleanup: () => {
      if (process.env.CRL_KEEP_PROJECTS !== '1') rmSync(parent, { recursive: true, force: true });
    },
  };
}
