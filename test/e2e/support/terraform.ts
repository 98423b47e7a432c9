// Terraform's AWS provider for `terraform validate`. registry.terraform.io is unreachable here,
// so scripts/toolchain/terraform-provider.sh builds hashicorp/aws from the Go module proxy into
// a filesystem mirror, in the background from the start of a CI run; the validate checks wait
// for it, and are skipped (with the build's reason) only when that build failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Unavailable } from '../../harness/errors.js';
import { CACHE_DIR } from '../../harness/paths.js';
import { Skipped } from './matrix.js';

const TF_DIR = join(CACHE_DIR, 'terraform');
const CLI_CONFIG = join(TF_DIR, 'terraformrc');
const STATUS = join(TF_DIR, 'provider.status');
const MIRRORED = join(TF_DIR, 'mirror', 'registry.terraform.io', 'hashicorp', 'aws');
const BUILD = 'scripts/toolchain/terraform-provider.sh';

/** The providers the mirror holds: what `terraform init` can install here. */
export const MIRRORED_PROVIDERS = ['hashicorp/aws'];

/** The body of each `name { … }` block in HCL text, braces matched (the generated files put none in strings). */
function blocks(text: string, name: string): string[] {
  const bodies: string[] = [];
  for (const m of text.matchAll(new RegExp(`\\b${name}\\s*\\{`, 'g'))) {
    const start = (m.index ?? 0) + m[0].length;
    let depth = 1;
    let i = start;
    for (; i < text.length && depth > 0; i++) depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
    bodies.push(text.slice(start, i - 1));
  }
  return bodies;
}

/** Provider sources a module's required_providers names (e.g. hashicorp/aws). */
export function requiredProviders(moduleDir: string): string[] {
  const sources = new Set<string>();
  for (const file of readdirSync(moduleDir).filter((f) => f.endsWith('.tf'))) {
    for (const body of blocks(readFileSync(join(moduleDir, file), 'utf8'), 'required_providers')) {
      for (const m of body.matchAll(/source\s*=\s*"([^"]+)"/g)) sources.add((m[1] ?? '').replace(/^registry\.terraform\.io\//, ''));
    }
  }
  return [...sources].sort();
}

function mirrorHasProvider(): boolean {
  if (!existsSync(MIRRORED) || !existsSync(CLI_CONFIG)) return false;
  return readdirSync(MIRRORED, { recursive: true, encoding: 'utf8' }).some((f) => /terraform-provider-aws_v[^/]*$/.test(f));
}

interface Status {
  state?: string;
  pid?: string;
  seconds?: string;
  reason?: string;
  log?: string;
}

function readStatus(): Status | null {
  if (!existsSync(STATUS)) return null;
  const status: Record<string, string> = {};
  for (const line of readFileSync(STATUS, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) status[line.slice(0, at)] = line.slice(at + 1);
  }
  return status;
}

function alive(pid: string | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Terraform CLI config that installs hashicorp/aws from the mirror, once the build is done.
 * Waits for a running build (up to `waitMs`); a build that failed is a named skip; no mirror and
 * no build is a skip on a developer's machine and a failure in CI, where .ci/run starts it.
 */
export async function providerConfig(waitMs: number): Promise<{ config: string; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    if (mirrorHasProvider()) return { config: CLI_CONFIG, waitedMs: Date.now() - started };
    const status = readStatus();
    const log = status?.log ? ` (log: ${status.log})` : '';
    if (status?.state === 'failed')
      throw new Skipped(
        `the hashicorp/aws provider build failed after ${status.seconds ?? '?'}s: ${status.reason ?? 'no reason given'}${log}`,
      );
    if (status?.state === 'ok') throw new Error(`${BUILD} reports success but the mirror has no provider${log}`);
    if (status?.state === 'building' && !alive(status.pid))
      throw new Skipped(`the hashicorp/aws provider build stopped without finishing${log}`);
    if (status?.state !== 'building') {
      const why = `no hashicorp/aws provider mirror and no build started: \`npm run toolchains\` (or \`bash ${BUILD}\`) builds it from the Go module proxy`;
      if (process.env.CI) throw new Unavailable(`${why}; .ci/run starts it first`);
      throw new Skipped(why);
    }
    if (Date.now() - started > waitMs)
      throw new Error(`the hashicorp/aws provider build is still running after ${Math.round(waitMs / 60_000)} min of waiting${log}`);
    await new Promise((r) => setTimeout(r, 5_000));
  }
}
