// The local Lambda emulator: `cargo lambda watch` in the background and `cargo lambda invoke`
// against it, on a free port so e2e runs do not collide with a developer's emulator on 9000.
import { join } from 'node:path';
import { background, freePort, portOpen, run, waitFor, type Background } from './exec.js';
import { CARGO_TARGET_DIR } from './toolchain.js';

export interface Emulator {
  port: number;
  /** AWS_LAMBDA_RUNTIME_API value for processes started outside the emulator */
  runtimeApi: string;
  process: Background;
  stop(): Promise<void>;
}

export interface WatchOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  /** serve only the Runtime / Extensions APIs; the function is started separately */
  onlyLambdaApis?: boolean;
}

export async function startWatch(options: WatchOptions): Promise<Emulator> {
  const port = await freePort();
  const args = ['lambda', 'watch', '--invoke-port', String(port), '--ignore-changes'];
  if (options.onlyLambdaApis) args.push('--only-lambda-apis');
  const proc = background('cargo', args, {
    cwd: options.cwd,
    env: { CARGO_TARGET_DIR, ...options.env },
  });
  try {
    await waitFor(`cargo lambda watch on port ${port}`, () => portOpen(port), 60_000);
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  }
  return {
    port,
    runtimeApi: `http://127.0.0.1:${port}/.rt`,
    process: proc,
    stop: () => proc.stop(),
  };
}

export interface InvokeOptions {
  cwd: string;
  /** path relative to cwd, e.g. `events/hello.json` */
  dataFile?: string;
  dataAscii?: string;
  timeoutMs?: number;
}

/**
 * `cargo lambda invoke <name> --data-file <file>` against the emulator; returns the parsed
 * JSON the function answered. The first call compiles the function (debug), so the default
 * timeout is generous.
 */
export async function invoke(emulator: Emulator, functionName: string | undefined, options: InvokeOptions): Promise<unknown> {
  // without a name, the emulator's default function `_` (what --only-lambda-apis serves)
  const args = ['lambda', 'invoke', ...(functionName ? [functionName] : []), '--invoke-port', String(emulator.port)];
  if (options.dataFile) args.push('--data-file', options.dataFile);
  if (options.dataAscii) args.push('--data-ascii', options.dataAscii);
  let stdout: string;
  try {
    ({ stdout } = await run('cargo', args, {
      cwd: options.cwd,
      env: { CARGO_TARGET_DIR },
      timeoutMs: options.timeoutMs ?? 20 * 60_000,
    }));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- emulator output (tail)\n${emulator.process.output().slice(-3000)}`);
  }
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`invoke did not print JSON: ${stdout.slice(0, 500)}`);
  }
}

/** An API Gateway v2 (HTTP API) response as lambda_http serializes it. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export function asHttpResponse(value: unknown): HttpResponse & { json: unknown } {
  const res = value as HttpResponse;
  if (typeof res?.statusCode !== 'number') throw new Error(`not an HTTP API response: ${JSON.stringify(value)}`);
  const text = res.isBase64Encoded ? Buffer.from(res.body ?? '', 'base64').toString('utf8') : (res.body ?? '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`response body is not JSON: ${text.slice(0, 300)}`);
  }
  return { ...res, json };
}

/** Where `cargo lambda build` put a function's (or an extension's) binary. */
export function lambdaArtifact(name: string, kind: 'function' | 'extension'): string {
  return kind === 'extension'
    ? join(CARGO_TARGET_DIR, 'lambda', 'extensions', name)
    : join(CARGO_TARGET_DIR, 'lambda', name, 'bootstrap');
}

export interface BootstrapOptions {
  binary: string;
  /** a command prefix that runs a foreign-architecture binary, e.g. ['qemu-aarch64', '-L', '/usr/aarch64-linux-gnu'] */
  runner?: string[];
  env?: Record<string, string | undefined>;
}

/**
 * Runs a built binary against an emulator: a function against one started with
 * `onlyLambdaApis` (invoke it without a name, as `_`), or an extension next to a function.
 */
export function startBootstrap(emulator: Emulator, options: BootstrapOptions): Background {
  const [runner, ...runnerArgs] = options.runner ?? [];
  const cmd = runner ?? options.binary;
  const args = runner ? [...runnerArgs, options.binary] : [];
  return background(cmd, args, {
    env: {
      AWS_LAMBDA_RUNTIME_API: emulator.runtimeApi,
      AWS_LAMBDA_FUNCTION_NAME: '_',
      AWS_LAMBDA_FUNCTION_VERSION: '1',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      ...options.env,
    },
  });
}
