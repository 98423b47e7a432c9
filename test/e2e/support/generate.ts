// Generating projects with the built CLI, exactly as a user would (`node bin/create-rust-lambda.js`),
// and growing them with its `add` command. A project is a Cargo workspace: one crate per function
// in functions/<name>/, the project model in rust-lambda.toml.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseProject } from '../../../src/project/project-file.js';
import { Unavailable } from '../../harness/errors.js';
import { type RunResult, run } from '../../harness/exec.js';
import { CACHE_DIR, CLI, REPO_ROOT } from '../../harness/paths.js';
import type { Arch } from '../../harness/toolchain.js';
import { releaseSourceTimes, settleSourceTimes } from './source-times.js';

/** Root for generated projects; kept between runs only when CRL_KEEP_PROJECTS=1. */
export const PROJECTS_DIR = join(CACHE_DIR, 'e2e-projects');

export interface GenerateOptions {
  template: string;
  arch: Arch;
  iac: string;
  /** the project's name, and its first function's: package = binary = function name */
  name: string;
  /** extra CLI flags, e.g. ['--extension-api', 'telemetry'] */
  extraArgs?: readonly string[];
}

/** A function of a project, as its rust-lambda.toml lists it. */
export interface ProjectFunction {
  name: string;
  template: string;
  /** functions/<name> inside the project */
  dir: string;
}

export interface Generated {
  /** the project (workspace) root */
  dir: string;
  /** the project's name = its first function's name */
  name: string;
  /** the first function's crate folder, functions/<name> */
  fnDir: string;
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

/** The crate folder of a function. */
export const functionDir = (project: string, name: string) => join(project, 'functions', name);

/** The functions of the project at `dir`, from its rust-lambda.toml, each checked to have its crate. */
export function projectFunctions(dir: string): ProjectFunction[] {
  const file = join(dir, 'rust-lambda.toml');
  if (!existsSync(file)) throw new Error(`no rust-lambda.toml in ${dir}`);
  return parseProject(readFileSync(file, 'utf8'), file).functions.map((f) => {
    const crate = functionDir(dir, f.name);
    for (const part of ['Cargo.toml', 'src/main.rs']) {
      if (!existsSync(join(crate, part))) throw new Error(`function ${f.name} has no ${part} in ${crate}`);
    }
    return { name: f.name, template: f.template, dir: crate };
  });
}

/** Every file of a project by relative path, with its text (build output and installed dependencies left out). */
export function projectTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name).slice(dir.length + 1);
    if (!entry.isFile() || /(^|\/)(node_modules|target|\.aws-sam|cdk\.out)\//.test(path)) continue;
    files.set(path, readFileSync(join(dir, path), 'utf8'));
  }
  return new Map([...files].sort(([a], [b]) => a.localeCompare(b)));
}

/** Runs the CLI (this checkout's unless told) with `args` in `cwd`. */
export function cli(args: readonly string[], options: { cwd: string; allowFailure?: boolean; bin?: string }): Promise<RunResult> {
  requireBuiltCli();
  return run(process.execPath, [options.bin ?? CLI, ...args], {
    cwd: options.cwd,
    timeoutMs: 120_000,
    env: { CI: '1' },
    allowFailure: options.allowFailure,
  });
}

/** A fresh parent folder for one project under PROJECTS_DIR. */
export function projectParent(prefix: string): { parent: string; cleanup(): void } {
  mkdirSync(PROJECTS_DIR, { recursive: true });
  const parent = mkdtempSync(join(PROJECTS_DIR, `${prefix}-`));
  return {
    parent,
    cleanup: () => {
      releaseSourceTimes(parent);
      if (process.env.CRL_KEEP_PROJECTS !== '1') rmSync(parent, { recursive: true, force: true });
    },
  };
}

export async function generate(options: GenerateOptions): Promise<Generated> {
  const { parent, cleanup } = projectParent(`${options.name}-${options.iac}`);
  const dir = join(parent, options.name);
  const args = [
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
  const { stdout } = await cli(args, { cwd: parent });
  const { nextSteps } = JSON.parse(stdout) as { nextSteps: string[] };
  const functions = projectFunctions(dir);
  if (functions.length !== 1 || functions[0]?.name !== options.name)
    throw new Error(`a new project has one function named like the project; ${dir} has ${functions.map((f) => f.name).join(', ')}`);
  if (!existsSync(join(dir, 'Cargo.toml'))) throw new Error(`generated project has no workspace Cargo.toml: ${dir}`);
  settleSourceTimes(dir);
  return { dir, name: options.name, fnDir: functionDir(dir, options.name), nextSteps, cleanup };
}
