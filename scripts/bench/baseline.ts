// The baseline a generated function is compared with: the same source, built the way the common
// starting points (`cargo lambda new`, the AWS SDK and runtime examples) set a project up —
// cargo's default release profile and the dependency set those starters pull in.
//
// Only Cargo.toml changes, so every difference in the figures comes from build tuning and
// dependency features, never from the code:
//   - every dependency keeps its version and any feature the source needs, but gets its default
//     features back (lambda_http with every API Gateway/ALB flavour, aws_lambda_events with every
//     event type, aws-config with SSO and credential_process, …);
//   - tokio with "full", tracing and tracing-subscriber with "fmt" and "env-filter", as starters list;
//   - [profile.release] states cargo's own defaults. Written out rather than left out because
//     `cargo lambda build --release` fills in its own tuning (thin LTO, one codegen unit, strip,
//     panic=abort) for any of these four settings a manifest leaves unset; the baseline is a plain
//     `cargo build --release` profile.

/** Cargo's defaults for `--release` (strip = "debuginfo" is what cargo applies when debug is off). */
export const DEFAULT_RELEASE_PROFILE = `[profile.release]
# cargo's own defaults for --release, spelled out so that no tool adds tuning
opt-level = 3
lto = false
codegen-units = 16
panic = "unwind"
strip = "debuginfo"
`;

const STARTER_EXTRAS: Record<string, string> = {
  tokio: '{ version = "1", features = ["full"] }',
  tracing: '"0.1"',
  'tracing-subscriber': '{ version = "0.3", features = ["fmt", "env-filter"] }',
};

interface Section {
  name: string;
  lines: string[];
}

interface Dependency {
  name: string;
  version: string;
  features: string[];
}

/** Splits a Cargo.toml into [section] -> lines (comments dropped). */
function sections(toml: string): Section[] {
  const out: Section[] = [];
  let current: Section = { name: '', lines: [] };
  out.push(current);
  for (const raw of toml.split('\n')) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = { name: header[1] ?? '', lines: [] };
      out.push(current);
    } else if (line && !line.startsWith('#')) {
      current.lines.push(raw);
    }
  }
  return out;
}

/** `name = <spec>` (single-line specs, as the templates write them) -> { name, version, features }. */
function parseDependency(line: string): Dependency {
  const m = /^\s*([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
  if (!m) throw new Error(`cannot read dependency line: ${line}`);
  const [, name = '', spec = ''] = m;
  if (spec.startsWith('"')) return { name, version: JSON.parse(spec) as string, features: [] };
  const version = /version\s*=\s*"([^"]+)"/.exec(spec)?.[1];
  if (!version) throw new Error(`dependency ${name} has no version: ${line}`);
  const features = /features\s*=\s*\[([^\]]*)\]/.exec(spec)?.[1];
  return { name, version, features: features ? [...features.matchAll(/"([^"]+)"/g)].map((f) => f[1] ?? '') : [] };
}

/**
 * The baseline Cargo.toml for a generated project's Cargo.toml: starter-style dependencies,
 * cargo's default release profile, package renamed to `packageName`.
 */
export function baselineManifest(ours: string, packageName: string): string {
  const parts = sections(ours);
  const pkg = parts.find((s) => s.name === 'package');
  const deps = parts.find((s) => s.name === 'dependencies');
  if (!pkg || !deps) throw new Error('Cargo.toml without [package] or [dependencies]');
  const depLines: string[] = [];
  const seen = new Set<string>();
  for (const line of deps.lines) {
    const dep = parseDependency(line);
    seen.add(dep.name);
    if (STARTER_EXTRAS[dep.name]) {
      depLines.push(`${dep.name} = ${STARTER_EXTRAS[dep.name]}`);
      continue;
    }
    // Default features back on; keep the non-default ones the source relies on (serde "derive").
    depLines.push(
      dep.features.length > 0
        ? `${dep.name} = { version = ${JSON.stringify(dep.version)}, features = [${dep.features.map((f) => JSON.stringify(f)).join(', ')}] }`
        : `${dep.name} = ${JSON.stringify(dep.version)}`,
    );
  }
  for (const [name, spec] of Object.entries(STARTER_EXTRAS)) if (!seen.has(name)) depLines.push(`${name} = ${spec}`);
  const pkgLines = pkg.lines.map((l) => (/^\s*name\s*=/.test(l) ? `name = ${JSON.stringify(packageName)}` : l));
  // keep [package.metadata.lambda.*] (extension layer settings etc.); drop every [profile.*]
  const keep = parts.filter((s) => s.name.startsWith('package.metadata') || s.name.startsWith('dev-dependencies'));
  return [
    '[package]',
    ...pkgLines,
    '',
    '[dependencies]',
    ...depLines,
    '',
    ...keep.flatMap((s) => [`[${s.name}]`, ...s.lines, '']),
    DEFAULT_RELEASE_PROFILE,
  ].join('\n');
}
