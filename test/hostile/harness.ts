// One way to meet the CLI with hostile input: run the built bin in a fresh work folder beside a
// canary folder, and report what it said and what changed. Each case then asserts the exit code,
// the message, that the work tree and the canary are byte-for-byte unchanged (or changed only as
// the case allows), and that no marker file appeared (the proof that no command ran).
import { createHash } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type CliResult, runCli } from '../cli/run-cli.js';

export const TEMPLATES = join(import.meta.dirname, '../../templates');

/**
 * Path → sha256 of content (or link target, or "<dir>") for everything under `dir`. Walked by
 * hand, never into a symbolic link: Node 22's recursive readdir follows links to folders (a case's
 * link into /sys would be read).
 */
export function checksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const abs = join(folder, entry.name);
      const rel = abs.slice(dir.length + 1);
      const stat = lstatSync(abs);
      if (stat.isSymbolicLink()) out[rel] = `link:${readlinkSync(abs)}`;
      else if (stat.isDirectory()) {
        out[rel] = `<dir ${(stat.mode & 0o777).toString(8)}>`;
        walk(abs);
      } else if (stat.isFile()) out[rel] = createHash('sha256').update(readFileSync(abs)).digest('hex');
      else out[rel] = '<special>';
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export interface Arena {
  /** the folder the CLI runs in */
  cwd: string;
  /** a folder outside cwd that nothing may touch */
  canary: string;
  /** a marker path a successful injection would create: it must never exist */
  marker: string;
  /** the CLI's own temporary folder (TMPDIR): empty again after every run */
  tmp: string;
  root: string;
  dispose: () => void;
}

/** A fresh root with cwd/ and canary/ (holding one file), and a marker path under the root. */
export function arena(label = 'case'): Arena {
  const root = mkdtempSync(join(tmpdir(), `crl-hostile-${label.replace(/[^a-z0-9]+/gi, '-').slice(0, 20)}-`));
  const cwd = join(root, 'cwd');
  const canary = join(root, 'canary');
  const tmp = join(root, 'tmp');
  mkdirSync(cwd);
  mkdirSync(canary);
  mkdirSync(tmp);
  cpSync(join(TEMPLATES, 'functions/http/template.json'), join(canary, 'keep.json'));
  return { root, cwd, canary, tmp, marker: join(root, 'PWNED'), dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** A copy of a built-in function template under the arena's root, to be made hostile. */
export function forkOf(a: Arena, id = 'http', name = 'fork'): string {
  const dir = join(a.root, name);
  cpSync(join(TEMPLATES, 'functions', id), dir, { recursive: true });
  return dir;
}

export interface Outcome extends CliResult {
  /** checksums of cwd before and after, and of the canary */
  before: Record<string, string>;
  after: Record<string, string>;
  canaryBefore: Record<string, string>;
  canaryAfter: Record<string, string>;
  markerExists: boolean;
  /** what the run left in its own temporary folder (checkouts, staging) */
  strayTemp: string[];
}

/** What a run left in the arena's temporary folder: each run has its own, so parallel runs cannot be mistaken for it. */
export const tempLeftovers = (a: Arena) => readdirSync(a.tmp);

/** Run the CLI in the arena and record everything the assertions need; `run` may spawn it differently (as another user). */
export function attempt(a: Arena, args: string[], env: NodeJS.ProcessEnv = {}, run: typeof runCli = runCli): Outcome {
  const finish = observe(a);
  return finish(run(args, { cwd: a.cwd, env: { GIT_CONFIG_NOSYSTEM: '1', TMPDIR: a.tmp, ...env } }));
}

/** Records the arena now; the returned function records it again around a run's result (for runs started some other way). */
export function observe(a: Arena): (result: CliResult) => Outcome {
  const before = checksums(a.cwd);
  const canaryBefore = checksums(a.canary);
  return (result) => ({
    ...result,
    before,
    after: checksums(a.cwd),
    canaryBefore,
    canaryAfter: checksums(a.canary),
    markerExists: existsSync(a.marker),
    strayTemp: tempLeftovers(a),
  });
}

/**
 * What every refused input must show: the exit code, one clear message (no stack trace),
 * nothing written in the work folder or the canary, no marker, no temporary leftovers.
 */
export function refusal(o: Outcome): {
  code: number | null;
  message: string;
  lines: number;
  stack: boolean;
  wrote: boolean;
  canaryTouched: boolean;
  marker: boolean;
  strayTemp: string[];
} {
  const message = o.stderr.trim();
  return {
    code: o.code,
    message,
    lines: message.split('\n').length,
    stack: /\n\s+at .+:\d+:\d+/.test(o.stderr),
    wrote: JSON.stringify(o.before) !== JSON.stringify(o.after),
    canaryTouched: JSON.stringify(o.canaryBefore) !== JSON.stringify(o.canaryAfter),
    marker: o.markerExists,
    strayTemp: o.strayTemp,
  };
}

/** The exact shape a clean refusal has, for `expect(refusal(o)).toMatchObject(refused(2, /…/))`. */
export function refused(code: number, message: RegExp) {
  return { code, message: expectMatching(message), stack: false, wrote: false, canaryTouched: false, marker: false, strayTemp: [] };
}

const expectMatching = (re: RegExp) => expect.stringMatching(re);
