// Where the real toolchains live and how to call them for each architecture.
// Every generated project in the e2e suite shares one CARGO_TARGET_DIR so crates compile once.
// scripts/install-toolchains.sh installs what is described here; docs/TOOLCHAINS.md says why.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export type Arch = 'arm64' | 'x86_64';

export const CACHE_DIR = process.env.CRL_CACHE_DIR ?? join(homedir(), '.cache', 'create-rust-lambda');
export const CARGO_TARGET_DIR = join(CACHE_DIR, 'target');

/** Entry points of the PyPI tools (cargo-lambda, zig, sam, cfn-lint, checkov), one venv each. */
export const BIN_DIR = join(CACHE_DIR, 'bin');
/** PATH entries the tests need in front of the inherited PATH. */
export const TOOL_PATH: string[] = existsSync(BIN_DIR) ? [BIN_DIR] : [];

const TF_RC = join(CACHE_DIR, 'terraform', 'terraformrc');
/** Terraform CLI config installing hashicorp/aws from the local mirror, when it has been built. */
export const TF_CLI_CONFIG_FILE: string | undefined = [TF_RC, process.env.TF_CLI_CONFIG_FILE].find(
  (file): file is string => !!file && existsSync(file),
);

// Child processes inherit process.env (sam build and cdk synth start `cargo lambda` themselves),
// so the tool directory goes onto this process's PATH once, at import.
{
  const parts = (process.env.PATH ?? '').split(delimiter);
  const missing = TOOL_PATH.filter((p) => !parts.includes(p));
  if (missing.length > 0) process.env.PATH = [...missing, ...parts].join(delimiter);
}

/** PATH (and TF_CLI_CONFIG_FILE when the mirror exists) for commands that get an explicit env. */
export function toolEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  if (TF_CLI_CONFIG_FILE) env.TF_CLI_CONFIG_FILE = TF_CLI_CONFIG_FILE;
  return env;
}

export interface BuildSetup {
  /** extra environment for cargo / cargo lambda / sam build / cdk synth */
  env: Record<string, string>;
  /** arguments after `cargo lambda build --release` that select the architecture */
  cargoLambdaArgs: string[];
  /** where the target's std comes from, for test output */
  via: string;
}

const AARCH64 = 'aarch64-unknown-linux-gnu';
const DEBIAN_RUSTC = '/usr/bin/rustc';
const DEBIAN_AARCH64_STD = `/usr/lib/rustlib/${AARCH64}/lib`;

let sysroot: string | null | undefined;
/** sysroot of the default (rustup) rustc, or null when there is none. */
function rustupSysroot(): string | null {
  if (sysroot === undefined) {
    try {
      const env = { ...process.env };
      delete env.RUSTC;
      sysroot = execFileSync('rustc', ['--print', 'sysroot'], { encoding: 'utf8', env }).trim() || null;
    } catch {
      sysroot = null;
    }
  }
  return sysroot;
}

/** Which aarch64 std this machine has: rustup's target, Debian's rustc-web, or none. */
export function arm64Std(): 'rustup' | 'debian' | null {
  const prefer = process.env.CRL_ARM64;
  const root = rustupSysroot();
  const rustup = root !== null && existsSync(join(root, 'lib', 'rustlib', AARCH64, 'lib'));
  const debian = existsSync(DEBIAN_RUSTC) && existsSync(DEBIAN_AARCH64_STD);
  if (prefer === 'debian') return debian ? 'debian' : null;
  if (prefer === 'rustup') return rustup ? 'rustup' : null;
  return rustup ? 'rustup' : debian ? 'debian' : null;
}

/**
 * How to build for `arch` on this machine. Linking always goes through zig (cargo-lambda's
 * default compiler, cargo-zigbuild; the ziglang wheel is on TOOL_PATH).
 * arm64 without rustup's target uses Debian's rustc, whose sysroot has the aarch64 std; RUSTUP
 * pointing nowhere makes cargo lambda skip its rustup target check even when it is started by
 * `sam build` or `cdk synth`, which pass no flags of ours.
 */
export function buildSetup(arch: Arch): BuildSetup {
  if (arch === 'x86_64') {
    return { env: { CARGO_TARGET_DIR }, cargoLambdaArgs: ['--x86-64'], via: 'rustup' };
  }
  if (arm64Std() === 'debian') {
    return {
      env: { CARGO_TARGET_DIR, RUSTC: DEBIAN_RUSTC, RUSTUP: '/nonexistent/rustup' },
      cargoLambdaArgs: ['--arm64', '--skip-target-check'],
      via: `Debian ${DEBIAN_RUSTC}`,
    };
  }
  return { env: { CARGO_TARGET_DIR }, cargoLambdaArgs: ['--arm64'], via: 'rustup' };
}

/** Why `arch` cannot be built here, or null when it can. */
export function buildUnavailable(arch: Arch): string | null {
  if (arch === 'x86_64' || arm64Std() !== null) return null;
  return `no aarch64 Rust std: \`rustup target add ${AARCH64}\` or apt install rustc-web libstd-rust-web-dev:arm64 (scripts/install-toolchains.sh)`;
}

/**
 * Command prefix that runs a binary of `arch` here: nothing for the host architecture,
 * qemu-user for arm64. The loader and libc both come from the cross sysroot: with only -L, the
 * loader would find the multiarch libc6:arm64 (another glibc build) through the host's
 * ld.so.cache, and the mix hangs in the first pthread_create.
 */
export function runnerFor(arch: Arch): string[] | undefined {
  if (arch === hostArch()) return [];
  if (arch !== 'arm64') return undefined;
  const qemu = findTool('qemu-aarch64');
  if (!qemu.path || !existsSync('/usr/aarch64-linux-gnu/lib')) return undefined;
  return [qemu.path, '-L', '/usr/aarch64-linux-gnu', '-E', 'LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib'];
}
export const qemuRunner = runnerFor;

export function hostArch(): Arch | undefined {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'arm64' : undefined;
}

/** Looks `name` up on PATH (tool directory included). */
export function findTool(name: string): { path: string; reason?: undefined } | { path: null; reason: string } {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return { path: candidate };
    } catch {
      // not here
    }
  }
  return { path: null, reason: `${name} is not on PATH; run scripts/install-toolchains.sh (it links tools into ${BIN_DIR})` };
}
