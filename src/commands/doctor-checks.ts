// What `create-rust-lambda doctor` checks, as data: one row per tool with the command that prints
// its version, where the version is in the answer, the oldest version we support (and why), which
// projects need it, and which row of doctor-install.ts says how to install or update it on each
// operating system. Everything here is pure; doctor.ts runs the probes and prints the report.
import { compareVersions } from '../template/rust-version.js';
import { type AdviceId, type InstallContext, installCommand, PINS, updateCommand } from './doctor-install.js';

export { compareVersions } from '../template/rust-version.js';

export type { InstallContext } from './doctor-install.js';

export type Status = 'ok' | 'missing' | 'old' | 'warn';

/** One line of the report (and of `--json`). */
export interface Check {
  tool: string;
  required: boolean;
  /** found and answered (a tool that hangs, crashes or fails counts as not found) */
  found: boolean;
  version: string | null;
  minimum: string | null;
  status: Status;
  /** one copy-pasteable command, or the install page when there is no one command */
  install?: string;
  detail?: string;
  /** where it was found on PATH */
  path?: string;
}

export interface Probe {
  command: string;
  args: string[];
  /** an environment variable that, when set, names the program to run instead (a name on PATH or an absolute path) */
  fromEnv?: string;
}

/**
 * Who needs a tool: every project, the projects of some flavors, only the deploy and try-it
 * commands, or nobody (an extra: never required, shown with what it is for).
 */
export type Need = { for: 'build' } | { for: 'flavor'; flavors: string[] } | { for: 'deploy' } | { for: 'extra'; purpose: string };

export interface VersionSpec {
  kind: 'version';
  tool: string;
  /** tried in order; the first that answers wins */
  probes: Probe[];
  /** the version is the first group; null for a tool that does not print its version (answering is enough) */
  version: RegExp | null;
  minimum: string | null;
  /** why this minimum */
  why: string;
  need: Need;
  /** its row of install advice (doctor-install.ts) */
  advice: AdviceId;
  /** shown beside a tool that is fine */
  note?: string;
  /** the project's own minimum that raises this one, when doctor runs inside a project */
  projectMinimum?: keyof ProjectMinimums;
}

/** What the project doctor runs in declares (each with the file that says so). */
export interface ProjectMinimums {
  rustVersion?: { version: string; file: string };
}

const threeParts = (version: string) => [...version.split('.'), '0', '0'].slice(0, 3).join('.');

/** The spec with the project's own minimum, where the project declares one above the spec's. */
export function forProject(spec: VersionSpec, project: ProjectMinimums): VersionSpec {
  const declared = spec.projectMinimum ? project[spec.projectMinimum] : undefined;
  if (!declared || (spec.minimum !== null && compareVersions(declared.version, spec.minimum) <= 0)) return spec;
  return { ...spec, minimum: threeParts(declared.version), why: `${declared.file} declares rust-version ${declared.version}` };
}

/** The Rust standard library for the chosen architecture's target (rustup's list, else rustc's sysroot). */
export interface TargetSpec {
  kind: 'target';
  tool: string;
  need: Need;
}

export type ToolSpec = VersionSpec | TargetSpec;

const BUILD: Need = { for: 'build' };

export const TOOLS: ToolSpec[] = [
  {
    kind: 'version',
    tool: 'rustc',
    probes: [{ command: 'rustc', args: ['--version'] }],
    version: /^rustc (\d+\.\d+\.\d+)/m,
    minimum: '1.85.0',
    why: 'the generated crates use edition 2024',
    need: BUILD,
    advice: 'rust',
    projectMinimum: 'rustVersion',
  },
  { kind: 'target', tool: 'rust-target', need: BUILD },
  {
    kind: 'version',
    tool: 'cargo',
    probes: [{ command: 'cargo', args: ['--version'] }],
    version: /^cargo (\d+\.\d+\.\d+)/m,
    minimum: '1.85.0',
    why: 'the generated crates use edition 2024',
    need: BUILD,
    advice: 'rust',
    projectMinimum: 'rustVersion',
  },
  {
    kind: 'version',
    tool: 'cargo-lambda',
    // `cargo lambda --version` runs this binary as `cargo-lambda lambda --version`
    probes: [{ command: 'cargo-lambda', args: ['lambda', '--version'] }],
    version: /^cargo-lambda (\d+\.\d+\.\d+)/m,
    minimum: '1.0.0',
    why: "the README's build, deploy and invoke commands are cargo lambda 1.x's",
    need: BUILD,
    advice: 'cargo-lambda',
  },
  {
    kind: 'version',
    tool: 'zig',
    // cargo lambda cross-compiles with cargo-zigbuild, which runs `zig` (CARGO_ZIGBUILD_ZIG_PATH, else
    // zig) or `<python> -m ziglang` (CARGO_ZIGBUILD_PYTHON_PATH, else python3): the ziglang wheel
    // that comes with cargo-lambda's own, in its pipx venv
    probes: [
      { command: 'zig', args: ['version'], fromEnv: 'CARGO_ZIGBUILD_ZIG_PATH' },
      { command: 'python3', args: ['-m', 'ziglang', 'version'], fromEnv: 'CARGO_ZIGBUILD_PYTHON_PATH' },
    ],
    version: /^(\d+\.\d+\.\d+)/m,
    minimum: '0.9.0',
    why: "cargo-zigbuild's minimum",
    need: BUILD,
    advice: 'zig',
  },
  {
    kind: 'version',
    tool: 'sam',
    probes: [{ command: 'sam', args: ['--version'] }],
    version: /version (\d+\.\d+\.\d+)/,
    minimum: '1.156.0',
    why: 'the first SAM CLI that builds BuildMethod rust-cargolambda without --beta-features',
    need: { for: 'flavor', flavors: ['sam'] },
    advice: 'sam',
  },
  {
    kind: 'version',
    tool: 'node',
    probes: [{ command: 'node', args: ['--version'] }],
    version: /^v(\d+\.\d+\.\d+)/m,
    minimum: '22.0.0',
    why: 'the CDK app in infra/ needs Node.js 22 or later (20 is past its end of life)',
    need: { for: 'flavor', flavors: ['cdk'] },
    advice: 'node',
  },
  {
    kind: 'version',
    tool: 'npm',
    probes: [{ command: 'npm', args: ['--version'] }],
    version: /^(\d+\.\d+\.\d+)/m,
    minimum: null,
    why: 'it comes with Node.js',
    need: { for: 'flavor', flavors: ['cdk'] },
    advice: 'node',
    note: 'the AWS CDK CLI is a dev dependency of infra/: cd infra && npm install',
  },
  {
    kind: 'version',
    tool: 'terraform',
    probes: [{ command: 'terraform', args: ['version'] }],
    version: /^Terraform v(\d+\.\d+\.\d+)/m,
    minimum: '1.6.0',
    why: 'the README asks for Terraform 1.6 or later',
    need: { for: 'flavor', flavors: ['terraform'] },
    advice: 'terraform',
  },
  {
    kind: 'version',
    tool: 'aws',
    probes: [{ command: 'aws', args: ['--version'] }],
    version: /aws-cli\/(\d+\.\d+\.\d+)/,
    minimum: '2.0.0',
    why: "the README's deploy and try-it commands (the none flavor's log format, aws logs tail, --cli-binary-format) are AWS CLI v2's",
    need: { for: 'deploy' },
    advice: 'aws',
  },
  {
    kind: 'version',
    tool: 'ministack',
    // it has no --version; --help answers without starting the server
    probes: [{ command: 'ministack', args: ['--help'] }],
    version: null,
    minimum: null,
    why: `the version doctor installs is ${PINS.ministack}`,
    need: { for: 'extra', purpose: 'deploy and try the project on a local AWS, no account, no Docker' },
    advice: 'ministack',
    note: `it does not print its version (the pinned one is ${PINS.ministack})`,
  },
];

export interface Planned {
  spec: ToolSpec;
  required: boolean;
}

/**
 * The tools to check, in report order. With a flavor: the shared tools and that flavor's, required;
 * without one: the shared tools required and every flavor's optional. Deploy-only tools and extras
 * are always optional.
 */
export function plannedTools(iac: string | undefined, tools: ToolSpec[] = TOOLS): Planned[] {
  return tools.flatMap((spec): Planned[] => {
    const need = spec.need;
    if (need.for === 'build') return [{ spec, required: true }];
    if (need.for === 'deploy' || need.for === 'extra') return [{ spec, required: false }];
    if (iac === undefined) return [{ spec, required: false }];
    return need.flavors.includes(iac) ? [{ spec, required: true }] : [];
  });
}

/** The version a tool printed, as the spec's pattern finds it. */
export function parseVersion(output: string, pattern: RegExp): string | undefined {
  return pattern.exec(output)?.[1];
}

/** What happened when a tool was asked for its version. */
export type Outcome =
  /** `via` names a fallback probe that answered, e.g. "python3 -m ziglang version" */
  | { kind: 'answered'; path: string; output: string; via?: string }
  /** on PATH but not run (a Windows .cmd script needs a shell) */
  | { kind: 'unprobed'; path: string; reason: string }
  /** not on PATH, would not start, exited non-zero, crashed or hung */
  | { kind: 'failed'; path?: string; reason: string };

const joined = (...parts: Array<string | undefined>) => parts.filter(Boolean).join('; ') || undefined;

const OPTIONAL_BECAUSE: { [F in Need['for']]: (need: Extract<Need, { for: F }>) => string | undefined } = {
  build: () => undefined,
  deploy: () => 'optional: only the deploy and try-it commands need it',
  flavor: (need) => `optional: only --iac ${need.flavors.join(' / --iac ')} needs it`,
  extra: (need) => `optional: to ${need.purpose}`,
};
const optionalBecause = (need: Need) => (OPTIONAL_BECAUSE[need.for] as (n: Need) => string | undefined)(need);

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/)[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** A check with its fields in the documented order (and no undefined ones), for a stable --json. */
function check(c: Check): Check {
  const { tool, required, found, version, minimum, status, install, detail, path } = c;
  return {
    tool,
    required,
    found,
    version,
    minimum,
    status,
    ...(install ? { install } : {}),
    ...(detail ? { detail } : {}),
    ...(path ? { path } : {}),
  };
}

/** One tool's line of the report. A tool that is not required is never 'missing' or 'old', only 'warn'. */
export function evaluate(spec: VersionSpec, required: boolean, outcome: Outcome, ctx: InstallContext): Check {
  const optional = required ? undefined : optionalBecause(spec.need);
  const base = { tool: spec.tool, required, minimum: spec.minimum, path: outcome.path };
  if (outcome.kind === 'failed') {
    const status = required ? 'missing' : 'warn';
    return check({
      ...base,
      found: false,
      version: null,
      status,
      install: installCommand(spec.advice, ctx),
      detail: joined(outcome.reason, optional),
    });
  }
  if (outcome.kind === 'unprobed')
    return check({ ...base, found: true, version: null, status: 'warn', detail: joined(outcome.reason, optional) });
  const via = outcome.via ? `via ${outcome.via}` : undefined;
  if (spec.version === null) return check({ ...base, found: true, version: null, status: 'ok', detail: joined(via, spec.note, optional) });
  const version = parseVersion(outcome.output, spec.version);
  if (version === undefined) {
    const detail = `found, but its version is not in its answer: ${JSON.stringify(firstLine(outcome.output))}`;
    return check({ ...base, found: true, version: null, status: 'warn', detail: joined(detail, via, optional) });
  }
  if (spec.minimum !== null && compareVersions(version, spec.minimum) < 0) {
    const status = required ? 'old' : 'warn';
    const detail = `older than ${spec.minimum}: ${spec.why}`;
    return check({
      ...base,
      found: true,
      version,
      status,
      install: updateCommand(spec.advice, ctx),
      detail: joined(detail, via, optional),
    });
  }
  return check({ ...base, found: true, version, status: 'ok', detail: joined(via, spec.note, optional) });
}

/** Whether `rustup target list --installed` lists the target. */
export function listsTarget(output: string, target: string): boolean {
  return output.split(/\r?\n/).some((line) => line.trim().split(/\s+/)[0] === target);
}

/** What is known about the target's standard library. */
export type TargetState =
  | { via: 'rustup'; installed: boolean }
  | { via: 'rustup'; reason: string }
  /** rustup is not on PATH: rustc's sysroot is looked at instead */
  | { via: 'sysroot'; sysroot: string; installed: boolean }
  | { via: 'none'; reason: string };

/** The target's line of the report. */
export function targetCheck(spec: TargetSpec, state: TargetState, ctx: InstallContext): Check {
  const target = ctx.rustTarget;
  const base = { tool: spec.tool, required: true, version: null, minimum: null };
  const install = state.via === 'rustup' ? `rustup target add ${target}` : installCommand('rust', ctx);
  const missing = (detail: string): Check => check({ ...base, found: false, status: 'missing', install, detail });
  if ('reason' in state) return missing(state.reason);
  if (state.via === 'rustup') {
    return state.installed
      ? check({ ...base, found: true, status: 'ok', detail: `${target} is installed (rustup)` })
      : missing(`${target} is not installed (rustup target list --installed); cargo lambda needs its standard library`);
  }
  return state.installed
    ? check({ ...base, found: true, status: 'ok', detail: `rustup not found; ${state.sysroot} has the ${target} standard library` })
    : missing(`rustup not found, and ${state.sysroot} has no ${target} standard library`);
}

/** Ready when no required tool is missing or too old; warnings are allowed. */
export function isReady(checks: Check[]): boolean {
  return checks.every((c) => !c.required || (c.status !== 'missing' && c.status !== 'old'));
}
