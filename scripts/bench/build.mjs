// Release builds of a generated project (ours) and of its baseline copy, with `cargo lambda build
// --release` — the command the generated README gives — so both go through the same linker (zig)
// and the same target flags; only Cargo.toml differs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const CACHE_DIR = process.env.CRL_CACHE_DIR ?? join(homedir(), '.cache', 'create-rust-lambda');
/** The shared target folder (crates compile once across e2e runs and bench runs). */
export const SHARED_TARGET_DIR = join(CACHE_DIR, 'target');

export const TRIPLES = { x86_64: 'x86_64-unknown-linux-gnu', arm64: 'aarch64-unknown-linux-gnu' };

/**
 * Environment and arguments for `cargo lambda build` per architecture. arm64 goes through
 * Debian's rustc (/usr/bin/rustc ships the aarch64 std; rustup cannot download targets here),
 * linked by cargo lambda's zig; the target check is skipped because rustup does not list it.
 */
export function buildSetup(arch) {
  const env = {};
  const localBin = join(CACHE_DIR, 'bin'); // zig / cargo-lambda installed by scripts/install-toolchains.sh
  if (existsSync(localBin)) env.PATH = `${localBin}${delimiter}${process.env.PATH}`;
  if (arch === 'x86_64') return { env, args: ['--x86-64'] };
  const rustc = process.env.CRL_ARM64_RUSTC ?? '/usr/bin/rustc';
  return { env: { ...env, RUSTC: rustc }, args: ['--arm64', '--skip-target-check'] };
}

/** Whether this machine can build for arm64 (Debian rustc with the aarch64 std). */
export function arm64Available() {
  const rustc = process.env.CRL_ARM64_RUSTC ?? '/usr/bin/rustc';
  if (!existsSync(rustc)) return false;
  return existsSync('/usr/lib/rustlib/aarch64-unknown-linux-gnu') || existsSync('/usr/lib/rustlib/aarch64-unknown-linux-gnu/lib');
}

/**
 * The command prefix that runs an arm64 binary on this machine, or null. Loader and libc both
 * come from the cross sysroot: with only -L the loader finds the multiarch libc6:arm64 through
 * the host's ld.so.cache, and that mix hangs in the first pthread_create.
 */
export function arm64Runner() {
  const sysroot = '/usr/aarch64-linux-gnu';
  if (!existsSync(join(sysroot, 'lib'))) return null;
  for (const q of ['/usr/bin/qemu-aarch64', '/usr/bin/qemu-aarch64-static']) {
    if (existsSync(q)) return [q, '-L', sysroot, '-E', `LD_LIBRARY_PATH=${sysroot}/lib`];
  }
  return null;
}

/** Where cargo lambda puts the binary. */
export function artifactPath(targetDir, name, kind) {
  return kind === 'extension' ? join(targetDir, 'lambda', 'extensions', name) : join(targetDir, 'lambda', name, 'bootstrap');
}

/**
 * `cargo lambda build --release` in `dir`. Returns wall time, the number of crates compiled
 * ("Compiling" lines: every dependency, build script host crate and proc macro that was built)
 * and the binary path.
 */
export function cargoLambdaBuild({ dir, name, arch, kind, targetDir, log = () => {} }) {
  const setup = buildSetup(arch);
  const args = ['lambda', 'build', '--release', ...setup.args, ...(kind === 'extension' ? ['--extension'] : [])];
  return new Promise((resolvePromise, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('cargo', args, {
      cwd: dir,
      env: { ...process.env, ...setup.env, CARGO_TARGET_DIR: targetDir, CARGO_TERM_COLOR: 'never', CARGO_TERM_PROGRESS_WHEN: 'never' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let crates = 0;
    // cargo prints one "Compiling" line per package it builds; a chunk may end mid-line, so
    // each stream keeps its unfinished line until the rest arrives
    const lineReader = () => {
      let pending = '';
      const onLine = (line) => {
        if (/^\s*Compiling /.test(line)) {
          crates += 1;
          log(line.trim());
        }
      };
      return {
        data: (chunk) => {
          const text = pending + chunk.toString();
          output += chunk.toString();
          const lines = text.split('\n');
          pending = lines.pop();
          lines.forEach(onLine);
        },
        end: () => onLine(pending),
      };
    };
    const streams = [lineReader(), lineReader()];
    child.stdout.on('data', streams[0].data);
    child.stderr.on('data', streams[1].data);
    child.on('error', reject);
    child.on('close', (code) => {
      streams.forEach((stream) => stream.end());
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) {
        reject(new Error(`cargo ${args.join(' ')} failed in ${dir} (exit ${code}):\n${output.slice(-4000)}`));
        return;
      }
      const binary = artifactPath(targetDir, name, kind);
      if (!existsSync(binary)) {
        reject(new Error(`build succeeded but ${binary} is missing:\n${output.slice(-2000)}`));
        return;
      }
      resolvePromise({ ms, crates, binary });
    });
  });
}
