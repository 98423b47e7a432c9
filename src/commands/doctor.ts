// `create-rust-lambda doctor [--iac <flavor>] [--arch <arch>] [--json]`: are the tools a generated
// project needs on this machine, recent enough? Each tool in doctor-checks.ts is asked for its
// version in its own process: looked up on PATH (absolute entries only, never the current folder),
// run without a shell from the filesystem root, and stopped after 5 s. Exit 0 when every required
// tool is fine (warnings allowed), 1 when one is missing or too old, 2 for bad input.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, parse, resolve } from 'node:path';
import kleur from 'kleur';
import { ARCH_IDS, ARCHITECTURES, type Arch } from '../arch.js';
import type { Command, ParsedArgs } from '../args.js';
import { CancelledError } from '../errors.js';
import type { Io } from '../io.js';
import { answerRow, convertGiven, optionRow } from '../options.js';
import { findProjectRoot } from '../project/find-project.js';
import { builtinCatalog } from '../template/catalog.js';
import { declaredRustVersion } from '../template/rust-version.js';
import { printable } from '../text/printable.js';
import {
  type Check,
  evaluate,
  forProject,
  type InstallContext,
  isReady,
  listsTarget,
  type Outcome,
  type ProjectMinimums,
  plannedTools,
  type Status,
  type TargetState,
  targetCheck,
  type VersionSpec,
} from './doctor-checks.js';

const TIMEOUT_MS = 5_000;
const MAX_OUTPUT = 64 * 1024;
/** Quiet, offline, and no toolchain downloads: terraform's update check, SAM's telemetry, rustup's auto-install. */
const PROBE_ENV = { CHECKPOINT_DISABLE: '1', SAM_CLI_TELEMETRY: '0', RUSTUP_AUTO_INSTALL: '0', NO_COLOR: '1' };

interface DoctorArgs {
  iac?: string;
  arch: Arch;
}

const flavorIds = () => builtinCatalog().flavors.map((f) => f.id);

function usage(): string {
  return `usage: create-rust-lambda doctor [--iac <flavor>] [--arch <arch>] [--json]   (flavors: ${flavorIds().join(', ')}; architectures: ${ARCH_IDS.join(', ')}; default architecture: ${ARCH_IDS[0]})`;
}

/** --iac and --arch are create's own flags, checked by the same rows. */
function doctorArgs({ given }: ParsedArgs): DoctorArgs {
  const iac = given.iac === undefined ? undefined : String(convertGiven(answerRow('iac'), given.iac, {}));
  const arch = given.arch === undefined ? ARCH_IDS[0] : (convertGiven(answerRow('arch'), given.arch, {}) as Arch);
  return { ...(iac !== undefined ? { iac } : {}), arch };
}

/** An absolute path that is an executable file, as findOnPath would accept it. */
function executableFile(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return undefined;
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}

/**
 * `name` on PATH. Only absolute entries count (an empty or relative entry, like ".", means the
 * current folder), and never the current folder itself: doctor runs nothing from where it is started.
 */
export function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const pathVar = platform === 'win32' ? Object.entries(env).find(([key]) => key.toUpperCase() === 'PATH')?.[1] : env.PATH;
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean) : [''];
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const here = real(cwd);
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir) || real(dir) === here) continue;
    for (const ext of exts) {
      const file = executableFile(join(dir, name + ext));
      if (file) return file;
    }
  }
  return undefined;
}

interface RunContext {
  env: NodeJS.ProcessEnv;
  /** the filesystem root: no rust-toolchain.toml, node_modules/.bin or ziglang/ of the user's folder applies */
  cwd: string;
  signal?: AbortSignal;
}

type RunResult = { ok: true; output: string } | { ok: false; reason: string };

const oneLine = (text: string) => {
  const line =
    text
      .trim()
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
};

/** Runs `file args` without a shell; a hang, a crash or a non-zero exit is a failure with its reason. */
function runProbe(file: string, args: string[], ctx: RunContext): Promise<RunResult> {
  return new Promise((done) => {
    const posix = process.platform !== 'win32';
    let child: ReturnType<typeof spawn>;
    try {
      // its own process group, so a timeout also stops what a wrapper script started
      child = spawn(file, args, {
        cwd: ctx.cwd,
        env: ctx.env,
        shell: false,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: posix,
        windowsHide: true,
      });
    } catch (error) {
      done({ ok: false, reason: `would not start: ${(error as Error).message}` });
      return;
    }
    let stdout = '';
    let stderr = '';
    let settled = false;
    const kill = () => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      kill();
      finish({ ok: false, reason: 'cancelled' });
    };
    const timer = setTimeout(() => {
      kill();
      finish({ ok: false, reason: `did not answer within ${TIMEOUT_MS / 1000} s` });
    }, TIMEOUT_MS);
    function finish(result: RunResult) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', onAbort);
      // a grandchild that keeps the pipes open must not keep this process alive
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
      done(result);
    }
    if (ctx.signal?.aborted) return onAbort();
    ctx.signal?.addEventListener('abort', onAbort);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, reason: `would not start: ${error.code ?? error.message}` }));
    child.on('close', (code, signal) => {
      if (signal) finish({ ok: false, reason: `crashed (${signal})` });
      else if (code !== 0)
        finish({ ok: false, reason: `exited with code ${code}${oneLine(stderr || stdout) ? `: ${oneLine(stderr || stdout)}` : ''}` });
      // some tools (the AWS CLI v1) print their version on stderr
      else finish({ ok: true, output: `${stdout}\n${stderr}` });
    });
  });
}

/** Asks a tool for its version, trying its probes in order. */
async function probeVersion(spec: VersionSpec, ctx: RunContext, cwd: string): Promise<Outcome> {
  const reasons: string[] = [];
  let firstPath: string | undefined;
  for (const [index, probe] of spec.probes.entries()) {
    const command = (probe.fromEnv && ctx.env[probe.fromEnv]) || probe.command;
    const shown = [command, ...probe.args].join(' ');
    const path = isAbsolute(command) ? executableFile(command) : findOnPath(command, ctx.env, cwd);
    if (!path) {
      reasons.push(isAbsolute(command) ? `${command} (${probe.fromEnv}) is not an executable file` : `${command} not found on PATH`);
      continue;
    }
    firstPath ??= path;
    if (process.platform === 'win32' && /\.(cmd|bat)$/i.test(path))
      return { kind: 'unprobed', path, reason: `${path} is a .cmd script, which needs a shell: not run` };
    const result = await runProbe(path, probe.args, ctx);
    if (result.ok) return { kind: 'answered', path, output: result.output, ...(index > 0 ? { via: shown } : {}) };
    reasons.push(`${shown} ${result.reason}`);
  }
  return { kind: 'failed', ...(firstPath ? { path: firstPath } : {}), reason: reasons.join('; ') };
}

/** Is the standard library of the target installed? rustup's list, else rustc's sysroot. */
async function probeTarget(rustTarget: string, ctx: RunContext, cwd: string): Promise<TargetState> {
  const rustup = findOnPath('rustup', ctx.env, cwd);
  if (rustup) {
    const listed = await runProbe(rustup, ['target', 'list', '--installed'], ctx);
    return listed.ok
      ? { via: 'rustup', installed: listsTarget(listed.output, rustTarget) }
      : { via: 'rustup', reason: `rustup target list --installed ${listed.reason}` };
  }
  const rustc = findOnPath('rustc', ctx.env, cwd);
  if (!rustc) return { via: 'none', reason: 'rustup and rustc not found on PATH' };
  const printed = await runProbe(rustc, ['--print', 'sysroot'], ctx);
  const sysroot = printed.ok ? printed.output.trim().split(/\r?\n/)[0] : undefined;
  if (!sysroot || !isAbsolute(sysroot))
    return { via: 'none', reason: `rustup not found, and rustc --print sysroot ${printed.ok ? 'printed no folder' : printed.reason}` };
  return { via: 'sysroot', sysroot, installed: existsSync(join(sysroot, 'lib', 'rustlib', rustTarget, 'lib')) };
}

/** A root Cargo.toml larger than this is not read (a generated one is under 2 KB). */
const MAX_CARGO_TOML = 1024 * 1024;

/**
 * The project doctor runs in (the nearest rust-lambda.toml at or above the folder) and what its
 * root Cargo.toml declares; nothing when there is no project or its Cargo.toml says nothing readable.
 */
function projectMinimums(cwd: string): { root: string | null; minimums: ProjectMinimums } {
  const root = findProjectRoot(resolve(cwd));
  if (!root) return { root: null, minimums: {} };
  const file = join(root, 'Cargo.toml');
  try {
    if (statSync(file).size > MAX_CARGO_TOML) return { root, minimums: {} };
    const version = declaredRustVersion(readFileSync(file, 'utf8'));
    return { root, minimums: version ? { rustVersion: { version, file: printable(file) } } : {} };
  } catch {
    return { root, minimums: {} };
  }
}

export interface DoctorReport {
  ok: boolean;
  /** the project doctor ran in, whose own minimums it checked */
  project: string | null;
  iac: string | null;
  arch: Arch;
  rustTarget: string;
  checks: Check[];
}

async function runChecks(args: DoctorArgs, io: Io): Promise<DoctorReport> {
  const { rustTarget } = ARCHITECTURES[args.arch];
  const ctx: RunContext = {
    env: { ...io.env, ...PROBE_ENV },
    cwd: parse(resolve(io.cwd)).root,
    ...(io.signal ? { signal: io.signal } : {}),
  };
  const install: InstallContext = { rustTarget, rustup: findOnPath('rustup', io.env, io.cwd) !== undefined, platform: process.platform };
  const project = projectMinimums(io.cwd);
  const checks = await Promise.all(
    plannedTools(args.iac).map(async ({ spec, required }) =>
      spec.kind === 'target'
        ? targetCheck(spec, await probeTarget(rustTarget, ctx, io.cwd), install)
        : evaluate(forProject(spec, project.minimums), required, await probeVersion(spec, ctx, io.cwd), install),
    ),
  );
  if (io.signal?.aborted) throw new CancelledError();
  return {
    ok: isReady(checks),
    project: project.root && printable(project.root),
    iac: args.iac ?? null,
    arch: args.arch,
    rustTarget,
    checks,
  };
}

const STATUS_COLOUR: Record<Status, (text: string) => string> = { ok: kleur.green, missing: kleur.red, old: kleur.red, warn: kleur.yellow };

export function renderReport(report: DoctorReport): string {
  const header = [
    report.iac
      ? `Tools for a --iac ${report.iac} project on ${report.arch} (${report.rustTarget}):`
      : `Tools for a project on ${report.arch} (${report.rustTarget}); without --iac, each flavor's own tools are optional:`,
    ...(report.project ? [`Minimums of the project in ${report.project} (its Cargo.toml's rust-version).`] : []),
  ].join('\n');
  // details quote what the tools printed, and paths come from PATH: shown with their control characters escaped
  const rows = [
    ['tool', 'status', 'version', 'minimum', ''],
    ...report.checks.map((c) => [c.tool, c.status, c.version ?? '-', c.minimum ?? '-', printable(c.detail ?? '')]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)) + 2);
  const line = (row: string[], index: number) =>
    `  ${row
      .map((cell, i) => {
        const padded = i < 4 ? cell.padEnd(widths[i] as number) : cell;
        if (index === 0) return kleur.bold(padded);
        return i === 1 ? STATUS_COLOUR[cell as Status](padded) : i === 4 ? kleur.dim(padded) : padded;
      })
      .join('')
      .trimEnd()}`;
  const out = [header, '', ...rows.map(line)];

  // one line per command; tools that share a command share its line
  const fixes = new Map<string, string[]>();
  for (const c of report.checks) if (c.install) fixes.set(c.install, [...(fixes.get(c.install) ?? []), c.tool]);
  if (fixes.size > 0) {
    const labels = [...fixes.values()].map((tools) => `${tools.join(', ')}:`);
    const width = Math.max(...labels.map((l) => l.length)) + 2;
    out.push('', kleur.bold('Install or update:'), ...[...fixes.keys()].map((cmd, i) => `  ${(labels[i] as string).padEnd(width)}${cmd}`));
  }

  const failing = report.checks.filter((c) => c.required && (c.status === 'missing' || c.status === 'old')).map((c) => c.tool);
  const warnings = report.checks.filter((c) => c.status === 'warn').length;
  out.push(
    '',
    report.ok
      ? `${kleur.green('✔')} Ready: every required tool is there${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}.`
      : `${kleur.red('✖')} Not ready: ${failing.join(', ')} ${failing.length === 1 ? 'is' : 'are'} missing or too old.`,
  );
  return out.join('\n');
}

export const doctor: Command = {
  name: 'doctor',
  usage,
  options: ['iac', 'arch', 'json', 'help'].map(optionRow),
  run: async (args, io) => {
    const report = await runChecks(doctorArgs(args), io);
    io.out(args.behaviour.json ? JSON.stringify(report, null, 2) : renderReport(report));
    return report.ok ? 0 : 1;
  },
};
