// How to install or update each tool `doctor` checks, per operating system, as each tool's own
// documentation says: one copy-pasteable command, or the install page where there is no one command.
// Linux advice never calls a bare `pip install` (Debian 12+, Ubuntu 24.04 and Homebrew's Python
// refuse it, PEP 668): Python tools go through pipx, each in a venv of its own. The generated
// README's "Prerequisites" gives the same commands (test/unit/install-advice.test.ts holds them together).
import pins from '../tool-pins.json' with { type: 'json' };

/** The operating systems the advice is written for; any other Unix takes Linux's. */
export const OS_IDS = ['linux', 'darwin', 'win32'] as const;
export type Os = (typeof OS_IDS)[number];

export const osOf = (platform: NodeJS.Platform): Os =>
  ((OS_IDS as readonly string[]).find((os) => os === platform) as Os | undefined) ?? 'linux';

/** What the install commands depend on. */
export interface InstallContext {
  rustTarget: string;
  /** rustup is on PATH */
  rustup: boolean;
  platform: NodeJS.Platform;
}

export type Command = string | ((ctx: InstallContext) => string);

export interface Advice {
  install: Command;
  /** for a version older than the minimum (default: install) */
  update?: Command;
}

export type AdviceByOs = Record<Os, Advice>;

/** The versions pinned for the tools the README and doctor install (tool-pins.json, also read by scripts). */
export const PINS: Readonly<Record<string, string>> = pins;

const everywhere = (advice: Advice): AdviceByOs => ({ linux: advice, darwin: advice, win32: advice });

const RUSTUP_PAGE = 'https://rustup.rs';
/** rustup with the target: one command gives rustc, cargo and the target's standard library. */
const rustupSh = (ctx: InstallContext) => `curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- --target ${ctx.rustTarget}`;
const rustUpdate = (install: Command) => (ctx: InstallContext) =>
  ctx.rustup ? 'rustup update stable' : typeof install === 'string' ? install : install(ctx);
const NODE_PAGE = 'https://nodejs.org/en/download';
const AWS_CLI_PAGE = 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html';
const SAM_PAGE = 'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/install-sam-cli.html';
const TERRAFORM_PAGE = 'https://developer.hashicorp.com/terraform/install';

/**
 * The Zig that `pipx install cargo-lambda` brings (the ziglang wheel, a dependency of cargo-lambda's)
 * lives in cargo-lambda's venv, where cargo-zigbuild finds it only when told which Python has it.
 */
export const PIPX_ZIG = 'export CARGO_ZIGBUILD_PYTHON_PATH="$(pipx environment --value PIPX_LOCAL_VENVS)/cargo-lambda/bin/python"';

export const INSTALL_ADVICE = {
  rust: {
    linux: { install: rustupSh, update: rustUpdate(rustupSh) },
    darwin: { install: rustupSh, update: rustUpdate(rustupSh) },
    win32: { install: RUSTUP_PAGE, update: rustUpdate(RUSTUP_PAGE) },
  },
  'cargo-lambda': {
    linux: { install: 'pipx install cargo-lambda', update: 'pipx upgrade cargo-lambda' },
    darwin: { install: 'brew install cargo-lambda/tap/cargo-lambda', update: 'brew upgrade cargo-lambda' },
    win32: {
      install: 'scoop bucket add cargo-lambda https://github.com/cargo-lambda/scoop-cargo-lambda; scoop install cargo-lambda/cargo-lambda',
      update: 'scoop update cargo-lambda',
    },
  },
  // brew's and scoop's cargo-lambda depend on their zig
  zig: {
    linux: { install: PIPX_ZIG },
    darwin: { install: 'brew install zig', update: 'brew upgrade zig' },
    win32: { install: 'scoop install zig', update: 'scoop update zig' },
  },
  sam: {
    linux: { install: 'pipx install aws-sam-cli', update: 'pipx upgrade aws-sam-cli' },
    darwin: { install: 'brew install aws-sam-cli', update: 'brew upgrade aws-sam-cli' },
    win32: { install: SAM_PAGE },
  },
  node: {
    linux: { install: NODE_PAGE },
    darwin: { install: 'brew install node', update: 'brew upgrade node' },
    win32: { install: NODE_PAGE },
  },
  terraform: {
    linux: { install: TERRAFORM_PAGE },
    darwin: { install: 'brew tap hashicorp/tap && brew install hashicorp/tap/terraform', update: 'brew upgrade hashicorp/tap/terraform' },
    win32: { install: TERRAFORM_PAGE },
  },
  aws: {
    linux: { install: AWS_CLI_PAGE },
    darwin: { install: 'brew install awscli', update: 'brew upgrade awscli' },
    win32: { install: 'msiexec.exe /i https://awscli.amazonaws.com/AWSCLIV2.msi' },
  },
  // cbor2: MiniStack answers the CBOR protocol of newer AWS SDKs (CloudWatch in Terraform's provider) only with it;
  // aws-sam-translator: its CloudFormation applies SAM's transform only with it
  ministack: everywhere({
    install: `pipx install ministack==${pins.ministack} && pipx inject ministack cbor2==${pins.cbor2} aws-sam-translator==${pins.awsSamTranslator}`,
  }),
} satisfies Record<string, AdviceByOs>;

export type AdviceId = keyof typeof INSTALL_ADVICE;

const text = (c: Command, ctx: InstallContext) => (typeof c === 'string' ? c : c(ctx));

/** The command that installs a tool on the platform doctor runs on. */
export function installCommand(id: AdviceId, ctx: InstallContext): string {
  return text(INSTALL_ADVICE[id][osOf(ctx.platform)].install, ctx);
}

/** The command that brings a tool that is too old up to date (its install command when there is no update). */
export function updateCommand(id: AdviceId, ctx: InstallContext): string {
  const advice: Advice = INSTALL_ADVICE[id][osOf(ctx.platform)];
  return text(advice.update ?? advice.install, ctx);
}
