// Running the real tools: commands with captured output, a timeout and their CPU time measured,
// background processes in their own process group, and small waits. Used by the e2e suite and
// the benchmarks alike.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { currentCpuTally } from './cpu-tally.js';
import { Unavailable } from './errors.js';
import { commandNotFound, underGnuTime } from './gnu-time.js';

export type Env = Record<string, string | undefined>;

export interface RunOptions {
  cwd?: string;
  env?: Env;
  /**
   * how long the command may go without printing anything before it is taken for hung and
   * stopped: a watchdog of progress, not a limit on the whole run, so a loaded machine that is
   * slow but busy never trips it
   */
  timeoutMs?: number;
  /** resolve instead of throwing on a non-zero exit */
  allowFailure?: boolean;
  /** false: `env` is the whole environment (a clean shell), not added to ours */
  inheritEnv?: boolean;
  /** written to the command's standard input (else it reads nothing) */
  input?: string;
}

export interface RunResult {
  /** null when a signal ended the command */
  code: number | null;
  stdout: string;
  stderr: string;
  /** user + system seconds of the command and the processes it waited for; absent when not measured (gnu-time.ts) */
  cpuSeconds?: number;
}

const TAIL = 4000;
const tail = (text: string, n = TAIL) => (text.length > n ? `…${text.slice(-n)}` : text);

export function commandLine(cmd: string, args: readonly string[]): string {
  return [cmd, ...args].map((a) => (/^[\w./:=@+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

/** Output as a person reads it: no terminal control sequences, no spinner frames (npx draws one while it installs). */
export const plain = (text: string): string => text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u2800-\u28ff]/g, '');

/**
 * Runs a command to completion; throws (with the output's tail) if it fails or stops printing for
 * `timeoutMs`. Its CPU time is measured and charged to the caller's CPU tally (cpu-tally.ts).
 */
export function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { cwd, env, timeoutMs = 10 * 60_000, allowFailure = false, inheritEnv = true, input } = options;
  const line = commandLine(cmd, args);
  const tally = currentCpuTally();
  const timed = underGnuTime(cmd, args);
  const notFound = () => new Unavailable(`\`${cmd}\` not found on PATH (running: ${line})`);
  return new Promise((resolve, reject) => {
    const child = spawn(timed.cmd, timed.args, {
      cwd,
      env: inheritEnv ? { ...process.env, ...env } : env,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const hung = () => {
      timedOut = true;
      killGroup(child);
    };
    let timer = setTimeout(hung, timeoutMs);
    const progress = () => {
      clearTimeout(timer);
      timer = setTimeout(hung, timeoutMs);
    };
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      progress();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      progress();
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      timed.collect();
      if (err.code === 'ENOENT') reject(notFound());
      else reject(err);
    });
    child.on('close', (exit) => {
      clearTimeout(timer);
      const use = timed.collect();
      if (timed.measured && commandNotFound(exit, stderr)) return reject(notFound());
      tally?.charge(use?.cpuSeconds ?? null);
      // GNU time exits 128 + the signal that ended the command; run() reports a signal as null, as spawn does
      const code = use?.signal === undefined ? exit : null;
      if (timedOut) reject(new Error(`stopped after ${Math.round(timeoutMs / 1000)}s without output (hung?): ${line}\n${tail(stderr)}`));
      else if (code !== 0 && !allowFailure)
        reject(new Error(`exit ${code}: ${line}\n--- stdout\n${tail(stdout)}\n--- stderr\n${tail(stderr)}`));
      else resolve({ code, stdout, stderr, ...(use ? { cpuSeconds: use.cpuSeconds } : {}) });
    });
  });
}

/** Fails with a named reason unless `cmd args` runs successfully (e.g. `cargo lambda --version`). */
export async function requireTool(cmd: string, args: readonly string[], hint: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(cmd, args, { timeoutMs: 60_000 });
    return (stdout || stderr).trim().split('\n')[0] ?? '';
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new Unavailable(`${commandLine(cmd, args)} failed (${why}); ${hint}`);
  }
}

export interface BackgroundOptions {
  cwd?: string;
  env?: Env;
  /** false: `env` is the whole environment (a Lambda-like process), not added to ours */
  inheritEnv?: boolean;
  /** false: stdout is not read (a benchmark serving thousands of invocations) */
  captureStdout?: boolean;
}

export interface Background {
  child: ChildProcess;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  /** the last 64 KiB of output */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** How much of a background process's output is kept: its last 64 KiB. */
export const BACKGROUND_KEEP = 64 * 1024;

/** Starts a long-running process (an emulator, a server, a function) in its own process group. */
export function background(cmd: string, args: readonly string[], options: BackgroundOptions = {}): Background {
  const { cwd, env, inheritEnv = true, captureStdout = true } = options;
  const child = spawn(cmd, args, {
    cwd,
    env: inheritEnv ? { ...process.env, ...env } : env,
    stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (d: Buffer | string) => {
    output += d.toString();
    if (output.length > 2 * BACKGROUND_KEEP) output = output.slice(-BACKGROUND_KEEP);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      keep(`\n[spawn error] ${err.message}`);
      resolve(null);
    });
    child.once('exit', (code) => resolve(code));
  });
  return {
    child,
    exited,
    output: () => output.slice(-BACKGROUND_KEEP),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      killGroup(child, signal);
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
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
      // already gone
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

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until `predicate` returns true, or throws with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  predicate: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Rejects with `what` when `promise` takes longer than `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
