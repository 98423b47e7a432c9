// Where the real toolchains live and how to call them for each architecture.
// Every generated project in the e2e suite shares one CARGO_TARGET_DIR so crates compile once.
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Arch = 'arm64' | 'x86_64';

export const CACHE_DIR = process.env.CRL_CACHE_DIR ?? join(homedir(), '.cache', 'create-rust-lambda');
export const CARGO_TARGET_DIR = join(CACHE_DIR, 'target');

export interface BuildSetup {
  /** extra environment for cargo / cargo lambda / sam build / cdk synth */
  env: Record<string, string>;
  /** arguments after `cargo lambda build --release` that select the architecture */
  cargoLambdaArgs: string[];
}

/** How to build for `arch` on this machine (arm64 goes through Debian's cross rustc). */
export function buildSetup(arch: Arch): BuildSetup {
  if (arch === 'x86_64') {
    return { env: { CARGO_TARGET_DIR }, cargoLambdaArgs: ['--x86-64'] };
  }
  // filled in by the toolchain work: RUSTC, linker and target-check settings for aarch64
  return { env: { CARGO_TARGET_DIR }, cargoLambdaArgs: ['--arm64'] };
}
