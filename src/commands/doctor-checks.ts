// What `create-rust-lambda doctor` checks, as data: one row per tool with the command that prints
// its version, where the version is in the answer, the oldest version we support (and why), which
// projects need it, and how to install or update it. Everything here is pure; doctor.ts runs the
// probes and prints the report.

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

/** What the install commands depend on. */
export interface InstallContext {
  rustTarget: string;
  /** rustup is on PATH */
  rustup: boolean;
  platform: NodeJS.Platform;
}

type Command = string | ((ctx: InstallContext) => string);

export interface Probe {
  command: string;
  args: string[];
}

/** Who needs a tool: every project, the projects of some flavors, or only the deploy and try-it commands. */
export type Need = { for: 'build' } | { for: 'flavor'; flavors: string[] } | { for: 'deploy' };

export interface VersionSpec {
  kind: 'version';
  tool: string;
  /** tried in order; the first that answers wins */
  probes: Probe[];
  /** the version is the first group */
  version: RegExp;
  minimum: string | null;
  /** why this minimum */
  why: string;
  need: Need;
  install: Command;
  /** for a version older than the minimum (default: install) */
  update?: Command;
  /** shown beside a tool that is fine */
  note?: string;
}

/** The Rust standard library for the chosen architecture's target (rustup's list, else rustc's sysroot). */
export interface TargetSpec {
  kind: 'target';
  tool: string;
  need: Need;
}

export type ToolSpec = VersionSpec | TargetSpec;

const RUSTUP_SH = "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh";
/** rustup with the target: one command gives rustc, cargo and the target's standard library. */
const installRust = (ctx: InstallContext) =>
  ctx.platform === 'win32' ? 'https://rustup.rs' : `${RUSTUP_SH} -s -- --target ${ctx.rustTarget}`;
const updateRust = (ctx: InstallContext) => (ctx.rustup ? 'rustup update stable' : installRust(ctx));
const NODE_PAGE = 'https://nodejs.org/en/download';

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
    install: installRust,
    update: updateRust,
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
    install: installRust,
    update: updateRust,
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
    install: 'pip install cargo-lambda',
    update: 'pip install --upgrade cargo-lambda',
  },
  {
    kind: 'version',
    tool: 'zig',
    // cargo lambda cross-compiles with cargo-zigbuild, which runs `zig` or `python3 -m ziglang`
    // (what `pip install cargo-lambda` brings)
    probes: [
      { command: 'zig', args: ['version'] },
      { command: 'python3', args: ['-m', 'ziglang', 'version'] },
    ],
    version: /^(\d+\.\d+\.\d+)/m,
    minimum: '0.9.0',
    why: "cargo-zigbuild's minimum",
    need: BUILD,
    install: 'pip install ziglang',
    update: 'pip install --upgrade ziglang',
  },
  {
    kind: 'version',
    tool: 'sam',
    probes: [{ command: 'sam', args: ['--version'] }],
    version: /version (\d+\.\d+\.\d+)/,
    minimum: '1.156.0',
    why: 'the first SAM CLI that builds BuildMethod rust-cargolambda without --beta-features',
    need: { for: 'flavor', flavors: ['sam'] },
    install: 'pip install aws-sam-cli',
    update: 'pip install --upgrade aws-sam-cli',
  },
  {
    kind: 'version',
    tool: 'node',
    probes: [{ command: 'node', args: ['--version'] }],
    version: /^v(\d+\.\d+\.\d+)/m,
    minimum: '20.0.0',
    why: 'the CDK app in infra/ needs Node.js 20 or later',
    need: { for: 'flavor', flavors: ['cdk'] },
    install: NODE_PAGE,
  },
  {
    kind: 'version',
    tool: 'npm',
    probes: [{ command: 'npm', args: ['--version'] }],
    version: /^(\d+\.\d+\.\d+)/m,
    minimum: null,
    why: 'it comes with Node.js',
    need: { for: 'flavor', flavors: ['cdk'] },
    install: NODE_PAGE,
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
    install: 'https://developer.hashicorp.com/terraform/install',
  },
  {
    kind: 'version',
    tool: 'aws',
    probes: [{ command: 'aws', args: ['--version'] }],
    version: /aws-cli\/(\d+\.\d+\.\d+)/,
    minimum: '2.0.0',
    why: "the README's try-it commands (aws logs tail, --cli-binary-format) are AWS CLI v2's",
    need: { for: 'deploy' },
    install: 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html',
  },
];

export interface Planned {
  spec: ToolSpec;
  required: boolean;
}

/**
 * The tools to check, in report order. With a flavor: the shared tools and that flavor's, required;
 * without one: the shared tools required and every flavor's optional. Deploy-only tools are always
 * optional.
 */
export function plannedTools(iac: string | undefined, tools: ToolSpec[] = TOOLS): Planned[] {
  return tools.flatMap((spec): Planned[] => {
    const need = spec.need;
    if (need.for === 'build') return [{ spec, required: true }];
    if (need.for === 'deploy') return [{ spec, required: false }];
    if (iac === undefined) return [{ spec, required: false }];
    return need.flavors.includes(iac) ? [{ spec, required: true }] : [];
  });
}

/** The version a tool printed, as the spec's pattern finds it. */
export function parseVersion(output: string, pattern: RegExp): string | undefined {
  return pattern.exec(output)?.[1];
}

/** Compares dotted numeric versions ("1.9" = "1.9.0"): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** What happened when a tool was asked for its version. */
export type Outcome =
  /** `via` names a fallback probe that answered, e.g. "python3 -m ziglang version" */
  | { kind: 'answered'; path: string; output: string; via?: string }
  /** on PATH but not run (a Windows .cmd script needs a shell) */
  | { kind: 'unprobed'; path: string; reason: string }
  /** not on PATH, would not start, exited non-zero, crashed or hung */
  | { kind: 'failed'; path?: string; reason: string };

const command = (c: Command, ctx: InstallContext) => (typeof c === 'string' ? c : c(ctx));
const joined = (...parts: Array<string | undefined>) => parts.filter(Boolean).join('; ') || undefined;

function optionalBecause(need: Need): string | undefined {
  if (need.for === 'deploy') return 'optional: only the deploy and try-it commands need it';
  if (need.for === 'flavor') return `optional: only --iac ${need.flavors.join(' / --iac ')} needs it`;
  return undefined;
}

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
      install: command(spec.install, ctx),
      detail: joined(outcome.reason, optional),
    });
  }
  if (outcome.kind === 'unprobed')
    return check({ ...base, found: true, version: null, status: 'warn', detail: joined(outcome.reason, optional) });
  const version = parseVersion(outcome.output, spec.version);
  const via = outcome.via ? `via ${outcome.via}` : undefined;
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
      install: command(spec.update ?? spec.install, ctx),
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
  const install = state.via === 'rustup' ? `rustup target add ${target}` : installRust(ctx);
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
