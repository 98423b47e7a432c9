// Terraform's AWS provider for `terraform validate`. registry.terraform.io is unreachable here,
// so scripts/toolchain/terraform-provider.sh builds hashicorp/aws from the Go module proxy into
// a filesystem mirror, in the background from the start of a CI run; the validate checks wait
// for it. A build that failed or stopped fails them under CI (with the build's reason and log)
// and skips them, named the same way, on a developer's machine.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CACHE_DIR } from '../../harness/paths.js';
import { IN_CI, skipOrFail } from '../../harness/require-tool.js';
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

const skipped = (reason: string) => new Skipped(reason);

/**
 * The Terraform CLI config that installs hashicorp/aws from the mirror, once the build is done.
 * Waits for a running build (up to `waitMs`). A build that failed or stopped, or no mirror and no
 * build, is a named skip on a developer's machine and a failure in CI, where .ci/run starts it.
 */
export async function providerConfig(waitMs: number): Promise<{ config: string; waitedMs: number }> {
  const started = Date.now();
  for (;;) {
    if (mirrorHasProvider()) return { config: CLI_CONFIG, waitedMs: Date.now() - started };
    const status = readStatus();
    const log = ` (log: ${status?.log || `none recorded; status file ${STATUS}`})`;
    if (status?.state === 'failed')
      throw skipOrFail(
        `the hashicorp/aws provider build failed after ${status.seconds ?? '?'}s: ${status.reason ?? 'no reason given'}${log}`,
        skipped,
      );
    if (status?.state === 'ok') throw new Error(`${BUILD} reports success but the mirror has no provider${log}`);
    if (status?.state === 'building' && !alive(status.pid))
      throw skipOrFail(`the hashicorp/aws provider build (pid ${status.pid ?? '?'}) stopped without finishing${log}`, skipped);
    if (status?.state !== 'building') {
      const why = `no hashicorp/aws provider mirror and no build started: \`npm run toolchains\` (or \`bash ${BUILD}\`) builds it from the Go module proxy`;
      throw skipOrFail(IN_CI ? `${why}; .ci/run starts it first` : why, skipped);
    }
    if (Date.now() - started > waitMs)
      throw new Error(`the hashicorp/aws provider build is still running after ${Math.round(waitMs / 60_000)} min of waiting${log}`);
    await new Promise((r) => setTimeout(r, 5_000));
  }
}

// ---------- the zips a module uploads

type Expr =
  | { kind: 'template'; parts: (string | Expr)[] }
  | { kind: 'ref'; path: string }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'null' };

/**
 * A small reader for the HCL expressions a module names its zips with: string templates with
 * `${…}`, references (path.module, local.x, var.x), `coalesce(…)` and null. Anything else is
 * an error naming it, never a guess.
 */
class HclReader {
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  expr(at: number): { expr: Expr; end: number } {
    let i = this.skip(at);
    const c = this.text[i];
    if (c === '"') return this.template(i);
    const m = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*/.exec(this.text.slice(i));
    if (!m) throw new Error(`${this.file}: cannot read the expression at "${this.text.slice(i, i + 40)}"`);
    i += m[0].length;
    if (m[0] === 'null') return { expr: { kind: 'null' }, end: i };
    if (this.text[i] !== '(') return { expr: { kind: 'ref', path: m[0] }, end: i };
    const args: Expr[] = [];
    i += 1;
    for (;;) {
      i = this.skip(i);
      if (this.text[i] === ')') return { expr: { kind: 'call', name: m[0], args }, end: i + 1 };
      const arg = this.expr(i);
      args.push(arg.expr);
      i = this.skip(arg.end);
      if (this.text[i] === ',') i += 1;
      else if (this.text[i] !== ')') throw new Error(`${this.file}: cannot read the arguments of ${m[0]}(…)`);
    }
  }

  private template(at: number): { expr: Expr; end: number } {
    const parts: (string | Expr)[] = [];
    let literal = '';
    let i = at + 1;
    while (i < this.text.length && this.text[i] !== '"') {
      if (this.text.startsWith('${', i)) {
        if (literal) parts.push(literal);
        literal = '';
        const inner = this.expr(i + 2);
        i = this.skip(inner.end);
        if (this.text[i] !== '}')
          throw new Error(`${this.file}: an interpolation this reader cannot follow near "${this.text.slice(at, at + 60)}"`);
        parts.push(inner.expr);
        i += 1;
      } else if (this.text[i] === '\\') {
        literal += this.text[i + 1] ?? '';
        i += 2;
      } else {
        literal += this.text[i];
        i += 1;
      }
    }
    if (literal) parts.push(literal);
    return { expr: { kind: 'template', parts }, end: i + 1 };
  }

  private skip(at: number): number {
    let i = at;
    while (/\s/.test(this.text[i] ?? '')) i += 1;
    return i;
  }
}

interface Definition {
  reader: HclReader;
  at: number;
}

/**
 * The value of every `filename = …` in the Terraform module at `moduleDir` (what each
 * aws_lambda_function and aws_lambda_layer_version uploads), with `vars` set and every other
 * variable at its default.
 */
export function moduleFilenames(moduleDir: string, vars: Record<string, string | null> = {}): string[] {
  const locals = new Map<string, Definition>();
  const defaults = new Map<string, Definition>();
  const filenames: Definition[] = [];
  for (const file of readdirSync(moduleDir).filter((f) => f.endsWith('.tf'))) {
    const text = readFileSync(join(moduleDir, file), 'utf8');
    const reader = new HclReader(text, file);
    for (const body of blocks(text, 'locals')) {
      const offset = text.indexOf(body);
      for (const m of body.matchAll(/^\s*([A-Za-z_][\w-]*)\s*=\s*/gm))
        locals.set(m[1] ?? '', { reader, at: offset + (m.index ?? 0) + m[0].length });
    }
    for (const m of text.matchAll(/\bvariable\s+"([^"]+)"\s*\{/g)) {
      const start = (m.index ?? 0) + m[0].length;
      const d = /^\s*default\s*=\s*/m.exec(text.slice(start, text.indexOf('\n}', start)));
      if (d) defaults.set(m[1] ?? '', { reader, at: start + (d.index ?? 0) + d[0].length });
    }
    for (const m of text.matchAll(/^\s*filename\s*=\s*/gm)) filenames.push({ reader, at: (m.index ?? 0) + m[0].length });
  }
  const value = (e: Expr): string | null => {
    switch (e.kind) {
      case 'null':
        return null;
      case 'template':
        return e.parts.map((p) => (typeof p === 'string' ? p : (value(p) ?? ''))).join('');
      case 'call': {
        if (e.name !== 'coalesce') throw new Error(`${e.name}(…) in a zip path: not read by this check`);
        const found = e.args.map(value).find((v) => v !== null && v !== '');
        if (found === undefined) throw new Error('coalesce(…) with no value');
        return found;
      }
      case 'ref': {
        if (e.path === 'path.module') return moduleDir;
        const [scope, name = ''] = e.path.split('.');
        if (scope === 'var') {
          if (name in vars) return vars[name] ?? null;
          const d = defaults.get(name);
          if (!d) throw new Error(`var.${name} has no default`);
          return value(d.reader.expr(d.at).expr);
        }
        if (scope === 'local') {
          const d = locals.get(name);
          if (!d) throw new Error(`no local ${name}`);
          return value(d.reader.expr(d.at).expr);
        }
        throw new Error(`${e.path} in a zip path: not read by this check`);
      }
    }
  };
  return filenames.map((f) => {
    const v = value(f.reader.expr(f.at).expr);
    if (!v) throw new Error('a filename with no value');
    return resolve(v);
  });
}
