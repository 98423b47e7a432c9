// `create-rust-lambda doctor` against fake tools: small shell scripts on a PATH of their own that
// print chosen versions, fail, crash or hang; and once against this machine's real PATH.

import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Check {
  tool: string;
  required: boolean;
  found: boolean;
  version: string | null;
  minimum: string | null;
  status: 'ok' | 'missing' | 'old' | 'warn';
  install?: string;
  detail?: string;
}
interface Report {
  ok: boolean;
  project: string | null;
  iac: string | null;
  arch: string;
  rustTarget: string;
  checks: Check[];
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'crl-doctor-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** a script that prints `text` (sh built-ins only: PATH holds nothing but the fakes) */
const prints = (text: string) => `printf '%s\\n' ${text.split('\n').map(quote).join(' ')}`;

/** A working machine: every tool at a supported version. */
const GOOD: Record<string, string> = {
  rustc: `case "$1" in --print) echo /nonexistent/sysroot ;; *) echo 'rustc 1.85.0 (4d91de4e4 2025-02-17)' ;; esac`,
  rustup: prints('aarch64-unknown-linux-gnu\nx86_64-unknown-linux-gnu'),
  cargo: prints('cargo 1.85.0 (d73d2caf9 2024-12-31)'),
  'cargo-lambda': `[ "$1" = lambda ] && [ "$2" = --version ] || exit 2\n${prints('cargo-lambda 1.9.2 (67129fc 2025-08-21Z)')}`,
  zig: prints('0.15.2'),
  sam: prints('SAM CLI, version 1.170.0'),
  node: prints('v22.12.0'),
  npm: prints('10.9.0'),
  terraform: prints('Terraform v1.9.8\non linux_amd64'),
  aws: prints('aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12'),
  ministack: `[ "$1" = --help ] || exit 9\n${prints('usage: ministack [-h] [-d] [--stop]')}`,
};

/** A folder of fake tools: GOOD, with `changes` applied (null removes a tool). */
async function fakeBin(changes: Record<string, string | null> = {}): Promise<string> {
  const dir = await mkdtemp(join(work, 'bin-'));
  for (const [name, body] of Object.entries({ ...GOOD, ...changes })) {
    if (body === null) continue;
    await writeFile(join(dir, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(dir, name), 0o755);
  }
  return dir;
}

function doctor(args: string[], path: string, cwd = work) {
  return runCli(['doctor', ...args], { cwd, env: { PATH: path } });
}
function doctorJson(args: string[], path: string, cwd = work) {
  const r = doctor([...args, '--json'], path, cwd);
  return { ...r, report: JSON.parse(r.stdout) as Report };
}
const byTool = (report: Report, tool: string) => {
  const found = report.checks.find((c) => c.tool === tool);
  if (!found) throw new Error(`no check for ${tool}: ${JSON.stringify(report.checks.map((c) => c.tool))}`);
  return found;
};

describe('doctor with every tool present', () => {
  it('prints the table and exits 0', async () => {
    const r = doctor(['--iac', 'sam', '--arch', 'arm64'], await fakeBin());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}tool +status +version +minimum$/m);
    expect(r.stdout).toMatch(/^ {2}rustc +ok +1\.85\.0 +1\.85\.0$/m);
    expect(r.stdout).toMatch(/^ {2}rust-target +ok .*aarch64-unknown-linux-gnu is installed \(rustup\)/m);
    expect(r.stdout).toMatch(/^ {2}sam +ok +1\.170\.0 +1\.156\.0$/m);
    expect(r.stdout).not.toMatch(/terraform|node/);
    expect(r.stdout).not.toContain('Install or update');
    expect(r.stdout).toContain('Ready: every required tool is there.');
    expect(r.stdout).not.toContain('\u001b[');
  });
  it('--json lists every check with its fields', async () => {
    const { code, report } = doctorJson(['--iac', 'cdk', '--arch', 'x86_64'], await fakeBin());
    expect(code).toBe(0);
    expect(report).toMatchObject({ ok: true, iac: 'cdk', arch: 'x86_64', rustTarget: 'x86_64-unknown-linux-gnu' });
    expect(report.checks.map((c) => c.tool)).toEqual([
      'rustc',
      'rust-target',
      'cargo',
      'cargo-lambda',
      'zig',
      'node',
      'npm',
      'aws',
      'ministack',
    ]);
    expect(report.project).toBeNull();
    for (const c of report.checks) {
      expect(Object.keys(c).slice(0, 6)).toEqual(['tool', 'required', 'found', 'version', 'minimum', 'status']);
      expect(c.status).toBe('ok');
      expect(c.install).toBeUndefined();
    }
    expect(byTool(report, 'cargo-lambda')).toMatchObject({ required: true, found: true, version: '1.9.2', minimum: '1.0.0' });
    expect(byTool(report, 'aws')).toMatchObject({ required: false, version: '2.15.30', minimum: '2.0.0' });
    expect(byTool(report, 'npm').detail).toContain('cd infra && npm install');
  });
  it('uses the first architecture by default', async () => {
    const { report } = doctorJson([], await fakeBin());
    expect(report).toMatchObject({ iac: null, arch: 'arm64', rustTarget: 'aarch64-unknown-linux-gnu' });
  });
  it('without --iac, checks every flavor’s tools as optional', async () => {
    const { code, report } = doctorJson([], await fakeBin({ sam: null, terraform: prints('Terraform v1.5.7') }));
    expect(code).toBe(0);
    expect(report.checks.map((c) => `${c.tool}${c.required ? '' : '?'}`)).toEqual([
      'rustc',
      'rust-target',
      'cargo',
      'cargo-lambda',
      'zig',
      'sam?',
      'node?',
      'npm?',
      'terraform?',
      'aws?',
      'ministack?',
    ]);
    expect(byTool(report, 'sam')).toMatchObject({ status: 'warn', found: false, install: 'pipx install aws-sam-cli' });
    expect(byTool(report, 'terraform')).toMatchObject({
      status: 'warn',
      version: '1.5.7',
      install: 'https://developer.hashicorp.com/terraform/install',
    });
    expect(byTool(report, 'terraform').detail).toContain('only --iac terraform needs it');
  });
});

describe('doctor with tools missing or too old', () => {
  it('names what is missing, with one install command per line, and exits 1', async () => {
    const r = doctor(['--iac', 'sam'], await fakeBin({ 'cargo-lambda': null, zig: null, sam: null }));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}cargo-lambda +missing +- +1\.0\.0 +cargo-lambda not found on PATH$/m);
    expect(r.stdout).toMatch(/^ {2}zig +missing .*zig not found on PATH; python3 not found on PATH$/m);
    const install = r.stdout.slice(r.stdout.indexOf('Install or update:'));
    // this machine's advice: Linux's
    expect(install).toMatch(/^ {2}cargo-lambda: +pipx install cargo-lambda$/m);
    expect(install).toMatch(
      /^ {2}zig: +export CARGO_ZIGBUILD_PYTHON_PATH="\$\(pipx environment --value PIPX_LOCAL_VENVS\)\/cargo-lambda\/bin\/python"$/m,
    );
    expect(install).toMatch(/^ {2}sam: +pipx install aws-sam-cli$/m);
    expect(install).not.toMatch(/pip install|ziglang/);
    expect(r.stdout).toContain('Not ready: cargo-lambda, zig, sam are missing or too old.');
  });
  it('reports a version below the minimum as old, with the update command', async () => {
    const { code, report } = doctorJson(
      ['--iac', 'cdk'],
      await fakeBin({ rustc: prints('rustc 1.84.1 (e71f9a9a9 2025-01-27)'), node: prints('v18.20.4') }),
    );
    expect(code).toBe(1);
    expect(byTool(report, 'rustc')).toMatchObject({
      status: 'old',
      found: true,
      version: '1.84.1',
      minimum: '1.85.0',
      install: 'rustup update stable',
    });
    expect(byTool(report, 'node')).toMatchObject({
      status: 'old',
      version: '18.20.4',
      minimum: '22.0.0',
      install: 'https://nodejs.org/en/download',
    });
    expect(byTool(report, 'cargo').status).toBe('ok');
  });
  it('checks the chosen architecture’s target with rustup', async () => {
    const bin = await fakeBin({ rustup: prints('x86_64-unknown-linux-gnu') });
    const arm = doctorJson(['--iac', 'none', '--arch', 'arm64'], bin);
    expect(arm.code).toBe(1);
    expect(byTool(arm.report, 'rust-target')).toMatchObject({
      status: 'missing',
      found: false,
      install: 'rustup target add aarch64-unknown-linux-gnu',
    });
    const x86 = doctorJson(['--iac', 'none', '--arch', 'x86_64'], bin);
    expect(x86.code).toBe(0);
    expect(byTool(x86.report, 'rust-target').status).toBe('ok');
  });
  it('says when rustup is absent, and looks in rustc’s sysroot', async () => {
    const sysroot = await mkdtemp(join(work, 'sysroot-'));
    await mkdir(join(sysroot, 'lib', 'rustlib', 'aarch64-unknown-linux-gnu', 'lib'), { recursive: true });
    const rustc = `case "$1" in --print) echo ${quote(sysroot)} ;; *) echo 'rustc 1.90.0 (x 2025-09-14)' ;; esac`;
    const bin = await fakeBin({ rustup: null, rustc });
    const arm = doctorJson(['--iac', 'none', '--arch', 'arm64'], bin);
    expect(arm.code).toBe(0);
    expect(byTool(arm.report, 'rust-target').detail).toBe(
      `rustup not found; ${sysroot} has the aarch64-unknown-linux-gnu standard library`,
    );
    const x86 = doctorJson(['--iac', 'none', '--arch', 'x86_64'], bin);
    expect(x86.code).toBe(1);
    const target = byTool(x86.report, 'rust-target');
    expect(target.detail).toMatch(/^rustup not found, and .* has no x86_64-unknown-linux-gnu standard library$/);
    expect(target.install).toBe("curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- --target x86_64-unknown-linux-gnu");
    // without rustup, an old rustc is fixed by installing rustup, not by `rustup update`
    const old = doctorJson(['--iac', 'none'], await fakeBin({ rustup: null, rustc: prints('rustc 1.80.0 (x)') }));
    expect(byTool(old.report, 'rustc').install).toContain('https://sh.rustup.rs');
  });
  it('finds zig as python3 -m ziglang, the way cargo-zigbuild does', async () => {
    const python3 = `[ "$1 $2 $3" = "-m ziglang version" ] || exit 1\n${prints('0.13.0')}`;
    const { code, report } = doctorJson(['--iac', 'none'], await fakeBin({ zig: null, python3 }));
    expect(code).toBe(0);
    expect(byTool(report, 'zig')).toMatchObject({ status: 'ok', version: '0.13.0', detail: 'via python3 -m ziglang version' });
  });
  it('finds zig in the Python that CARGO_ZIGBUILD_PYTHON_PATH names, as cargo-zigbuild does', async () => {
    const venv = await mkdtemp(join(work, 'venv-'));
    await writeFile(join(venv, 'python'), `#!/bin/sh\n[ "$1 $2 $3" = "-m ziglang version" ] || exit 1\n${prints('0.17.1')}\n`);
    await chmod(join(venv, 'python'), 0o755);
    const bin = await fakeBin({ zig: null });
    const without = doctorJson(['--iac', 'none'], bin);
    expect(byTool(without.report, 'zig').status).toBe('missing');
    const r = runCli(['doctor', '--iac', 'none', '--json'], {
      cwd: work,
      env: { PATH: bin, CARGO_ZIGBUILD_PYTHON_PATH: join(venv, 'python') },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(byTool(JSON.parse(r.stdout) as Report, 'zig')).toMatchObject({
      status: 'ok',
      version: '0.17.1',
      detail: `via ${join(venv, 'python')} -m ziglang version`,
    });
  });
  it('lists MiniStack as optional: missing, it is a warning with the pinned pipx install', async () => {
    const r = doctor(['--iac', 'none'], await fakeBin({ ministack: null }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ {2}ministack +warn +- +- +ministack not found on PATH; optional: to deploy and try the project on a local AWS, no account, no Docker$/m,
    );
    expect(r.stdout).toMatch(
      /^ {2}ministack: +pipx install ministack==1\.5\.33 && pipx inject ministack cbor2==6\.3\.0 aws-sam-translator==1\.115\.0$/m,
    );
    const there = doctorJson(['--iac', 'none'], await fakeBin());
    expect(byTool(there.report, 'ministack')).toMatchObject({ status: 'ok', found: true, version: null, required: false });
  });
  it('inside a project, checks rustc and cargo against the rust-version its Cargo.toml declares', async () => {
    const project = await mkdtemp(join(work, 'project-'));
    await writeFile(join(project, 'rust-lambda.toml'), 'version = "0.2.0"\n');
    await writeFile(
      join(project, 'Cargo.toml'),
      '[workspace]\nmembers = ["functions/*"]\n\n[workspace.package]\nrust-version = "1.94.1"\n',
    );
    const inside = join(project, 'functions', 'items');
    await mkdir(inside, { recursive: true });
    const bin = await fakeBin();
    const r = doctorJson(['--iac', 'none'], bin, inside);
    expect(r.code).toBe(1);
    expect(r.report.project).toBe(project);
    expect(byTool(r.report, 'rustc')).toMatchObject({
      status: 'old',
      version: '1.85.0',
      minimum: '1.94.1',
      install: 'rustup update stable',
    });
    expect(byTool(r.report, 'rustc').detail).toBe(`older than 1.94.1: ${join(project, 'Cargo.toml')} declares rust-version 1.94.1`);
    expect(byTool(r.report, 'cargo')).toMatchObject({ status: 'old', minimum: '1.94.1' });
    expect(doctor(['--iac', 'none'], bin, inside).stdout).toContain(
      `Minimums of the project in ${project} (its Cargo.toml's rust-version).`,
    );
    // the same tools outside the project meet the generic minimum
    expect(doctorJson(['--iac', 'none'], bin).code).toBe(0);
    const newer = await fakeBin({ rustc: prints('rustc 1.95.0 (x)'), cargo: prints('cargo 1.95.0 (x)') });
    expect(doctorJson(['--iac', 'none'], newer, inside).code).toBe(0);
  });
  it('only warns when the AWS CLI is missing or v1: it is for deploying and trying', async () => {
    const missing = doctor(['--iac', 'terraform'], await fakeBin({ aws: null }));
    expect(missing.code).toBe(0);
    expect(missing.stdout).toMatch(
      /^ {2}aws +warn +- +2\.0\.0 +aws not found on PATH; optional: only the deploy and try-it commands need it$/m,
    );
    expect(missing.stdout).toMatch(/^ {2}aws: +https:\/\/docs\.aws\.amazon\.com\/cli\/latest\/userguide\/getting-started-install\.html$/m);
    expect(missing.stdout).toContain('Ready: every required tool is there (1 warning).');
    // v1 prints its version on stderr
    const v1 = doctorJson(
      ['--iac', 'terraform'],
      await fakeBin({ aws: `${prints('aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11')} >&2` }),
    );
    expect(v1.code).toBe(0);
    expect(byTool(v1.report, 'aws')).toMatchObject({ status: 'warn', found: true, version: '1.45.11' });
  });
  it('counts a tool that fails, crashes or answers nonsense as what it is', async () => {
    const { code, report } = doctorJson(
      ['--iac', 'sam'],
      await fakeBin({
        cargo: `echo 'error: rustup could not choose a version of cargo to run' >&2\nexit 1`,
        zig: 'kill -SEGV $$',
        sam: prints('Usage: sam [OPTIONS] COMMAND [ARGS]...'),
      }),
    );
    expect(code).toBe(1);
    expect(byTool(report, 'cargo')).toMatchObject({ status: 'missing', found: false });
    expect(byTool(report, 'cargo').detail).toBe(
      'cargo --version exited with code 1: error: rustup could not choose a version of cargo to run',
    );
    expect(byTool(report, 'zig')).toMatchObject({ status: 'missing', found: false });
    expect(byTool(report, 'zig').detail).toMatch(/^zig version crashed \(SIGSEGV\); python3 not found on PATH$/);
    // found but no version: a warning, not a failure
    expect(byTool(report, 'sam')).toMatchObject({ status: 'warn', found: true, version: null });
  });
  it('shows what a tool printed with its control characters escaped', async () => {
    const r = doctor(['--iac', 'none'], await fakeBin({ cargo: `printf '\\033[2Jwiped\\n' >&2\nexit 3` }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cargo --version exited with code 3: \\x1b[2Jwiped');
    expect(r.stdout).not.toContain('\u001b');
  });
  it('stops a tool that hangs after 5 s, with whatever it started, and counts it as missing', async () => {
    const pidFile = join(work, 'hang.pid');
    const bin = await fakeBin({ terraform: `/bin/sleep 60 &\necho $! > ${quote(pidFile)}\nwait` });
    const started = Date.now();
    const { code, report } = doctorJson(['--iac', 'terraform'], bin);
    const elapsed = Date.now() - started;
    expect(code).toBe(1);
    expect(byTool(report, 'terraform')).toMatchObject({
      status: 'missing',
      found: false,
      detail: 'terraform version did not answer within 5 s',
    });
    expect(elapsed).toBeGreaterThanOrEqual(5_000);
    expect(elapsed).toBeLessThan(15_000);
    const pid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(alive(pid), `sleep (pid ${pid}) still runs`).toBe(false);
  });
  it('never runs a tool from the current folder, whatever PATH says', async () => {
    const cwd = await mkdtemp(join(work, 'cwd-'));
    const marker = join(cwd, 'ran');
    for (const file of [join(cwd, 'cargo-lambda'), join(cwd, 'bin', 'cargo-lambda')]) {
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, `#!/bin/sh\n: > ${quote(marker)}\n${prints('cargo-lambda 1.9.2 (x)')}\n`);
      await chmod(file, 0o755);
    }
    const bin = await fakeBin({ 'cargo-lambda': null });
    const { code, report } = doctorJson(['--iac', 'none'], [bin, '.', '', 'bin', cwd].join(':'), cwd);
    expect(code).toBe(1);
    expect(byTool(report, 'cargo-lambda')).toMatchObject({ status: 'missing', detail: 'cargo-lambda not found on PATH' });
    expect(existsSync(marker)).toBe(false);
  });
});

describe('doctor with bad input', () => {
  it.each([
    [['--iac', 'pulumi'], /invalid --iac "pulumi". Valid values: sam, cdk, terraform, none/],
    [['--arch=mips'], /invalid --arch "mips". Valid values: arm64, x86_64/],
    [['--iac'], /--iac needs a value <flavor>/],
    [['--arch', '--json'], /--arch needs a value <arch>/],
    [['--iac', 'sam', '--iac', 'cdk'], /--iac is given twice with different values/],
    [['--verbose'], /unknown option "--verbose" for doctor/],
    [['--iacs=sam'], /unknown option "--iacs" for doctor/],
    [['my-fn'], /doctor takes no arguments, got "my-fn"/],
  ])('%j exits 2', (args, message) => {
    const r = doctor(args, '/nonexistent');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
  it('--help prints the usage with the valid values', () => {
    const r = doctor(['--help'], '/nonexistent');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('create-rust-lambda doctor [--iac <flavor>] [--arch <arch>] [--json]');
    expect(r.stdout).toContain('sam, cdk, terraform, none');
  });
  it('is in the main --help', () => {
    expect(runCli(['--help'], { cwd: work }).stdout).toContain('create-rust-lambda doctor [--iac <flavor>] [--arch <arch>] [--json]');
  });
});

describe('doctor on this machine', () => {
  it('exits 0 or 1 with a well-formed table, and --json agrees', () => {
    const r = runCli(['doctor', '--iac', 'sam'], { cwd: work });
    expect([0, 1], r.stderr).toContain(r.code);
    const lines = r.stdout.split('\n');
    const header = lines.findIndex((l) => /^ {2}tool +status +version +minimum$/.test(l));
    expect(header).toBeGreaterThan(-1);
    const rows = lines.slice(header + 1, lines.indexOf('', header));
    expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual([
      'rustc',
      'rust-target',
      'cargo',
      'cargo-lambda',
      'zig',
      'sam',
      'aws',
      'ministack',
    ]);
    for (const row of rows) expect(row).toMatch(/^ {2}\S+ +(ok|missing|old|warn) +\S+ +\S+/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(r.code === 0 ? /Ready/ : /Not ready/);

    const json = runCli(['doctor', '--iac', 'sam', '--json'], { cwd: work });
    expect(json.code).toBe(r.code);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.ok).toBe(r.code === 0);
    for (const c of report.checks) {
      expect(['ok', 'missing', 'old', 'warn']).toContain(c.status);
      if (c.status === 'missing' || c.status === 'old') expect(c.install, c.tool).toBeTruthy();
    }
  });
});

/** Whether a process is still running (a zombie waiting for its reaper is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
