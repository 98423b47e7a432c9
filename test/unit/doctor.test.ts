import { describe, expect, it } from 'vitest';
import { ARCH_IDS, ARCHITECTURES } from '../../src/arch.js';
import {
  compareVersions,
  evaluate,
  forProject,
  type InstallContext,
  isReady,
  listsTarget,
  parseVersion,
  plannedTools,
  type TargetSpec,
  TOOLS,
  targetCheck,
  type VersionSpec,
} from '../../src/commands/doctor-checks.js';
import { installCommand, PINS, updateCommand } from '../../src/commands/doctor-install.js';
import { builtinCatalog } from '../../src/template/catalog.js';

const spec = (tool: string): VersionSpec => {
  const found = TOOLS.find((t) => t.tool === tool);
  if (found?.kind !== 'version') throw new Error(`no version tool ${tool}`);
  return found;
};
const TARGET = TOOLS.find((t): t is TargetSpec => t.kind === 'target') as TargetSpec;
const ctx: InstallContext = { rustTarget: 'aarch64-unknown-linux-gnu', rustup: true, platform: 'linux' };
const answered = (output: string) => ({ kind: 'answered' as const, path: '/usr/bin/x', output });

describe('version parsing', () => {
  // what each tool really prints for its probe
  const outputs: Array<[string, string, string]> = [
    ['rustc', 'rustc 1.95.0 (59807616e 2026-04-14)\n', '1.95.0'],
    ['rustc', 'rustc 1.87.0-nightly (f04bbc60f 2025-02-20)\n', '1.87.0'],
    ['cargo', 'cargo 1.95.0 (f2d3ce0bd 2026-03-21)\n', '1.95.0'],
    ['cargo-lambda', 'cargo-lambda 1.9.2 (67129fc 2026-08-21Z)\n', '1.9.2'],
    ['zig', '0.15.2\n', '0.15.2'],
    ['zig', '0.14.0-dev.2577+271452d22\n', '0.14.0'],
    ['sam', 'SAM CLI, version 1.170.0\n', '1.170.0'],
    ['node', 'v20.20.2\n', '20.20.2'],
    ['npm', '11.19.1\n', '11.19.1'],
    ['terraform', 'Terraform v1.11.4\non linux_amd64\n', '1.11.4'],
    ['terraform', 'Terraform v1.6.0\non darwin_arm64\n\nYour version of Terraform is out of date! The latest version\nis 1.11.4.', '1.6.0'],
    ['aws', 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12 prompt/off\n', '2.15.30'],
    ['aws', '\naws-cli/1.45.11 Python/3.11.7 Linux/6.18.44 botocore/1.43.11\n', '1.45.11'],
  ];
  it.each(outputs)('%s: %j → %s', (tool, output, version) => {
    expect(parseVersion(output, spec(tool).version as RegExp)).toBe(version);
  });
  it('finds no version in an answer that has none', () => {
    expect(parseVersion('error: no default toolchain configured', spec('rustc').version as RegExp)).toBeUndefined();
    expect(parseVersion('Python 3.11.7', spec('aws').version as RegExp)).toBeUndefined();
  });
});

describe('version comparison', () => {
  it.each([
    ['1.85.0', '1.85.0', 0],
    ['1.9', '1.9.0', 0],
    ['1.10.0', '1.9.0', 1],
    ['1.9.2', '1.10.0', -1],
    ['0.9.0', '0.15.2', -1],
    ['20.0.0', '9.99.99', 1],
    ['2', '1.99', 1],
  ])('%s vs %s → %d', (a, b, sign) => {
    expect(compareVersions(a, b)).toBe(sign);
    expect(compareVersions(b, a)).toBe(-sign || 0);
  });
});

describe('the tool table', () => {
  it('has unique tools, each with a probe, a minimum that parses, a reason and one-line install commands on every OS', () => {
    expect(new Set(TOOLS.map((t) => t.tool)).size).toBe(TOOLS.length);
    for (const t of TOOLS) {
      if (t.kind !== 'version') continue;
      expect(t.probes.length, t.tool).toBeGreaterThan(0);
      if (t.minimum !== null) expect(t.minimum, t.tool).toMatch(/^\d+\.\d+\.\d+$/);
      expect(t.why.length, t.tool).toBeGreaterThan(5);
      for (const platform of ['linux', 'darwin', 'win32'] as const) {
        for (const text of [installCommand(t.advice, { ...ctx, platform }), updateCommand(t.advice, { ...ctx, platform })]) {
          expect(text, `${t.tool} on ${platform}`).not.toContain('\n');
          expect(text.trim(), `${t.tool} on ${platform}`).toBe(text);
        }
      }
    }
  });
  it('knows the extra tools of every flavor in the catalog', () => {
    const named = new Set(TOOLS.flatMap((t) => (t.need.for === 'flavor' ? t.need.flavors : [])));
    const flavors = builtinCatalog().flavors.map((f) => f.id);
    for (const f of named) expect(flavors, `${f} is not a flavor`).toContain(f);
    // every flavor but none has at least one tool of its own
    expect(flavors.filter((f) => !named.has(f))).toEqual(['none']);
  });
  it('checks the shared tools, then the flavor’s, then the AWS CLI as optional', () => {
    const ids = (iac?: string) => plannedTools(iac).map((p) => `${p.spec.tool}${p.required ? '' : '?'}`);
    const shared = ['rustc', 'rust-target', 'cargo', 'cargo-lambda', 'zig'];
    expect(ids('sam')).toEqual([...shared, 'sam', 'aws?', 'ministack?']);
    expect(ids('cdk')).toEqual([...shared, 'node', 'npm', 'aws?', 'ministack?']);
    expect(ids('terraform')).toEqual([...shared, 'terraform', 'aws?', 'ministack?']);
    expect(ids('none')).toEqual([...shared, 'aws?', 'ministack?']);
    expect(ids(undefined)).toEqual([...shared, 'sam?', 'node?', 'npm?', 'terraform?', 'aws?', 'ministack?']);
  });
  it('has the minimums the READMEs and docs promise', () => {
    expect(spec('terraform').minimum).toBe('1.6.0');
    expect(spec('node').minimum).toBe('22.0.0');
    expect(spec('aws').minimum).toBe('2.0.0');
    expect(spec('npm').minimum).toBeNull();
  });
});

describe('evaluate', () => {
  it('is ok at or above the minimum, old below it with the update command', () => {
    expect(evaluate(spec('rustc'), true, answered('rustc 1.85.0 (x)'), ctx)).toEqual({
      tool: 'rustc',
      required: true,
      found: true,
      version: '1.85.0',
      minimum: '1.85.0',
      status: 'ok',
      path: '/usr/bin/x',
    });
    const old = evaluate(spec('rustc'), true, answered('rustc 1.84.1 (x)'), ctx);
    expect(old).toMatchObject({ status: 'old', found: true, version: '1.84.1', install: 'rustup update stable' });
    expect(old.detail).toContain('edition 2024');
  });
  it('without rustup, installs rustup (with the target) instead of updating', () => {
    const noRustup = { ...ctx, rustup: false };
    expect(evaluate(spec('cargo'), true, answered('cargo 1.70.0 (x)'), noRustup).install).toBe(
      "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- --target aarch64-unknown-linux-gnu",
    );
    expect(
      evaluate(spec('rustc'), true, { kind: 'failed', reason: 'rustc not found on PATH' }, { ...noRustup, platform: 'win32' }).install,
    ).toBe('https://rustup.rs');
  });
  it('is missing with the reason and the install command when the probe failed', () => {
    const c = evaluate(
      spec('cargo-lambda'),
      true,
      { kind: 'failed', path: '/x/cargo-lambda', reason: 'cargo-lambda lambda --version crashed (SIGSEGV)' },
      ctx,
    );
    expect(c).toEqual({
      tool: 'cargo-lambda',
      required: true,
      found: false,
      version: null,
      minimum: '1.0.0',
      status: 'missing',
      install: 'pipx install cargo-lambda',
      detail: 'cargo-lambda lambda --version crashed (SIGSEGV)',
      path: '/x/cargo-lambda',
    });
    expect(evaluate(spec('cargo-lambda'), true, answered('cargo-lambda 0.22.0 (x)'), ctx).install).toBe('pipx upgrade cargo-lambda');
  });
  it('only warns about an optional tool, missing or old, and says why it is optional', () => {
    const missing = evaluate(spec('aws'), false, { kind: 'failed', reason: 'aws not found on PATH' }, ctx);
    expect(missing).toMatchObject({
      status: 'warn',
      found: false,
      install: 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html',
    });
    expect(missing.detail).toMatch(/deploy and try-it/);
    const v1 = evaluate(spec('aws'), false, answered('aws-cli/1.45.11 Python/3.11.7'), ctx);
    expect(v1).toMatchObject({ status: 'warn', found: true, version: '1.45.11' });
    expect(evaluate(spec('sam'), false, answered('SAM CLI, version 1.170.0'), ctx).detail).toBe('optional: only --iac sam needs it');
    expect(isReady([missing, v1])).toBe(true);
  });
  it('warns, without failing, when the answer has no version', () => {
    const c = evaluate(spec('zig'), true, answered('something else\n'), ctx);
    expect(c).toMatchObject({ status: 'warn', found: true, version: null });
    expect(c.detail).toContain('"something else"');
    expect(isReady([c])).toBe(true);
  });
  it('names a fallback probe that answered', () => {
    const c = evaluate(
      spec('zig'),
      true,
      { kind: 'answered', path: '/usr/bin/python3', output: '0.15.2\n', via: 'python3 -m ziglang version' },
      ctx,
    );
    expect(c).toMatchObject({ status: 'ok', version: '0.15.2', detail: 'via python3 -m ziglang version' });
  });
  it('is not ready when a required tool is missing or old', () => {
    const ok = evaluate(spec('rustc'), true, answered('rustc 1.90.0'), ctx);
    expect(isReady([ok])).toBe(true);
    expect(isReady([ok, evaluate(spec('cargo'), true, answered('cargo 1.80.0'), ctx)])).toBe(false);
    expect(isReady([ok, evaluate(spec('cargo'), true, { kind: 'failed', reason: 'x' }, ctx)])).toBe(false);
  });
});

describe('the target check', () => {
  it('reads rustup target list --installed', () => {
    const listed = 'aarch64-unknown-linux-gnu\nx86_64-unknown-linux-gnu\n';
    expect(listsTarget(listed, 'aarch64-unknown-linux-gnu')).toBe(true);
    expect(listsTarget('x86_64-unknown-linux-gnu\n', 'aarch64-unknown-linux-gnu')).toBe(false);
    expect(listsTarget('aarch64-unknown-linux-gnu (installed)\n', 'aarch64-unknown-linux-gnu')).toBe(true);
    expect(listsTarget('aarch64-unknown-linux-gnux\n', 'aarch64-unknown-linux-gnu')).toBe(false);
  });
  it('uses each architecture’s rust target in its install command', () => {
    for (const arch of ARCH_IDS) {
      const { rustTarget } = ARCHITECTURES[arch];
      const c = targetCheck(TARGET, { via: 'rustup', installed: false }, { ...ctx, rustTarget });
      expect(c).toMatchObject({
        tool: 'rust-target',
        required: true,
        found: false,
        status: 'missing',
        install: `rustup target add ${rustTarget}`,
      });
    }
  });
  it('says when rustup is absent, and looks in the sysroot instead', () => {
    const noRustup = { ...ctx, rustup: false };
    const there = targetCheck(TARGET, { via: 'sysroot', sysroot: '/usr', installed: true }, noRustup);
    expect(there).toMatchObject({ status: 'ok', found: true });
    expect(there.detail).toMatch(/^rustup not found; \/usr has the aarch64-unknown-linux-gnu standard library/);
    const absent = targetCheck(TARGET, { via: 'sysroot', sysroot: '/usr', installed: false }, noRustup);
    expect(absent).toMatchObject({
      status: 'missing',
      install: expect.stringContaining('sh.rustup.rs | sh -s -- --target aarch64-unknown-linux-gnu'),
    });
    expect(absent.detail).toMatch(/^rustup not found/);
    expect(targetCheck(TARGET, { via: 'none', reason: 'rustup and rustc not found on PATH' }, noRustup)).toMatchObject({
      status: 'missing',
      detail: 'rustup and rustc not found on PATH',
    });
  });
});

describe('MiniStack, the local AWS', () => {
  const ministack = spec('ministack');
  it('is optional, says what it is for, and installs the pinned version with pipx, with the CBOR codec it needs', () => {
    const missing = evaluate(ministack, false, { kind: 'failed', reason: 'ministack not found on PATH' }, ctx);
    expect(missing).toMatchObject({
      tool: 'ministack',
      required: false,
      status: 'warn',
      install: `pipx install ministack==${PINS.ministack} && pipx inject ministack cbor2==${PINS.cbor2} aws-sam-translator==${PINS.awsSamTranslator}`,
    });
    expect(missing.detail).toBe(
      'ministack not found on PATH; optional: to deploy and try the project on a local AWS, no account, no Docker',
    );
    expect(isReady([missing])).toBe(true);
    for (const iac of [undefined, 'sam', 'cdk', 'terraform', 'none'])
      expect(plannedTools(iac).find((p) => p.spec.tool === 'ministack')?.required, String(iac)).toBe(false);
  });
  it('pins the version the README installs', () => {
    expect(PINS.ministack).toBe('1.5.33');
  });
  it('is ok when it answers, although it prints no version', () => {
    const c = evaluate(ministack, false, answered('usage: ministack [-h] [-d] [--stop]\n'), ctx);
    expect(c).toMatchObject({ status: 'ok', found: true, version: null });
    expect(c.detail).toContain(`it does not print its version (the pinned one is ${PINS.ministack})`);
  });
});

describe("the project's own minimums", () => {
  const declared = { rustVersion: { version: '1.94.1', file: '/p/Cargo.toml' } };
  it('raises rustc and cargo to the rust-version the project declares, and says where it is declared', () => {
    for (const tool of ['rustc', 'cargo']) {
      const raised = forProject(spec(tool), declared);
      expect(raised.minimum, tool).toBe('1.94.1');
      const old = evaluate(raised, true, answered(`${tool} 1.93.0 (x)`), ctx);
      expect(old).toMatchObject({ status: 'old', minimum: '1.94.1', install: 'rustup update stable' });
      expect(old.detail).toBe('older than 1.94.1: /p/Cargo.toml declares rust-version 1.94.1');
    }
  });
  it('keeps the generic minimum for a lower declaration, for tools it does not concern, and outside a project', () => {
    expect(forProject(spec('rustc'), { rustVersion: { version: '1.80', file: 'x' } }).minimum).toBe('1.85.0');
    expect(forProject(spec('rustc'), {}).minimum).toBe('1.85.0');
    expect(forProject(spec('node'), declared).minimum).toBe('22.0.0');
    expect(forProject(spec('rustc'), { rustVersion: { version: '1.95', file: 'x' } }).minimum).toBe('1.95.0');
  });
});
