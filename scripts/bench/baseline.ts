// The baseline a generated function is compared with: the same source, built the way the common
// starting points (`cargo lambda new`, the AWS SDK and runtime examples) set a project up —
// cargo's default release profile and the dependency set those starters pull in.
//
// Only Cargo.toml changes (the function's crate becomes a standalone one, as the starters make
// it), so every difference in the figures comes from build tuning and dependency features,
// never from the code:
//   - every dependency keeps its version and any feature the source needs, but gets its default
//     features back (lambda_http with every API Gateway/ALB flavour, aws_lambda_events with every
//     event type, aws-config with SSO and credential_process, …);
//   - tokio with "full", tracing and tracing-subscriber with "fmt" and "env-filter", as starters list;
//   - [profile.release] states cargo's own defaults. Written out rather than left out because
//     `cargo lambda build --release` fills in its own tuning (thin LTO, one codegen unit, strip,
//     panic=abort) for any of these four settings a manifest leaves unset; the baseline is a plain
//     `cargo build --release` profile.

import { parse, stringify } from 'smol-toml';

/** Cargo's defaults for `--release` (strip = "debuginfo" is what cargo applies when debug is off). */
export const DEFAULT_RELEASE_PROFILE = `[profile.release]
# cargo's own defaults for --release, spelled out so that no tool adds tuning
opt-level = 3
lto = false
codegen-units = 16
panic = "unwind"
strip = "debuginfo"
`;

const STARTER_EXTRAS: Record<string, string | { version: string; features: string[] }> = {
  tokio: { version: '1', features: ['full'] },
  tracing: '0.1',
  'tracing-subscriber': { version: '0.3', features: ['fmt', 'env-filter'] },
};

type Spec = string | { version?: string; workspace?: boolean; features?: string[]; 'default-features'?: boolean; [k: string]: unknown };
type Table = Record<string, unknown>;

/** A dependency of the member as a standalone crate lists it: the workspace's version, every feature named, default features on. */
function standalone(name: string, spec: Spec, workspace: Record<string, Spec>): Spec {
  const own = typeof spec === 'string' ? { version: spec } : spec;
  const shared = own.workspace ? workspace[name] : undefined;
  if (own.workspace && shared === undefined) throw new Error(`${name} = { workspace = true } but the workspace has no ${name}`);
  const base = typeof shared === 'string' ? { version: shared } : (shared ?? {});
  const version = own.version ?? base.version;
  if (!version) throw new Error(`dependency ${name} has no version`);
  const features = [...new Set([...(base.features ?? []), ...(own.features ?? [])])];
  return features.length > 0 ? { version, features } : version;
}

/**
 * The baseline Cargo.toml of a function of a generated workspace: a standalone crate (as
 * `cargo lambda new` makes one) named `packageName`, with starter-style dependencies and cargo's
 * default release profile. `workspaceToml` is the project's root Cargo.toml, `memberToml` the
 * function's (functions/<name>/Cargo.toml).
 */
export function baselineManifest(workspaceToml: string, memberToml: string, packageName: string): string {
  const root = parse(workspaceToml) as Table;
  const member = parse(memberToml) as Table;
  const ws = (root.workspace ?? {}) as Table;
  const wsPackage = (ws.package ?? {}) as Table;
  const wsDeps = (ws.dependencies ?? {}) as Record<string, Spec>;
  const pkg = (member.package ?? {}) as Table;
  const deps = (member.dependencies ?? {}) as Record<string, Spec>;
  if (!member.package || !member.dependencies) throw new Error('Cargo.toml without [package] or [dependencies]');
  const dependencies: Table = {};
  for (const [name, spec] of Object.entries(deps)) dependencies[name] = STARTER_EXTRAS[name] ?? standalone(name, spec, wsDeps);
  for (const [name, spec] of Object.entries(STARTER_EXTRAS)) dependencies[name] ??= spec;
  const devDeps = member['dev-dependencies'] as Record<string, Spec> | undefined;
  const edition = (pkg.edition as Table | string | undefined) ?? '2021';
  const manifest: Table = {
    package: {
      name: packageName,
      version: pkg.version ?? '0.1.0',
      edition: typeof edition === 'string' ? edition : wsPackage.edition,
      publish: false,
      // keep [package.metadata.lambda.*] (extension layer settings etc.)
      ...(pkg.metadata ? { metadata: pkg.metadata } : {}),
    },
    dependencies,
    ...(devDeps
      ? { 'dev-dependencies': Object.fromEntries(Object.entries(devDeps).map(([n, sp]) => [n, standalone(n, sp, wsDeps)])) }
      : {}),
  };
  return `${stringify(manifest)}\n\n${DEFAULT_RELEASE_PROFILE}`;
}
