// The oldest Rust a project builds with: the highest `rust-version` among the crates its functions
// depend on, and never below what edition 2024 needs. The workspace's Cargo.toml declares it, and
// `doctor` run inside the project checks rustc and cargo against it.
import { parse } from 'smol-toml';

/** A `rust-version` value cargo accepts: one to three numbers, no pre-release. */
export const RUST_VERSION = /^\d+(\.\d+){0,2}$/;

/** What edition 2024 (every generated crate's edition) needs. */
export const EDITION_2024_RUST = '1.85.0';

/**
 * The `rust-version` each crate of `[workspace.dependencies]` declares at the version asked there
 * (`cargo info <crate>@<version>`; null: it declares none). A crate not listed (a fork's own) adds
 * no minimum; a fork's crate can declare its own `rust-version`, which counts.
 */
export const CRATE_RUST_VERSIONS: Readonly<Record<string, string | null>> = {
  'aws-config': '1.94.1',
  'aws-sdk-dynamodb': '1.94.1',
  'aws-sdk-s3': '1.94.1',
  'aws-smithy-http-client': '1.94.1',
  aws_lambda_events: '1.84.0',
  futures: '1.71.0',
  'lambda-extension': '1.84.0',
  lambda_http: '1.84.0',
  lambda_runtime: '1.84.0',
  serde: '1.56.0',
  serde_dynamo: null,
  serde_json: '1.71.0',
  tokio: '1.85.0',
};

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

const DEPENDENCY_TABLES = ['dependencies', 'dev-dependencies', 'build-dependencies'];

/** The crates a Cargo.toml depends on, by their crates.io names (a renamed dependency by its `package`). */
export function dependencyCrates(manifest: Record<string, unknown>): string[] {
  return DEPENDENCY_TABLES.flatMap((table) =>
    Object.entries((manifest[table] ?? {}) as Record<string, unknown>).map(([key, spec]) => {
      const renamed = typeof spec === 'object' && spec !== null ? (spec as { package?: unknown }).package : undefined;
      return typeof renamed === 'string' ? renamed : key;
    }),
  );
}

/** The minimums one member's Cargo.toml brings: its dependencies' and its own `rust-version`; none when it is not TOML. */
function memberMinimums(text: string): string[] {
  let manifest: Record<string, unknown>;
  try {
    manifest = parse(text);
  } catch {
    return [];
  }
  const own = (manifest.package as Record<string, unknown> | undefined)?.['rust-version'];
  return [
    ...dependencyCrates(manifest).map((crate) => CRATE_RUST_VERSIONS[crate]),
    typeof own === 'string' && RUST_VERSION.test(own) ? own : undefined,
  ].filter((v): v is string => typeof v === 'string');
}

/** The rust-version a workspace of these members' Cargo.toml texts needs. */
export function workspaceRustVersion(memberManifests: string[]): string {
  return memberManifests.flatMap(memberMinimums).reduce((highest, v) => (compareVersions(v, highest) > 0 ? v : highest), EDITION_2024_RUST);
}

/** The rust-version a workspace's root Cargo.toml declares (`[workspace.package]`, else `[package]`), if any. */
export function declaredRustVersion(cargoToml: string): string | undefined {
  const manifest = parse(cargoToml) as { workspace?: { package?: Record<string, unknown> }; package?: Record<string, unknown> };
  const value = manifest.workspace?.package?.['rust-version'] ?? manifest.package?.['rust-version'];
  return typeof value === 'string' && RUST_VERSION.test(value) ? value : undefined;
}
