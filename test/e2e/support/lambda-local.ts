// The local Lambda emulator of cargo lambda: `cargo lambda watch` in the background and
// `cargo lambda invoke` against it, on a free port so e2e runs do not collide with a
// developer's emulator on 9000.
import { type Background, background, type Env, freePort, plain, portOpen, run, waitFor } from '../../harness/exec.js';
import { unwrapped } from '../../harness/readme/expect.js';

export interface Emulator {
  port: number;
  /** AWS_LAMBDA_RUNTIME_API value for processes started outside the emulator */
  runtimeApi: string;
  process: Background;
  stop(): Promise<void>;
}

export interface WatchOptions {
  cwd: string;
  /** CARGO_TARGET_DIR and whatever the function needs */
  env: Env;
  /** serve only the Runtime / Extensions APIs; the function is started separately */
  onlyLambdaApis?: boolean;
}

export async function startWatch(options: WatchOptions): Promise<Emulator> {
  const port = await freePort();
  const args = ['lambda', 'watch', '--invoke-port', String(port), '--ignore-changes'];
  if (options.onlyLambdaApis) args.push('--only-lambda-apis');
  const proc = background('cargo', args, { cwd: options.cwd, env: options.env });
  try {
    await waitFor(`cargo lambda watch on port ${port}`, () => portOpen(port), 60_000);
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
  return { port, runtimeApi: `http://127.0.0.1:${port}/.rt`, process: proc, stop: () => proc.stop() };
}

/**
 * `cargo lambda invoke [name] --data-file <file>` against the emulator; returns the JSON the
 * function answered. With `expectError`, the invocation must fail: it returns `{ error }`, what
 * cargo lambda printed of the function's error (unwrapped to one line). Without a name it invokes the emulator's default function `_` (what
 * `--only-lambda-apis` serves). The first call of a watched function compiles it (debug), so
 * the default timeout is generous.
 */
export async function invoke(
  emulator: Emulator,
  functionName: string | undefined,
  options: { cwd: string; dataFile: string; env: Env; timeoutMs?: number; expectError?: boolean },
): Promise<unknown> {
  const args = [
    'lambda',
    'invoke',
    ...(functionName ? [functionName] : []),
    '--invoke-port',
    String(emulator.port),
    '--data-file',
    options.dataFile,
  ];
  let stdout: string;
  try {
    const result = await run('cargo', args, {
      cwd: options.cwd,
      env: options.env,
      timeoutMs: options.timeoutMs ?? 20 * 60_000,
      allowFailure: options.expectError,
    });
    if (options.expectError) {
      if (result.code === 0) throw new Error(`the invocation succeeded, but must fail: ${result.stdout.slice(0, 500)}`);
      return { error: unwrapped(plain(`${result.stdout}\n${result.stderr}`)) };
    }
    ({ stdout } = result);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- emulator output (tail)\n${emulator.process.output().slice(-3000)}`);
  }
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`invoke did not print JSON: ${stdout.slice(0, 500)}`);
  }
}

/** Runs a built function binary (through `runner`, e.g. qemu) against an emulator started with `onlyLambdaApis`. */
export function startBootstrap(emulator: Emulator, binary: string, runner: readonly string[], env: Env = {}): Background {
  const [cmd = binary, ...args] = runner.length > 0 ? [...runner, binary] : [binary];
  return background(cmd, args, {
    env: {
      AWS_LAMBDA_RUNTIME_API: emulator.runtimeApi,
      AWS_LAMBDA_FUNCTION_NAME: '_',
      AWS_LAMBDA_FUNCTION_VERSION: '1',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      ...env,
    },
  });
}
