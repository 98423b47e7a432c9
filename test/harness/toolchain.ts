// The real toolchains and how to build for each architecture. scripts/install-toolchains.sh
// installs what is described here; docs/TOOLCHAINS.md says why each piece is obtained as it is.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ARCH_IDS, ARCHITECTURES, type Arch } from '../../src/arch.js';
import { BIN_DIR, CACHE_DIR } from './paths.js';

export type { Arch };
/** x86_64 first: it builds with the host's own toolchain, so its results come in first. */
export const ARCHES: readonly Arch[] = [...ARCH_IDS].reverse();

// Child processes inherit process.env (sam build and cdk synth start `cargo lambda` themselves),
// so the tool folder goes onto this process's PATH once, at import.
if (existsSync(BIN_DIR)) {
  const parts = (process.env.PATH ?? '').split(delimiter);
  if (!parts.includes(BIN_DIR)) process.env.PATH = [BIN_DIR, ...parts].join(delimiter);
}

export function hostArch(): Arch | undefined {
  return process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'arm64' : undefined;
}

/** The architecture debug builds and `cargo lambda watch` run on (x86_64 where the host is neither). */
export const HOST: Arch = hostArch() ?? 'x86_64';

/** Where the target folders are: the shared cache, or CRL_TARGET_ROOT (empty ones, to time a run that compiles everything). */
const TARGET_ROOT = process.env.CRL_TARGET_ROOT ?? CACHE_DIR;

/**
 * One cargo target folder per architecture: cargo locks a target folder's host layout for the
 * whole of a cross build, so an x86_64 and an arm64 release build in one folder take turns,
 * and in two they run side by side. Debug builds (clippy, test, watch) share the x86_64 one
 * without waiting: their lock is another.
 */
export function targetDir(arch: Arch): string {
  return join(TARGET_ROOT, arch === 'x86_64' ? 'target' : `target-${arch}`);
}

/** Looks `name` up on PATH (the tool folder included). */
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

const AARCH64 = ARCHITECTURES.arm64.rustTarget;
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

/** Which aarch64 std this machine has: rustup's target, Debian's rustc-web, or none (CRL_ARM64 forces one). */
export function arm64Std(): 'rustup' | 'debian' | null {
  const prefer = process.env.CRL_ARM64;
  const root = rustupSysroot();
  const rustup = root !== null && existsSync(join(root, 'lib', 'rustlib', AARCH64, 'lib'));
  const debian = existsSync(DEBIAN_RUSTC) && existsSync(DEBIAN_AARCH64_STD);
  if (prefer === 'debian') return debian ? 'debian' : null;
  if (prefer === 'rustup') return rustup ? 'rustup' : null;
  return rustup ? 'rustup' : debian ? 'debian' : null;
}

export interface BuildSetup {
  /** extra environment for cargo / cargo lambda / sam build / cdk synth */
  env: Record<string, string>;
  /** arguments after `cargo lambda build --release` that select the architecture */
  cargoLambdaArgs: string[];
  /** where the target's std comes from, for test and bench output */
  via: string;
  targetDir: string;
}

/**
 * How to build for `arch` here. Linking always goes through zig (cargo-lambda's default
 * compiler, cargo-zigbuild; the ziglang wheel is in the tool folder). arm64 without rustup's
 * target uses Debian's rustc, whose sysroot has the aarch64 std; RUSTUP pointing nowhere makes
 * cargo lambda skip its rustup target check even when `sam build` or `cdk synth` start it.
 */
export function buildSetup(arch: Arch): BuildSetup {
  const dir = targetDir(arch);
  const flag = ARCHITECTURES[arch].cargoLambdaFlag;
  if (arch === 'x86_64') return { env: { CARGO_TARGET_DIR: dir }, cargoLambdaArgs: [flag], via: 'rustup', targetDir: dir };
  if (arm64Std() === 'debian') {
    return {
      env: { CARGO_TARGET_DIR: dir, RUSTC: DEBIAN_RUSTC, RUSTUP: '/nonexistent/rustup' },
      cargoLambdaArgs: [flag, '--skip-target-check'],
      via: `Debian ${DEBIAN_RUSTC}`,
      targetDir: dir,
    };
  }
  return { env: { CARGO_TARGET_DIR: dir }, cargoLambdaArgs: [flag], via: 'rustup', targetDir: dir };
}

/** Why `arch` cannot be built here, or null when it can. */
export function buildUnavailable(arch: Arch): string | null {
  if (arch === 'x86_64' || arm64Std() !== null) return null;
  return `no aarch64 Rust std: \`rustup target add ${AARCH64}\` or apt install rustc-web libstd-rust-web-dev:arm64 (scripts/install-toolchains.sh)`;
}

/** `rustc --version` of the compiler that builds `arch`. */
export function rustcVersion(arch: Arch): string {
  const rustc = buildSetup(arch).env.RUSTC ?? 'rustc';
  try {
    return execFileSync(rustc, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
