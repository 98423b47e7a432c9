// Running the real tools: commands with captured output and a timeout, background processes,
// and tool presence checks that fail with a named reason.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Unavailable } from './matrix.js';

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** resolve instead of throwing on a non-zero exit */
  allowFailure?: boolean;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const TAIL = 4000;

function tail(text: string): string {
  return text.length > TAIL ? `…${text.slice(-TAIL)}` : text;
}

export function commandLine(cmd: string, args: string[]): string {
  return [cmd, ...args].map((a) => (/^[\w./:=@+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** Runs a command to completion; throws (with the output's tail) if it fails or times out. */
export function run(cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const { cwd, env, timeoutMs = 10 * 60_000, allowFailure = false } = options;
  const line = commandLine(cmd, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.code === 'ENOENT') reject(new Unavailable(`\`${cmd}\` not found on PATH (running: ${line})`));
      else reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new Error(`timed out after ${Math.round(timeoutMs / 1000)}s: ${line}\n${tail(stderr)}`));
      } else if (code !== 0 && !allowFailure) {
        reject(new Error(`exit ${code}: ${line}\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  });
}

/** Fails with a named reason unless `cmd args` runs successfully (e.g. `cargo lambda --version`). */
export async function requireTool(cmd: string, args: string[], hint: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(cmd, args, { timeoutMs: 60_000 });
    return (stdout || stderr).trim().split('\n')[0] ?? '';
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Unavailable(`${commandLine(cmd, args)} failed (${why}); ${hint}`);
  }
}

export interface Background {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a long-running process (an emulator, a server) in its own process group. */
export function background(cmd: string, args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Background {
  const child = spawn(cmd, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  child.on('error', (err) => (output += `\n[spawn error] ${err.message}`));
  return {
    child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        killGroup(child);
        setTimeout(() => {
          killGroup(child, 'SIGKILL');
          resolve();
        }, 5_000).unref();
      }),
  };
}

/** Signals the process group this module started (never anything else). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `predicate` returns true, or throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export async function portOpen(port: number): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
