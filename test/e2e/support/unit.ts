// The unit checks of a template × arch: the one release compile (`cargo lambda build
// --release --package <function>`, as the generated README says), the binary's architecture,
// and the template's cases against that release binary — natively, or under qemu for arm64.
// Every later build of the same template × arch (sam build, cdk synth, the Terraform zips)
// finds this compile done; a lifecycle workspace's compile (lifecycle.ts) works the same way.
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { cargoLambdaBuild } from '../../harness/cargo-lambda.js';
import { assertElf } from '../../harness/elf.js';
import { runnerFor, runUnavailable } from '../../harness/emulation.js';
import { Unavailable } from '../../harness/errors.js';
import { BACKGROUND_KEEP, type Background, background, plain, requireTool, run, waitFor, withTimeout } from '../../harness/exec.js';
import { judgeJsonLogs } from '../../harness/json-logs.js';
import { CACHE_DIR } from '../../harness/paths.js';
import { statedSizes, unmeasured } from '../../harness/readme/stated-sizes.js';
import { type ExtensionEvent, LocalLambdaApi } from '../../harness/runtime-api.js';
import { type Arch, buildSetup, buildUnavailable } from '../../harness/toolchain.js';
import { unitName } from '../cases/plan.js';
import type { TemplateCase } from '../cases/templates.js';
import { answerCase, judge } from './answers.js';
import { type Emulator, startBootstrap, startWatch } from './lambda-local.js';
import type { Lane } from './lanes.js';
import { check, Skipped } from './matrix.js';
import { unitProject } from './projects.js';
import { type Services, startServices } from './services.js';

const MINUTE = 60_000;
type InvokeEvent = Extract<ExtensionEvent, { eventType: 'INVOKE' }>;

/** This run's copies of the release binaries (another run on the machine has its own). */
const BIN_COPIES = join(CACHE_DIR, 'e2e-bin', String(process.pid));

/** Removes this run's copies of the release binaries. */
export function cleanupBinaries(): void {
  rmSync(BIN_COPIES, { recursive: true, force: true });
}

/** Release binaries by compile (a template × arch, or a lifecycle workspace × arch), then by name: copies taken right after the compile. */
const built = new Map<string, Record<string, string>>();
export const templateCompile = (template: string, arch: Arch) => `${template}/${arch}`;

/** Compiles waited for from another lane (the deploy lane), settled when each ends. */
const finished = new Map<string, { promise: Promise<void>; resolve(): void; reject(err: unknown): void }>();
function finishedEntry(compile: string) {
  let entry = finished.get(compile);
  if (!entry) {
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => undefined); // nobody may wait
    entry = { promise, resolve, reject };
    finished.set(compile, entry);
  }
  return entry;
}

/** Resolves when `compile` is done (another lane runs it); Unavailable when it failed or did not run within `ms`. */
export async function compileFinished(compile: string, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Unavailable(`the compile ${compile} did not finish within ${ms / 60_000} minutes`)), ms);
  });
  try {
    await Promise.race([finishedEntry(compile).promise, late]);
  } catch (err) {
    throw err instanceof Unavailable ? err : new Unavailable(`the compile ${compile} failed: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The release binary `name` of a compile; a named failure when that compile failed. */
export function builtBinary(compile: string, name: string): string {
  const binary = built.get(compile)?.[name];
  if (!binary) throw new Unavailable(`no release build of ${name} (${compile}): its compile failed; this check reuses it`);
  return binary;
}

/** The release binary of a template × arch; a named failure when its compile failed. */
export function unitBinary(t: TemplateCase, arch: Arch): string {
  return builtBinary(templateCompile(t.id, arch), unitName(t.id, arch));
}

/**
 * Compiles every function of the workspace at `dir` for `arch`, each crate on its own as the
 * README builds it, and keeps a copy of each binary under `compile`: the cases run the copies,
 * while sam build and cdk synth replace the built files.
 */
export async function compileWorkspace(
  compile: string,
  dir: string,
  functions: { name: string; kind: TemplateCase['kind'] }[],
  arch: Arch,
): Promise<string> {
  try {
    const detail = await compileOnce(compile, dir, functions, arch);
    finishedEntry(compile).resolve();
    return detail;
  } catch (err) {
    finishedEntry(compile).reject(err);
    throw err;
  }
}

async function compileOnce(
  compile: string,
  dir: string,
  functions: { name: string; kind: TemplateCase['kind'] }[],
  arch: Arch,
): Promise<string> {
  await requireTool('cargo', ['lambda', '--version'], 'install it with `pip install cargo-lambda ziglang` (or `npm run toolchains`)');
  const missing = buildUnavailable(arch);
  if (missing) throw new Unavailable(missing);
  // each crate on its own, as the README and every flavor build it
  const builds = functions.map((f) => ({ name: [f.name], kind: f.kind }));
  const copies: Record<string, string> = {};
  const details: string[] = [];
  let crates = 0;
  let ms = 0;
  for (const b of builds) {
    const result = await cargoLambdaBuild({ dir, name: b.name, arch, kind: b.kind });
    crates += result.crates;
    ms += result.ms;
    for (const [name, binary] of Object.entries(result.binaries)) {
      details.push(assertElf(binary, arch));
      // one folder per compile: two compiles may make a function of the same name
      const copy = join(BIN_COPIES, compile.replace(/[^\w.-]+/g, '_'), name);
      mkdirSync(dirname(copy), { recursive: true });
      copyFileSync(binary, `${copy}.new`);
      renameSync(`${copy}.new`, copy); // a case may still run the previous copy
      copies[name] = copy;
    }
  }
  built.set(compile, copies);
  return `${details.join('; ')}; ${crates} crates compiled in ${Math.round(ms / 1000)}s (${buildSetup(arch).via})`;
}

function runner(arch: Arch): string[] {
  const why = runUnavailable(arch);
  if (why) throw new Unavailable(why);
  return runnerFor(arch) ?? [];
}

function compile(lane: Lane, t: TemplateCase, arch: Arch): void {
  lane.it(`${t.id} ${arch}: cargo lambda build --release`, () =>
    check({ subject: t.id, arch, check: 'cargo lambda build --release' }, () => {
      const { dir, name } = unitProject(t.id, arch);
      return compileWorkspace(templateCompile(t.id, arch), dir, [{ name, kind: t.kind }], arch);
    }),
  );
  if (t.kind === 'function') statedSizeCheck(lane, t.id, arch, templateCompile(t.id, arch), () => unitProject(t.id, arch).dir);
}

/** How far a built bootstrap may be from the size the README states (the benchmark's, from another machine's run). */
const STATED_SIZE_SLACK = 0.1;

/**
 * After a compile: the bootstrap size the project's README states for each function (the
 * benchmark's figures of its template) is within STATED_SIZE_SLACK of what was built. A template
 * whose dependencies or profile changed fails here until `npm run bench` measures it again.
 */
export function statedSizeCheck(lane: Lane, subject: string, arch: Arch, compile: string, dir: () => string): void {
  const name = 'README: the bootstrap size it states';
  lane.it(`${subject} ${arch}: ${name}`, () =>
    check({ subject, arch, check: name }, () => {
      const readme = readFileSync(join(dir(), 'README.md'), 'utf8');
      const stated = statedSizes(readme);
      if (stated.size === 0 && unmeasured(readme).length > 0)
        throw new Skipped('the README says its functions were not measured with these variables');
      if (stated.size === 0) throw new Error('the README states no bootstrap size ("What a million calls cost")');
      const lines = [...stated].map(([fn, sizes]) => {
        const built = statSync(builtBinary(compile, fn)).size;
        const off = built / sizes[arch] - 1;
        const line = `${fn}: built ${(built / 2 ** 20).toFixed(2)} MiB, stated ${(sizes[arch] / 2 ** 20).toFixed(2)} MiB (${off >= 0 ? '+' : ''}${(off * 100).toFixed(1)}%)`;
        if (Math.abs(off) > STATED_SIZE_SLACK)
          throw new Error(`${line}: more than ${STATED_SIZE_SLACK * 100}% off; measure again with \`npm run bench\``);
        return line;
      });
      return lines.join('; ');
    }),
  );
}

/**
 * What Lambda passes a function whose logging configuration sets the JSON format, and the
 * function's own crate at debug so that every case logs (the rest at Lambda's default, info,
 * where the runtime's span of each invocation is).
 */
const jsonLogs = (crate: string) => ({ AWS_LAMBDA_LOG_FORMAT: 'JSON', RUST_LOG: `info,${crate.replace(/-/g, '_')}=debug` });

/** The function's cases: `cargo lambda watch --only-lambda-apis` serves the Runtime API, the release binary answers, logging JSON. */
function functionCases(lane: Lane, t: TemplateCase, arch: Arch): void {
  let services: Services | undefined;
  let emulator: Emulator | undefined;
  let fn: Background | undefined;
  lane.after(async () => {
    await fn?.stop();
    await emulator?.stop();
    await services?.stop();
  });
  const row = (name: string) => ({ subject: t.id, arch, check: `release binary: ${name}` });
  const cwd = () => unitProject(t.id, arch).dir;
  const fnDir = () => unitProject(t.id, arch).fnDir;
  const env = () => buildSetup(arch).env;
  lane.it(`${t.id} ${arch}: release binary starts`, () =>
    check(row('starts'), async () => {
      const binary = unitBinary(t, arch);
      const prefix = runner(arch);
      services = await startServices([{ name: unitName(t.id, arch), t, dir: fnDir() }]);
      emulator = await startWatch({ cwd: cwd(), env: { ...env(), ...services.env }, onlyLambdaApis: true });
      fn = startBootstrap(emulator, binary, prefix, { ...services.env, ...jsonLogs(unitProject(t.id, arch).name) });
      return [prefix.length > 0 ? 'under qemu-aarch64' : 'native', services.detail].filter(Boolean).join('; ');
    }),
  );
  for (const c of t.invokes) {
    lane.it(`${t.id} ${arch}: release binary ${c.name}`, () =>
      check(row(c.name), async () => {
        if (!emulator || !services || !fn) throw new Unavailable('the release binary did not start');
        if (c.servicesDown) await services.stop();
        try {
          return judge(fnDir(), c, await answerCase(emulator, undefined, fnDir(), c, { cwd: cwd(), env: env(), timeoutMs: 5 * MINUTE }));
        } catch (err) {
          throw new Error(`${(err as Error).message}\n--- function output\n${fn.output().slice(-2000)}`);
        }
      }),
    );
  }
  lane.it(`${t.id} ${arch}: release binary logs JSON`, () =>
    check(row('logs JSON, the request id on each line'), async () => {
      if (!fn) throw new Unavailable('the release binary did not start');
      const output = fn.output();
      return judgeJsonLogs(output, output.length >= BACKGROUND_KEEP);
    }),
  );
  for (const c of t.startup) {
    lane.it(`${t.id} ${arch}: release binary ${c.name}`, () =>
      check(row(c.name), async () => {
        const [cmd, ...args] = [...runner(arch), unitBinary(t, arch)];
        // the environment of the run above, but for the change the case makes
        const result = await run(cmd ?? '', args, {
          env: { ...services?.env, ...c.env, AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9' },
          allowFailure: true,
          timeoutMs: 60_000,
        });
        expect(result.code, 'exit code').not.toBe(0);
        expect(`${result.stdout}${result.stderr}`).toMatch(c.output);
        return `exit ${result.code}`;
      }),
    );
  }
}

/** The extension against our local Extensions API: it registers, logs the INVOKE, and exits 0 on SHUTDOWN within 2 s. */
function extensionLifecycle(lane: Lane, t: TemplateCase, arch: Arch): void {
  const ext = t.extension;
  if (!ext) return;
  lane.it(`${t.id} ${arch}: release binary ${ext.name}`, () =>
    check({ subject: t.id, arch, check: `release binary: ${ext.name}` }, async () => {
      const [cmd, ...args] = [...runner(arch), unitBinary(t, arch)];
      const api = await new LocalLambdaApi({ functionName: 'companion' }).listen();
      const proc = background(cmd ?? '', args, {
        env: {
          AWS_LAMBDA_RUNTIME_API: api.address,
          AWS_LAMBDA_LOG_LEVEL: 'info',
          AWS_LAMBDA_FUNCTION_NAME: 'companion',
          AWS_REGION: 'us-east-1',
        },
      });
      try {
        await withTimeout(api.firstNext(), 60_000, 'registering and asking for the first event');
        const invokeEvent = JSON.parse(readFileSync(join(unitProject(t.id, arch).fnDir, 'events', ext.event), 'utf8')) as InvokeEvent;
        await api.extensionEvent({ ...invokeEvent, eventType: 'INVOKE', deadlineMs: Date.now() + 10_000 });
        await waitFor('the INVOKE log line', () => ext.invokeLog(invokeEvent.requestId).test(plain(proc.output())), 10_000);
        const started = Date.now();
        void api.extensionEvent({ eventType: 'SHUTDOWN', shutdownReason: 'spindown', deadlineMs: Date.now() + 2_000 });
        const code = await withTimeout(proc.exited, 5_000, 'exit after SHUTDOWN');
        const tookMs = Date.now() - started;
        expect(code, 'exit code after SHUTDOWN').toBe(0);
        expect(tookMs, 'Lambda allows 2 s for SHUTDOWN').toBeLessThan(2_000);
        expect(plain(proc.output())).toMatch(ext.shutdownLog);
        return `registered, logged the INVOKE, exited 0 ${tookMs} ms after SHUTDOWN`;
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- extension output\n${proc.output().slice(-2000)}`);
      } finally {
        await proc.stop();
        await api.close();
      }
    }),
  );
}

/** Registers a template × arch's unit checks, in order. */
export function unitChecks(lane: Lane, t: TemplateCase, arch: Arch): void {
  compile(lane, t, arch);
  if (t.kind === 'function') functionCases(lane, t, arch);
  extensionLifecycle(lane, t, arch);
}
