// Two commands at once in one project: each either completes or is refused at once by the
// project's lock (exit 1, one line, nothing written); no update is lost, no crate is orphaned,
// and neither the lock file nor a staging folder is left behind. A lock left by a process that
// has ended is taken over; a signal removes the lock of the run it ends.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, runCli } from '../cli/run-cli.js';

const LOCK = '.create-rust-lambda.lock';
const BUSY =
  /^error: another create-rust-lambda is changing this project \(pid \d+, [^\n]+, since \d{4}-\d\d-\d\dT[\d:.]+Z\); try again when it ends\n$/;

let work: string;
let tmp: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'crl-hostile-concurrent-'));
  tmp = join(work, 'tmp');
  mkdirSync(tmp);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, GIT_CONFIG_NOSYSTEM: '1' };
  delete e.FORCE_COLOR;
  return e;
};

/** A fresh SAM project with one http function. */
function project(name: string): string {
  const r = runCli([name, '--template', 'http', '--iac', 'sam', '--arch', 'x86_64', '--yes', '--no-git'], { cwd: work, env: env() });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return join(work, name);
}

interface Running {
  child: ChildProcess;
  done: Promise<CliResult>;
}

function start(args: string[], cwd: string): Running {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Both commands, the second started `delay` ms after the first. */
async function race(dir: string, first: string[], second: string[], delay: number): Promise<[CliResult, CliResult]> {
  const a = start(first, dir);
  if (delay) await pause(delay);
  const b = start(second, dir);
  return [await a.done, await b.done];
}

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');
const recorded = (dir: string) => parse(read(dir, 'rust-lambda.toml')) as { version: string; functions: { name: string }[] };
const pascal = (name: string) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** What every run must leave: a project that lists exactly the functions it has, wired everywhere, and no debris. */
function expectWhole(dir: string, functions: string[]): void {
  const names = recorded(dir).functions.map((f) => f.name);
  expect([...names].sort()).toEqual([...functions].sort());
  expect(readdirSync(join(dir, 'functions')).sort()).toEqual([...functions].sort()); // no orphan crate
  const iac = read(dir, 'template.yaml');
  const readme = read(dir, 'README.md');
  for (const name of functions) {
    expect(iac).toMatch(new RegExp(`^ {2}${pascal(name)}Function:$`, 'm'));
    expect(iac).toMatch(new RegExp(`^ +Binary: "${name}"$`, 'm'));
    expect(readme).toMatch(new RegExp(`^### \`${name}\`:`, 'm'));
  }
  expect(readdirSync(dir).filter((entry) => entry.startsWith('.create-rust-lambda'))).toEqual([]); // no lock, no staging
  expect(readdirSync(tmp)).toEqual([]);
}

/** A run either completed or was refused by the lock, at once and with nothing else said. */
function completedOrRefused(r: CliResult, done: RegExp, otherRefusal?: RegExp): boolean {
  if (r.code === 0) {
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(done);
    return true;
  }
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  if (otherRefusal?.test(r.stderr)) return false;
  expect(r.stderr).toMatch(BUSY);
  return false;
}

// the second command starts at once or a little later, so both the lock's refusal and runs one after the other happen
const TRIALS = [0, 0, 100, 100, 500, 500, 1500, 1500];

describe('two commands at once', () => {
  it('add and add: no update is lost, in either order', async () => {
    const dir = project('pair');
    const functions = ['pair'];
    for (const [i, delay] of TRIALS.entries()) {
      const qa = ['add', 'sqs', '--name', `qa${i}`];
      const qb = ['add', 'sns', '--name', `qb${i}`];
      const [first, second] = i % 2 === 0 ? [qa, qb] : [qb, qa];
      const results = await race(dir, first, second, delay);
      results.forEach((r, j) => {
        const name = (j === 0 ? first : second)[3] as string;
        if (completedOrRefused(r, new RegExp(`Added ${name} `))) functions.push(name);
      });
      expect(results.some((r) => r.code === 0)).toBe(true);
      expectWhole(dir, functions);
    }
  }, 120_000);

  it('add and upgrade: each completes or is refused, in either order', async () => {
    const dir = project('upgraded');
    const functions = ['upgraded'];
    for (const [i, delay] of [0, 0, 100, 100, 1500, 1500].entries()) {
      // a project of an older version, whose base this very CLI renders
      writeFileSync(join(dir, 'rust-lambda.toml'), read(dir, 'rust-lambda.toml').replace(/^version = .*$/m, 'version = "0.1.9"'));
      const add = ['add', 'sqs', '--name', `qa${i}`];
      const upgrade = ['upgrade', '--from-cli', BIN];
      const [first, second] = i % 2 === 0 ? [add, upgrade] : [upgrade, add];
      const [r1, r2] = await race(dir, first, second, delay);
      const [added, upgraded] = first === add ? [r1, r2] : [r2, r1];
      const upgradeDone = completedOrRefused(upgraded, /^✔ Upgraded .* to create-rust-lambda 0\.2\.0:\n {2}update rust-lambda\.toml$/m);
      // an add that reads the project before the upgrade is told to upgrade first
      if (
        completedOrRefused(
          added,
          new RegExp(`Added qa${i} `),
          /^error: this project was made by create-rust-lambda 0\.1\.9 and this is 0\.2\.0: run `create-rust-lambda upgrade` first, then add\n$/,
        )
      )
        functions.push(`qa${i}`);
      expect(recorded(dir).version).toBe(upgradeDone ? '0.2.0' : '0.1.9');
      expectWhole(dir, functions);
    }
  }, 120_000);

  it('add and render: render reads the project whole, before or after the add', async () => {
    const dir = project('rendered');
    for (const [i, delay] of TRIALS.slice(0, 4).entries()) {
      const out = join(work, `rendered-out-${i}`);
      const add = ['add', 'sqs', '--name', `qa${i}`];
      const render = ['render', '--out', out];
      const before = read(dir, 'rust-lambda.toml');
      const [r1, r2] = await race(dir, ...((i % 2 === 0 ? [add, render] : [render, add]) as [string[], string[]]), delay);
      const [added, rendered] = i % 2 === 0 ? [r1, r2] : [r2, r1];
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      expect(rendered.stderr).toBe('');
      expect(rendered.code).toBe(0);
      expect([before, read(dir, 'rust-lambda.toml')]).toContain(read(out, 'rust-lambda.toml'));
      expectWhole(
        out,
        recorded(out).functions.map((f) => f.name),
      );
      expectWhole(
        dir,
        recorded(dir).functions.map((f) => f.name),
      );
    }
  }, 120_000);
});

describe('the lock of a project', () => {
  it('refuses at once while a live process holds it, writing nothing', () => {
    const dir = project('held');
    const lock = { pid: process.pid, hostname: hostname(), started: '2026-01-02T03:04:05.000Z', command: 'upgrade', token: 'x' };
    writeFileSync(join(dir, LOCK), JSON.stringify(lock));
    const before = readFileSync(join(dir, 'rust-lambda.toml'));
    const r = runCli(['add', 'sqs', '--name', 'qa'], { cwd: dir, env: env() });
    expect(r.stderr).toBe(
      `error: another create-rust-lambda is changing this project (pid ${process.pid}, upgrade, since 2026-01-02T03:04:05.000Z); try again when it ends\n`,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'rust-lambda.toml'))).toEqual(before);
    expect(existsSync(join(dir, 'functions/qa'))).toBe(false);
    expect(JSON.parse(read(dir, LOCK))).toEqual(lock); // still the holder's
  });

  it('takes over a lock whose process has ended, with a note', () => {
    const dir = project('stale');
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    writeFileSync(
      join(dir, LOCK),
      JSON.stringify({ pid: dead, hostname: hostname(), started: '2026-01-02T03:04:05.000Z', command: 'add sns', token: 'x' }),
    );
    const r = runCli(['add', 'sqs', '--name', 'qa'], { cwd: dir, env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `note: took over the lock of a create-rust-lambda that is no longer running (pid ${dead}, add sns, since 2026-01-02T03:04:05.000Z); ${LOCK} was left behind\n`,
    );
    expectWhole(dir, ['stale', 'qa']);
  });

  it('goes with the run a signal ends', async () => {
    const dir = project('signalled');
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const run = start(['add', 'sqs', '--name', `qa-${signal.toLowerCase()}`], dir);
      const until = Date.now() + 10_000;
      while (!existsSync(join(dir, LOCK)) && Date.now() < until) await pause(2);
      expect(existsSync(join(dir, LOCK))).toBe(true);
      run.child.kill(signal);
      const r = await run.done;
      expect(r.stderr).not.toMatch(/\n\s+at /);
      // ended by the signal before writing, or done writing before it came: never half of it
      const names = recorded(dir).functions.map((f) => f.name);
      expectWhole(dir, names);
      if (r.code === 0) expect(names).toContain(`qa-${signal.toLowerCase()}`);
    }
  });
});
