// The install advice doctor prints on each operating system, and the generated README's
// "Prerequisites" that gives the same commands: they must run as written (no bare pip, which
// PEP 668 systems refuse) and agree with each other.
import { describe, expect, it } from 'vitest';
import {
  INSTALL_ADVICE,
  type InstallContext,
  installCommand,
  OS_IDS,
  osOf,
  PIPX_ZIG,
  updateCommand,
} from '../../src/commands/doctor-install.js';
import { renderFiles } from './render-files.js';

const ctx = (platform: NodeJS.Platform, rustup = true): InstallContext => ({ rustTarget: 'aarch64-unknown-linux-gnu', rustup, platform });

describe('install advice per operating system', () => {
  it.each([
    ['linux', 'pipx install cargo-lambda', 'pipx install aws-sam-cli', PIPX_ZIG],
    ['darwin', 'brew install cargo-lambda/tap/cargo-lambda', 'brew install aws-sam-cli', 'brew install zig'],
    [
      'win32',
      'scoop bucket add cargo-lambda https://github.com/cargo-lambda/scoop-cargo-lambda; scoop install cargo-lambda/cargo-lambda',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html',
      'scoop install zig',
    ],
  ] as const)('%s: cargo-lambda, sam and zig as their docs say', (platform, cargoLambda, sam, zig) => {
    expect(installCommand('cargo-lambda', ctx(platform))).toBe(cargoLambda);
    expect(installCommand('sam', ctx(platform))).toBe(sam);
    expect(installCommand('zig', ctx(platform))).toBe(zig);
  });
  it('never says a bare pip install, and never ziglang apart from cargo-lambda', () => {
    for (const id of Object.keys(INSTALL_ADVICE) as Array<keyof typeof INSTALL_ADVICE>)
      for (const platform of OS_IDS)
        for (const text of [
          installCommand(id, ctx(platform)),
          updateCommand(id, ctx(platform)),
          installCommand(id, ctx(platform, false)),
        ]) {
          expect(text, `${id} on ${platform}`).not.toMatch(/(^|[\s;&])pip3? install/);
          expect(text, `${id} on ${platform}`).not.toMatch(/install ziglang/);
        }
  });
  it('rust: rustup.sh with the target on Unix, the rustup page on Windows; rustup update when it is there', () => {
    expect(installCommand('rust', ctx('darwin'))).toBe(
      "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- --target aarch64-unknown-linux-gnu",
    );
    expect(installCommand('rust', ctx('win32'))).toBe('https://rustup.rs');
    expect(updateCommand('rust', ctx('win32'))).toBe('rustup update stable');
    expect(updateCommand('rust', ctx('win32', false))).toBe('https://rustup.rs');
  });
  it('gives any other Unix the Linux advice', () => {
    expect(osOf('freebsd')).toBe('linux');
    expect(osOf('darwin')).toBe('darwin');
    expect(installCommand('cargo-lambda', ctx('freebsd'))).toBe('pipx install cargo-lambda');
  });
  it('points the build at the Zig that came with pipx install cargo-lambda, as the generated CI does', () => {
    expect(PIPX_ZIG).toBe('export CARGO_ZIGBUILD_PYTHON_PATH="$(pipx environment --value PIPX_LOCAL_VENVS)/cargo-lambda/bin/python"');
  });
});

describe("the generated README's prerequisites", () => {
  // zig comes with brew's and scoop's cargo-lambda; only pipx's needs the build pointed at it
  const shown = { 'cargo-lambda': OS_IDS, zig: ['linux'], sam: OS_IDS } as const;
  /** a command is quoted as code; an install page is linked */
  const mentions = (text: string, advice: string) => text.includes(advice.startsWith('https://') ? `](${advice})` : `\`${advice}\``);
  it.each([
    ['sam', ['cargo-lambda', 'zig', 'sam']],
    ['cdk', ['cargo-lambda', 'zig']],
    ['terraform', ['cargo-lambda', 'zig']],
    ['none', ['cargo-lambda', 'zig']],
  ] as const)('--iac %s gives doctor’s commands for every OS', async (iac, tools) => {
    const readme = (await renderFiles(['dynamodb'], iac))['README.md'] as string;
    const start = readme.indexOf('## Prerequisites');
    const prerequisites = readme.slice(start, readme.indexOf('\n## ', start + 1));
    for (const tool of tools)
      for (const platform of shown[tool]) {
        const advice = installCommand(tool, ctx(platform));
        expect(mentions(prerequisites, advice), `${tool} on ${platform}: ${advice}`).toBe(true);
      }
    expect(prerequisites).not.toMatch(/`pip3? install/);
    expect(prerequisites).toMatch(/Node\.js\]\(https:\/\/nodejs\.org\) 22 or later/);
  });
});
