// `cargo lambda build --release` for one architecture at a project's workspace root — the
// command the generated README gives — and where its output lands. The e2e compile of a
// template × arch, of a project of several functions, and the benchmark's builds all go
// through here.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ARCHITECTURES } from '../../src/arch.js';
import { run } from './exec.js';
import { GNU_TIME, gnuTimeWorks } from './gnu-time.js';
import { type Arch, buildSetup } from './toolchain.js';

export type Kind = 'function' | 'extension';

export type OutputFormat = 'binary' | 'zip';

/**
 * Where cargo lambda puts a function's bootstrap or an extension's binary (`lambdaDir`: the
 * `lambda` folder of the target folder), or their zips with `--output-format zip`.
 */
export function lambdaArtifact(
  targetDir: string,
  name: string,
  kind: Kind,
  lambdaDir = join(targetDir, 'lambda'),
  format: OutputFormat = 'binary',
): string {
  const zip = format === 'zip' ? '.zip' : '';
  return kind === 'extension' ? join(lambdaDir, 'extensions', `${name}${zip}`) : join(lambdaDir, name, `bootstrap${zip}`);
}

/**
 * What cargo linked for the binary `name` of `arch`: its files in the target folder's deps/
 * (cargo lambda moves the copy cargo puts beside them into the lambda/ folder). A binary linked
 * again is a new file there, so this changes whenever anything it is made of was compiled again.
 */
export function linkedStamp(targetDir: string, name: string, arch: Arch): string | null {
  const deps = join(targetDir, ARCHITECTURES[arch].rustTarget, 'release', 'deps');
  const prefix = `${name.replaceAll('-', '_')}-`;
  const files = existsSync(deps) ? readdirSync(deps).filter((f) => f.startsWith(prefix) && !f.includes('.')) : [];
  if (files.length === 0) return null;
  return files
    .sort()
    .map((f) => `${f}=${fileStamp(join(deps, f))}`)
    .join(' ');
}

export interface BuildOptions {
  /** the workspace root */
  dir: string;
  /**
   * The crates to build, each on its own (`--package <name>`, with `--extension` for an
   * extension), as the README's build and every flavor's build path do: so each binary's
   * dependencies have only its own features, as in a project of its own.
   */
  name: string | readonly string[];
  arch: Arch;
  kind: Kind;
  /** the architecture's shared target folder unless told (the bench's clean builds use an empty one) */
  targetDir?: string;
  /** `--output-format zip`: the artifacts are zips */
  outputFormat?: OutputFormat;
  /** cargo lambda's `--lambda-dir` (default: `lambda` in the target folder) */
  lambdaDir?: string;
  /** fail rather than build without measuring the CPU time (run() measures it whenever GNU time is here) */
  cpu?: boolean;
  timeoutMs?: number;
}

export interface BuildResult {
  ms: number;
  /** "Compiling" lines: every crate built (dependencies, build scripts, proc macros, the functions) */
  crates: number;
  /** the artifact (binary or zip) of the first name */
  binary: string;
  /** the artifact of each name */
  binaries: Record<string, string>;
  /** user + system CPU time of the build and everything it started, when measured */
  cpuMs?: number;
}

export async function cargoLambdaBuild(options: BuildOptions): Promise<BuildResult> {
  const { dir, arch, kind, targetDir, outputFormat = 'binary', lambdaDir, cpu = false, timeoutMs = 60 * 60_000 } = options;
  if (cpu && !gnuTimeWorks()) throw new Error(`measuring a build's CPU time needs GNU time at ${GNU_TIME} (apt install time)`);
  const names = typeof options.name === 'string' ? [options.name] : [...options.name];
  if (names.length === 0) throw new Error('cargoLambdaBuild: no binary named');
  const setup = buildSetup(arch);
  const target = targetDir ?? setup.targetDir;
  const binaries: Record<string, string> = {};
  let crates = 0;
  let cpuMs: number | undefined = 0;
  const started = process.hrtime.bigint();
  for (const name of names) {
    const args = [
      'lambda',
      'build',
      '--release',
      ...(kind === 'extension' ? ['--extension'] : []),
      '--package',
      name,
      ...setup.cargoLambdaArgs,
      ...(lambdaDir ? ['--lambda-dir', lambdaDir] : []),
      ...(outputFormat === 'zip' ? ['--output-format', 'zip'] : []),
    ];
    const { stderr, cpuSeconds } = await run('cargo', args, {
      cwd: dir,
      env: { ...setup.env, CARGO_TARGET_DIR: target, CARGO_TERM_COLOR: 'never', CARGO_TERM_PROGRESS_WHEN: 'never' },
      timeoutMs,
    });
    const binary = lambdaArtifact(target, name, kind, lambdaDir, outputFormat);
    if (!existsSync(binary)) throw new Error(`cargo lambda build succeeded but ${binary} is missing:\n${stderr.slice(-2000)}`);
    binaries[name] = binary;
    crates += compiledCrates(stderr);
    cpuMs = cpuSeconds === undefined || cpuMs === undefined ? undefined : cpuMs + cpuSeconds * 1000;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, crates, binary: binaries[names[0] as string] as string, binaries, cpuMs };
}

/** How many crates cargo compiled, from its output. */
export const compiledCrates = (output: string): number => output.split('\n').filter((line) => /^\s*Compiling /.test(line)).length;

/** The identity of a file (inode, size, mtime): cargo replaces a binary it links again. */
export function fileStamp(file: string): string | null {
  try {
    const s = statSync(file);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}
