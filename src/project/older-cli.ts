// Renders with the create-rust-lambda version that made a project, for the base of an upgrade:
// `--from-cli <bin>` names one on disk, otherwise npm fetches that version. The version comes
// from the project file (a strict pattern) and every argument is passed as a list, never
// through a shell.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFolder } from '../disk/read-folder.js';
import { RunError } from '../errors.js';
import type { RenderedFile } from '../template/render.js';
import { printable } from '../text/printable.js';

export interface OlderCli {
  version: string;
  /** a create-rust-lambda bin of that version; undefined: `npm exec create-rust-lambda@<version>` */
  bin?: string;
}

/** Where the output of a CLI run is bounded: a project renders to well under this. */
const MAX_OUTPUT = 1024 * 1024;
const TIMEOUT_MS = 5 * 60_000;

function command(cli: OlderCli, args: string[]): [string, string[]] {
  if (cli.bin) return [process.execPath, [cli.bin, ...args]];
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return [npm, ['exec', '--yes', `--package=create-rust-lambda@${cli.version}`, '--', 'create-rust-lambda', ...args]];
}

function runCli(cli: OlderCli, args: string[], cwd: string, signal?: AbortSignal): Promise<void> {
  const [cmd, argv] = command(cli, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
      timeout: TIMEOUT_MS,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8');
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new RunError(`cannot run create-rust-lambda ${cli.version} (${printable(error.message)})`)));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const last = output.trim().split('\n').slice(-3).join(' / ');
      reject(
        new RunError(
          `create-rust-lambda ${cli.version} could not render the project's base (exit ${code}: ${printable(last.slice(0, 400))}). Pass --from-cli <path to that version's bin/create-rust-lambda.js>.`,
        ),
      );
    });
  });
}

/**
 * The files that `args` make the older CLI write into a fresh folder. `into(dir)` turns the
 * folder into the arguments (the CLI is told where to write).
 */
export async function renderWithOlderCli(
  cli: OlderCli,
  into: (dir: string) => string[],
  cwd: string,
  signal?: AbortSignal,
): Promise<RenderedFile[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'create-rust-lambda-base-'));
  try {
    const out = join(scratch, 'project');
    await runCli(cli, into(out), cwd, signal);
    return readFolder(out, (path) => path === '.git' || path.startsWith('.git/'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
