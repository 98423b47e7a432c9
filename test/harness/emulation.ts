// Running binaries of the other architecture: arm64 under qemu-user on an x86_64 host.
import { existsSync } from 'node:fs';
import { type Arch, findTool, hostArch } from './toolchain.js';

const SYSROOT = '/usr/aarch64-linux-gnu';

/**
 * The command prefix that runs a binary of `arch` here: [] on its own architecture, qemu-user
 * for arm64, null when there is no way. Loader and libc both come from the cross sysroot: with
 * only -L the loader finds the multiarch libc6:arm64 (another glibc build) through the host's
 * ld.so.cache, and the mix hangs in the first pthread_create.
 */
export function runnerFor(arch: Arch): string[] | null {
  if (arch === hostArch()) return [];
  if (arch !== 'arm64' || !existsSync(`${SYSROOT}/lib`)) return null;
  const qemu = [findTool('qemu-aarch64'), findTool('qemu-aarch64-static')].find((t) => t.path !== null)?.path;
  return qemu ? [qemu, '-L', SYSROOT, '-E', `LD_LIBRARY_PATH=${SYSROOT}/lib`] : null;
}

/** Why binaries of `arch` cannot run here, or null when they can. */
export function runUnavailable(arch: Arch): string | null {
  return runnerFor(arch) === null
    ? `no way to run ${arch} binaries here: qemu-aarch64 or ${SYSROOT} missing (scripts/install-toolchains.sh installs qemu-user and the cross libc)`
    : null;
}
