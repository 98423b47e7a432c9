// Which architecture a built binary is for, read from its ELF header (e_machine).
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { Arch } from './toolchain.js';

const MACHINES: Record<number, Arch> = { 62: 'x86_64', 183: 'arm64' };

/** The binary's architecture, or a description of what it is instead. */
export function elfArch(file: string): Arch | string {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.readUInt32BE(0) !== 0x7f454c46) return 'not an ELF file';
  const machine = header.readUInt16LE(18);
  return MACHINES[machine] ?? `e_machine 0x${machine.toString(16)}`;
}

/** Throws unless `file` is an ELF binary for `arch`; returns a detail line (arch and size). */
export function assertElf(file: string, arch: Arch): string {
  let found: string;
  try {
    found = elfArch(file);
  } catch {
    throw new Error(`missing build output ${file}`);
  }
  if (found !== arch) throw new Error(`${file} is ${found}, expected ${arch}`);
  return `${arch} ELF, ${(statSync(file).size / 1024 / 1024).toFixed(2)} MiB`;
}
