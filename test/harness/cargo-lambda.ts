// `cargo lambda build --release` for one architecture — the command the generated README
// gives — and where its output lands. The e2e compile of a template × arch and the benchmark's
// builds both go through here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './exec.js';
import { type Arch, buildSetup } from './toolchain.js';

export type Kind = 'function' | 'extension';

/** Where cargo lambda puts a function's bootstrap or an extension's binary. */
export function lambdaArtifact(targetDir: string, name: string, kind: Kind): string {
  return kind === 'extension' ? join(targetDir, 'lambda', 'extensions', name) : join(targetDir, 'lambda', name, 'bootstrap');
}

export interface BuildOptions {
  dir: string;
  name: string;
  arch: Arch;
  kind: Kind;
  /** the architecture's shared target folder unless told (the bench's clean builds use an empty one) */
  targetDir?: string;
  timeoutMs?: number;
}

export interface BuildResult {
  ms: number;
  /** "Compiling" lines: every crate built (dependencies, build scripts, proc macros, the function) */
  crates: number;
  binary: string;
}

export async function cargoLambdaBuild({ dir, name, arch, kind, targetDir, timeoutMs = 60 * 60_000 }: BuildOptions): Promise<BuildResult> {
  const setup = buildSetup(arch);
  const target = targetDir ?? setup.targetDir;
  const args = ['lambda', 'build', '--release', ...setup.cargoLambdaArgs, ...(kind === 'extension' ? ['--extension'] : [])];
  const started = process.hrtime.bigint();
  const { stderr } = await run('cargo', args, {
    cwd: dir,
    env: { ...setup.env, CARGO_TARGET_DIR: target, CARGO_TERM_COLOR: 'never', CARGO_TERM_PROGRESS_WHEN: 'never' },
    timeoutMs,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const binary = lambdaArtifact(target, name, kind);
  if (!existsSync(binary)) throw new Error(`cargo lambda build succeeded but ${binary} is missing:\n${stderr.slice(-2000)}`);
  return { ms, crates: stderr.split('\n').filter((line) => /^\s*Compiling /.test(line)).length, binary };
}
