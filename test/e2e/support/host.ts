// The host checks of a template (debug builds, arch-independent): cargo fmt, clippy and test
// of it and its variants at the workspace root, and its cases through `cargo lambda watch` +
// `cargo lambda invoke <name>`, the developer's loop. They run in the host arch's workspace and
// target folder. The lifecycle projects of several functions use the same checks.
import { join } from 'node:path';
import { expect } from 'vitest';
import { Unavailable } from '../../harness/errors.js';
import { background, plain, requireTool, run, waitFor } from '../../harness/exec.js';
import { HOST, targetDir } from '../../harness/toolchain.js';
import { unitName } from '../cases/plan.js';
import type { TemplateCase } from '../cases/templates.js';
import { answerCase, judge } from './answers.js';
import { functionDir } from './generate.js';
import { type Emulator, invoke, startWatch } from './lambda-local.js';
import type { Lane } from './lanes.js';
import { check } from './matrix.js';
import { unitProject, variantProject } from './projects.js';
import { type Services, startServices } from './services.js';

const MINUTE = 60_000;
const cargoEnv = { CARGO_TARGET_DIR: targetDir(HOST), CARGO_TERM_COLOR: 'never' };
const cargo = (dir: string, args: string[], timeoutMs = 45 * MINUTE) => run('cargo', args, { cwd: dir, env: cargoEnv, timeoutMs });

/** cargo fmt, clippy and test at the workspace root `dir()`. */
export function rustChecks(lane: Lane, subject: string, dir: () => string): void {
  const row = (name: string) => ({ subject, arch: 'host', check: name });
  lane.it(`${subject}: cargo fmt --check`, () =>
    check(row('cargo fmt --check'), async () => {
      await requireTool('cargo', ['fmt', '--version'], 'install rustfmt (`rustup component add rustfmt`)');
      await cargo(dir(), ['fmt', '--check'], 2 * MINUTE);
    }),
  );
  lane.it(`${subject}: cargo clippy --all-targets -- -D warnings`, () =>
    check(row('cargo clippy -D warnings'), async () => {
      await requireTool('cargo', ['clippy', '--version'], 'install clippy (`rustup component add clippy`)');
      await cargo(dir(), ['clippy', '--all-targets', '--', '-D', 'warnings']);
    }),
  );
  lane.it(`${subject}: cargo test`, () =>
    check(row('cargo test'), async () => {
      const { stdout } = await cargo(dir(), ['test']);
      const passed = [...stdout.matchAll(/test result: ok\. (\d+) passed/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(passed, 'the template ships unit tests').toBeGreaterThan(0);
      return `${passed} tests`;
    }),
  );
}

/** A function of a watched workspace: its name (`cargo lambda invoke <name>`) and its template's cases. */
export interface WatchedFunction {
  name: string;
  t: TemplateCase;
}

/**
 * Every case of every function in `functions` through one `cargo lambda watch` at the workspace
 * root `dir()` and `cargo lambda invoke <name>`, with the services they all need. A function
 * whose cases take the services down goes last.
 */
export function watchCases(lane: Lane, subject: string, functions: WatchedFunction[], dir: () => string): void {
  let services: Services | undefined;
  let emulator: Emulator | undefined;
  lane.after(async () => {
    await emulator?.stop();
    await services?.stop();
  });
  const ordered = [
    ...functions.filter((f) => !f.t.invokes.some((c) => c.servicesDown)),
    ...functions.filter((f) => f.t.invokes.some((c) => c.servicesDown)),
  ];
  const several = functions.length > 1;
  const row = (name: string) => ({ subject, arch: 'host', check: name });
  lane.it(`${subject}: cargo lambda watch starts`, () =>
    check(row('cargo lambda watch starts'), async () => {
      await requireTool('cargo', ['lambda', '--version'], 'install it with `npm run toolchains`');
      services = await startServices(functions.map((f) => ({ ...f, dir: functionDir(dir(), f.name) })));
      emulator = await startWatch({ cwd: dir(), env: { ...cargoEnv, ...services.env } });
      return [`port ${emulator.port}`, services.detail].filter(Boolean).join('; ');
    }),
  );
  for (const f of ordered) {
    for (const c of f.t.invokes) {
      const name = `watch + invoke${several ? ` ${f.name}` : ''}: ${c.name}`;
      lane.it(`${subject}: ${name}`, () =>
        check(row(name), async () => {
          if (!emulator || !services) throw new Unavailable('cargo lambda watch did not start');
          const fnDir = functionDir(dir(), f.name);
          if (c.servicesDown) await services.stop();
          // the first invoke of a function compiles it (debug)
          return judge(fnDir, c, await answerCase(emulator, f.name, fnDir, c, { cwd: dir(), env: cargoEnv }));
        }),
      );
    }
  }
}

/** The extension (debug build) beside its companion function under `cargo lambda watch`: it registers and sees the INVOKE. */
function extensionBesideCompanion(lane: Lane, t: TemplateCase): void {
  const ext = t.extension;
  if (!ext) return;
  const name = `extension receives INVOKE beside the ${ext.companion} function under cargo lambda watch`;
  lane.it(`${t.id}: ${name}`, () =>
    check({ subject: t.id, arch: 'host', check: name }, async () => {
      const { dir, name: extName } = unitProject(t.id, HOST);
      const companion = unitProject(ext.companion, HOST);
      await cargo(dir, ['build']);
      const emulator = await startWatch({ cwd: companion.dir, env: cargoEnv });
      const proc = background(join(targetDir(HOST), 'debug', extName), [], {
        env: { AWS_LAMBDA_RUNTIME_API: emulator.runtimeApi, AWS_LAMBDA_FUNCTION_NAME: companion.name, AWS_REGION: 'us-east-1' },
      });
      try {
        await waitFor('the extension to register with the emulator', () => /extension registered/.test(plain(proc.output())), 30_000);
        const answer = await invoke(emulator, companion.name, {
          cwd: companion.dir,
          dataFile: join(companion.fnDir, 'events', ext.companionEvent),
          env: cargoEnv,
        });
        expect((answer as { statusCode?: number }).statusCode).toBe(200);
        await waitFor('the extension to log the INVOKE event', () => /\binvoke\b.*request_id=/.test(plain(proc.output())), 30_000);
        return 'registered, logged the INVOKE';
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- extension output\n${proc.output().slice(-2000)}`);
      } finally {
        await proc.stop();
        await emulator.stop();
      }
    }),
  );
}

/** Registers a template's host checks, in order. */
export function hostChecks(lane: Lane, t: TemplateCase): void {
  rustChecks(lane, t.id, () => unitProject(t.id, HOST).dir);
  for (const v of t.variants) rustChecks(lane, v.label, () => variantProject(v.label).dir);
  if (t.invokes.length > 0) watchCases(lane, t.id, [{ name: unitName(t.id, HOST), t }], () => unitProject(t.id, HOST).dir);
  extensionBesideCompanion(lane, t);
}
