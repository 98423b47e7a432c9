// End-to-end proof of the Rust side of every function template: generate with the built CLI,
// then let the real tools judge the result.
//
//   per template (host):   cargo fmt --check, cargo clippy --all-targets -- -D warnings, cargo test
//   per template × arch:  cargo lambda build --release (architecture from toolchain.ts)
//   per template (x86_64): cargo lambda watch + cargo lambda invoke --data-file events/… and
//                          assertions on the answers (DynamoDB through a local dynalite server)
//   http (arm64):          the arm64 bootstrap under an emulator, when toolchain.ts provides one
//
// Every check lands in the verification matrix (support/matrix.ts), printed at the end. A check
// that cannot run (missing tool, CLI not built, earlier step failed) fails with a named reason.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSetup, buildUnavailable, CARGO_TARGET_DIR, runnerFor, type Arch } from './support/toolchain.js';
import { background, requireTool, run, waitFor } from './support/exec.js';
// @ts-expect-error plain ESM module without types: the local Runtime / Extensions API
import { LocalLambdaApi } from '../../scripts/bench/runtime-api.mjs';
import { generate, type Generated } from './support/generate.js';
import { GLOBAL_MATRIX_ENV, Unavailable, check, printMatrix, readMatrix } from './support/matrix.js';
import { DUMMY_AWS_ENV, createTable, startDynalite, type LocalDynamo } from './support/dynamodb-local.js';
import {
  asHttpResponse,
  invoke,
  lambdaArtifact,
  startBootstrap,
  startWatch,
  type Emulator,
} from './support/lambda-local.js';

const MINUTE = 60_000;
const ARCHES: Arch[] = ['x86_64', 'arm64'];
const HOST_ARCH: Arch = 'x86_64';

type TemplateId = 'http' | 'dynamodb' | 'sqs' | 'extension';

interface Variant {
  /** matrix subject */
  subject: string;
  template: TemplateId;
  extraArgs: string[];
  /** build for every architecture and run locally, or only lint / test (extension API variants) */
  full: boolean;
}

const VARIANTS: Variant[] = [
  { subject: 'http', template: 'http', extraArgs: [], full: true },
  { subject: 'dynamodb', template: 'dynamodb', extraArgs: [], full: true },
  { subject: 'sqs', template: 'sqs', extraArgs: [], full: true },
  { subject: 'extension', template: 'extension', extraArgs: [], full: true },
  { subject: 'extension (logs)', template: 'extension', extraArgs: ['--extension-api', 'logs'], full: false },
  { subject: 'extension (telemetry)', template: 'extension', extraArgs: ['--extension-api', 'telemetry'], full: false },
];

/** Unique per variant × arch: generated projects share CARGO_TARGET_DIR (and target/lambda/<name>). */
function projectName(variant: Variant, arch: Arch): string {
  const base = variant.subject.replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '');
  const sep = variant.template === 'dynamodb' || variant.template === 'sqs' ? '_' : '-';
  return ['crl', 'e2e', base, arch === 'arm64' ? 'arm64' : 'x86-64'].join('-').replaceAll('-', sep);
}

const projects = new Map<string, Generated>();
const key = (variant: Variant, arch: Arch) => `${variant.subject}/${arch}`;

function project(variant: Variant, arch: Arch): Generated {
  const generated = projects.get(key(variant, arch));
  if (!generated) throw new Unavailable(`no generated ${variant.subject} project for ${arch} (generation failed earlier)`);
  return generated;
}

const cargoEnv = { CARGO_TARGET_DIR, CARGO_TERM_COLOR: 'never' };

async function cargo(dir: string, args: string[], timeoutMs: number, env: Record<string, string> = {}) {
  return run('cargo', args, { cwd: dir, env: { ...cargoEnv, ...env }, timeoutMs });
}

async function requireCargoLambda(): Promise<void> {
  await requireTool('cargo', ['lambda', '--version'], 'install it with `pip install cargo-lambda ziglang` (or `npm run toolchains`)');
}

/** ELF e_machine of a binary: 0x3e x86-64, 0xb7 aarch64. */
function elfMachine(file: string): number {
  const header = readFileSync(file).subarray(0, 20);
  if (header.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF binary`);
  return header.readUInt16LE(18);
}

const ELF_MACHINE: Record<Arch, number> = { x86_64: 0x3e, arm64: 0xb7 };


// Without the e2e global setup (support/global-setup.ts), print this file's rows at the end;
// rows of other files are never touched here.
let firstRow = 0;
beforeAll(() => {
  firstRow = readMatrix().length;
});

afterAll(() => {
  for (const generated of projects.values()) generated.cleanup();
  if (!process.env[GLOBAL_MATRIX_ENV]) printMatrix(readMatrix().slice(firstRow));
});

describe.each(VARIANTS.map((v) => [v.subject, v] as const))('%s template', (_subject, variant) => {
  const { subject, template } = variant;
  const arches = variant.full ? ARCHES : [HOST_ARCH];
  const kind = template === 'extension' ? 'extension' : 'function';

  for (const arch of arches) {
    it(`generates (${arch})`, async () => {
      await check({ subject, arch, check: 'generate' }, async () => {
        const generated = await generate({ template, arch, name: projectName(variant, arch), extraArgs: variant.extraArgs });
        projects.set(key(variant, arch), generated);
        return generated.dir;
      });
    }, 3 * MINUTE);
  }

  it('cargo fmt --check', async () => {
    await check({ subject, arch: 'host', check: 'cargo fmt --check' }, async () => {
      const { dir } = project(variant, HOST_ARCH);
      await requireTool('cargo', ['fmt', '--version'], 'install rustfmt (`rustup component add rustfmt`)');
      await cargo(dir, ['fmt', '--check'], 2 * MINUTE);
    });
  }, 3 * MINUTE);

  it('cargo clippy --all-targets -- -D warnings', async () => {
    await check({ subject, arch: 'host', check: 'cargo clippy -D warnings' }, async () => {
      const { dir } = project(variant, HOST_ARCH);
      await requireTool('cargo', ['clippy', '--version'], 'install clippy (`rustup component add clippy`)');
      await cargo(dir, ['clippy', '--all-targets', '--', '-D', 'warnings'], 45 * MINUTE);
    });
  }, 50 * MINUTE);

  it('cargo test', async () => {
    await check({ subject, arch: 'host', check: 'cargo test' }, async () => {
      const { dir } = project(variant, HOST_ARCH);
      const { stdout } = await cargo(dir, ['test'], 45 * MINUTE);
      const passed = [...stdout.matchAll(/test result: ok\. (\d+) passed/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(passed, 'the template ships unit tests').toBeGreaterThan(0);
      return `${passed} tests`;
    });
  }, 50 * MINUTE);

  if (!variant.full) return;

  for (const arch of ARCHES) {
    it(`cargo lambda build --release (${arch})`, async () => {
      await check({ subject, arch, check: 'cargo lambda build --release' }, async () => {
        const { dir, name } = project(variant, arch);
        await requireCargoLambda();
        const missing = buildUnavailable(arch);
        if (missing) throw new Unavailable(missing);
        const setup = buildSetup(arch);
        const args = ['lambda', 'build', '--release', ...setup.cargoLambdaArgs];
        if (kind === 'extension') args.push('--extension');
        await cargo(dir, args, 60 * MINUTE, setup.env);
        const artifact = lambdaArtifact(name, kind);
        if (!existsSync(artifact)) throw new Error(`cargo lambda build succeeded but ${artifact} is missing`);
        expect(elfMachine(artifact), `${artifact} targets ${arch}`).toBe(ELF_MACHINE[arch]);
        return `${(statSync(artifact).size / 1024 / 1024).toFixed(2)} MiB`;
      });
    }, 65 * MINUTE);
  }

  it(`runs locally: cargo lambda watch + invoke (${HOST_ARCH})`, async () => {
    await LOCAL_RUNS[template](project(variant, HOST_ARCH), subject);
  }, 40 * MINUTE);

  if (template === 'http') {
    it('runs locally under emulation (arm64)', async (ctx) => {
      await check(
        { subject, arch: 'arm64', check: 'local invoke (emulated)' },
        async () => {
          // the hook: toolchain.ts says how to run an arm64 binary on this host (qemu-user)
          const runner = runnerFor('arm64');
          if (!runner) {
            throw new Unavailable('no way to run arm64 binaries here: qemu-aarch64 or /usr/aarch64-linux-gnu missing (scripts/install-toolchains.sh)');
          }
          const { dir, name } = project(variant, 'arm64');
          const binary = lambdaArtifact(name, 'function');
          if (!existsSync(binary)) throw new Unavailable(`no arm64 build at ${binary} (build step failed)`);
          const emulator = await startWatch({ cwd: dir, onlyLambdaApis: true });
          const fn = startBootstrap(emulator, { binary, runner });
          try {
            const res = asHttpResponse(await invoke(emulator, undefined, { cwd: dir, dataFile: 'events/hello.json', timeoutMs: 5 * MINUTE }));
            expect(res.statusCode).toBe(200);
            expect(res.json).toEqual({ message: 'Hello, Ferris!' });
          } catch (err) {
            throw new Error(`${(err as Error).message}\n--- function output\n${fn.output().slice(-2000)}`);
          } finally {
            await fn.stop();
            await emulator.stop();
          }
        },
        ctx,
      );
    }, 15 * MINUTE);
  }
});

// ---------------------------------------------------------------------------------------------
// Local runs, one per template. Each records one matrix row per assertion group.

type LocalRun = (generated: Generated, subject: string) => Promise<void>;

/** Runs several checks, records each, and fails at the end if any failed (so all are recorded). */
class SoftChecks {
  private readonly failures: Error[] = [];
  constructor(private readonly subject: string) {}

  async run(name: string, fn: () => Promise<string | void>): Promise<boolean> {
    try {
      await check({ subject: this.subject, arch: HOST_ARCH, check: name }, fn);
      return true;
    } catch (err) {
      this.failures.push(err as Error);
      return false;
    }
  }

  done(): void {
    if (this.failures.length === 1) throw this.failures[0];
    if (this.failures.length > 1) {
      throw new Error(`${this.failures.length} checks failed:\n${this.failures.map((e) => `- ${e.message}`).join('\n')}`);
    }
  }
}

/** Starts `cargo lambda watch` (recorded as its own check), runs `fn`, stops the emulator. */
async function withWatch(
  checks: SoftChecks,
  dir: string,
  env: Record<string, string | undefined>,
  fn: (emulator: Emulator) => Promise<void>,
): Promise<void> {
  let emulator: Emulator | undefined;
  await checks.run('cargo lambda watch starts', async () => {
    await requireCargoLambda();
    emulator = await startWatch({ cwd: dir, env });
    return `port ${emulator.port}`;
  });
  if (!emulator) return;
  try {
    await fn(emulator);
  } finally {
    await emulator.stop();
  }
}

/** Log text without ANSI colour codes. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

function requestBody(dir: string, eventFile: string): unknown {
  const event = JSON.parse(readFileSync(join(dir, eventFile), 'utf8')) as { body: string };
  return JSON.parse(event.body);
}

/**
 * Runs the extension against our local Extensions API (scripts/bench/runtime-api.mjs, which speaks
 * the documented protocol): it must register, log each INVOKE, and on SHUTDOWN flush and exit 0
 * well within Lambda's 2 s limit.
 */
async function extensionLifecycle(binary: string): Promise<string> {
  const api = await new LocalLambdaApi({ functionName: 'companion' }).listen();
  const ext = background(binary, [], {
    env: { AWS_LAMBDA_RUNTIME_API: api.address, AWS_LAMBDA_LOG_LEVEL: 'info', AWS_LAMBDA_FUNCTION_NAME: 'companion', AWS_REGION: 'us-east-1' },
  });
  const exited = new Promise<number | null>((done) => ext.child.on('exit', (code) => done(code)));
  try {
    await api.firstNext();
    const requestId = '8476a536-e9f4-11e8-9739-2dfe598c3fcd';
    await api.extensionEvent({ eventType: 'INVOKE', requestId, deadlineMs: Date.now() + 10_000, invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:companion', tracing: { type: 'X-Amzn-Trace-Id', value: 'Root=1-5f84c7a9-0c3a4e4f2a8b1d6e7f9a0b1c' } });
    await waitFor('the INVOKE log line', () => plain(ext.output()).includes(requestId), 10_000);
    const started = Date.now();
    void api.extensionEvent({ eventType: 'SHUTDOWN', shutdownReason: 'spindown', deadlineMs: Date.now() + 2_000 });
    const code = await Promise.race([exited, new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 5_000))]);
    const tookMs = Date.now() - started;
    expect(code, `exit after SHUTDOWN\n${ext.output().slice(-1500)}`).toBe(0);
    expect(plain(ext.output())).toMatch(/shutdown.*spindown|spindown.*shutdown/i);
    return `exited 0, ${tookMs} ms after SHUTDOWN`;
  } finally {
    await ext.stop();
    await api.close();
  }
}

const LOCAL_RUNS: Record<TemplateId, LocalRun> = {
  async http({ dir, name }, subject) {
    const checks = new SoftChecks(subject);
    await withWatch(checks, dir, {}, async (emulator) => {
      const call = async (file: string) => asHttpResponse(await invoke(emulator, name, { cwd: dir, dataFile: `events/${file}` }));

      await checks.run('invoke hello.json → 200', async () => {
        const res = await call('hello.json');
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/json');
        expect(res.json).toEqual({ message: 'Hello, Ferris!' });
      });
      await checks.run('invoke echo.json → 200 echo', async () => {
        const res = await call('echo.json');
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/json');
        expect(res.json).toEqual(requestBody(dir, 'events/echo.json'));
      });
      await checks.run('invoke bad-json.json → 400', async () => {
        const res = await call('bad-json.json');
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toBe('application/json');
        expect(res.json).toMatchObject({ error: expect.any(String) });
      });
      await checks.run('invoke not-found.json → 404', async () => {
        const res = await call('not-found.json');
        expect(res.statusCode).toBe(404);
        expect(res.headers['content-type']).toBe('application/json');
        expect(res.json).toEqual({ error: 'not found' });
      });
    });
    checks.done();
  },

  async dynamodb({ dir, name }, subject) {
    const checks = new SoftChecks(subject);
    const table = 'crl-e2e-items';
    let dynamo: LocalDynamo | undefined;
    await checks.run('local DynamoDB (dynalite) + table', async () => {
      dynamo = await startDynalite();
      await createTable(dynamo.endpoint, table);
      return dynamo.endpoint;
    });
    const local = dynamo;
    if (local) {
      const env = { ...DUMMY_AWS_ENV, TABLE_NAME: table, AWS_ENDPOINT_URL: local.endpoint };
      try {
        await withWatch(checks, dir, env, async (emulator) => {
          const call = async (file: string) => asHttpResponse(await invoke(emulator, name, { cwd: dir, dataFile: file }));

          await checks.run('invoke get-missing.json → 404', async () => {
            const res = await call('events/get-missing.json');
            expect(res.statusCode).toBe(404);
            expect(res.headers['content-type']).toBe('application/json');
            expect(res.json).toEqual({ error: 'item not found' });
          });
          await checks.run('invoke put-item.json → 201', async () => {
            const res = await call('events/put-item.json');
            expect(res.statusCode).toBe(201);
            expect(res.headers['content-type']).toBe('application/json');
            expect(res.json).toEqual(requestBody(dir, 'events/put-item.json'));
          });
          await checks.run('invoke get-item.json → 200', async () => {
            const res = await call('events/get-item.json');
            expect(res.statusCode).toBe(200);
            expect(res.json).toEqual(requestBody(dir, 'events/put-item.json'));
          });
          await checks.run('invoke invalid item → 400', async () => {
            const event = JSON.parse(readFileSync(join(dir, 'events/put-item.json'), 'utf8')) as { body: string };
            event.body = JSON.stringify({ id: '', name: 'no id', quantity: 1 });
            const file = join(dir, 'e2e-invalid-item.json');
            writeFileSync(file, JSON.stringify(event));
            const res = await call(file);
            expect(res.statusCode).toBe(400);
            expect(res.json).toMatchObject({ error: expect.any(String) });
          });
          await checks.run('DynamoDB down → generic 500', async () => {
            await local.stop();
            const res = await call('events/get-item.json');
            expect(res.statusCode).toBe(500);
            expect(res.json).toEqual({ error: 'internal server error' });
          });
        });
      } finally {
        await local.stop();
      }
      await checks.run('missing TABLE_NAME fails at startup', async () => {
        const binary = lambdaArtifact(name, 'function');
        if (!existsSync(binary)) throw new Unavailable(`no x86_64 build at ${binary} (build step failed)`);
        const result = await run(binary, [], {
          env: { ...env, TABLE_NAME: undefined, AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9' },
          allowFailure: true,
          timeoutMs: 30_000,
        });
        expect(result.code).not.toBe(0);
        expect(`${result.stdout}${result.stderr}`).toContain('TABLE_NAME');
      });
    }
    checks.done();
  },

  async sqs({ dir, name }, subject) {
    const checks = new SoftChecks(subject);
    await withWatch(checks, dir, {}, async (emulator) => {
      await checks.run('invoke batch.json → only the bad id fails', async () => {
        const fixture = JSON.parse(readFileSync(join(dir, 'events/batch.json'), 'utf8')) as {
          Records: { messageId: string; body: string }[];
        };
        const bad = fixture.Records.filter((r) => {
          try {
            JSON.parse(r.body);
            return false;
          } catch {
            return true;
          }
        }).map((r) => r.messageId);
        expect(bad, 'the sample batch has exactly one bad record').toHaveLength(1);
        expect(fixture.Records.length, 'and good ones').toBeGreaterThan(1);
        const res = await invoke(emulator, name, { cwd: dir, dataFile: 'events/batch.json' });
        expect(res).toEqual({ batchItemFailures: [{ itemIdentifier: bad[0] }] });
      });
    });
    checks.done();
  },

  async extension({ name }, subject) {
    const checks = new SoftChecks(subject);
    // An extension runs next to a function: the http project is the companion function.
    const companion = projects.get(`http/${HOST_ARCH}`);
    const binary = lambdaArtifact(name, 'extension');
    if (!companion) {
      await checks.run('extension receives INVOKE', async () => {
        throw new Unavailable('needs the generated http project as companion function (http generation failed)');
      });
      return checks.done();
    }
    await checks.run('extension: INVOKE then SHUTDOWN through the Extensions API', async () => {
      if (!existsSync(binary)) throw new Unavailable(`no x86_64 extension build at ${binary} (build step failed)`);
      return extensionLifecycle(binary);
    });
    await withWatch(checks, companion.dir, {}, async (emulator) => {
      await checks.run('extension receives INVOKE', async () => {
        if (!existsSync(binary)) throw new Unavailable(`no x86_64 extension build at ${binary} (build step failed)`);
        const ext = startBootstrap(emulator, { binary });
        try {
          await waitFor('the extension to register with the emulator', () => /extension registered/.test(plain(ext.output())), 30_000);
          const res = asHttpResponse(await invoke(emulator, companion.name, { cwd: companion.dir, dataFile: 'events/hello.json' }));
          expect(res.statusCode).toBe(200);
          await waitFor('the extension to log the INVOKE event', () => /\binvoke\b.*request_id=/.test(plain(ext.output())), 30_000);
        } catch (err) {
          throw new Error(`${(err as Error).message}\n--- extension output\n${ext.output().slice(-2000)}`);
        } finally {
          await ext.stop();
        }
      });
    });
    checks.done();
  },
};
