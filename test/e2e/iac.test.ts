// End-to-end proof of the IaC flavors: every function template × flavor × architecture is
// generated with the built CLI, then the real tools judge the infrastructure code.
//
//   sam        cfn-lint template.yaml (no errors; a warning fails unless allow-listed below),
//              checkov, sam build (cargo lambda), and the built bootstrap / layer is for the arch
//   cdk        npm install (once per run, shared node_modules), tsc, the generated stack test
//              (npm test), cdk synth (bundles the Rust crate with cargo lambda), cfn-lint and
//              checkov on the synthesized template
//   terraform  terraform fmt -check, terraform init + validate where the providers can be had
//              (a named skip otherwise), checkov
//   none       the project carries no IaC files and its README deploys with cargo lambda
//
// Checkov: zero failed checks; the checks that do not apply are skipped inside the generated code
// with a reason (SAM/CDK: resource Metadata, Terraform: #checkov:skip comments).
// Compile once: every project shares CARGO_TARGET_DIR, and `sam build` / `cdk synth` of a
// template × arch build the same crate folder (see sharedCrateDir), so it compiles once.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildSetup, CACHE_DIR, CARGO_TARGET_DIR, TF_CLI_CONFIG_FILE, TOOL_PATH, type Arch } from './support/toolchain.js';
import { requireTool, run } from './support/exec.js';
import { generate, type Generated } from './support/generate.js';
import { GLOBAL_MATRIX_ENV, Skipped, Unavailable, check, printMatrix, readMatrix, resetMatrix } from './support/matrix.js';

const MINUTE = 60_000;
const TEMPLATES = ['http', 'dynamodb', 'sqs', 'extension'] as const;
const ARCHES: Arch[] = ['x86_64', 'arm64'];
type TemplateId = (typeof TEMPLATES)[number];
type Flavor = 'sam' | 'cdk' | 'terraform' | 'none';

/**
 * cfn-lint warnings that are accepted, per flavor, each with its reason. Anything else at
 * warning level fails the check; errors always fail.
 */
const CFN_LINT_ALLOWED: Record<'sam' | 'cdk', Record<string, string>> = {
  sam: {},
  cdk: {
    // CDK puts an explicit DependsOn on the function's role (and its default policy) although
    // the function already references the role with GetAtt: redundant, harmless, and generated
    // by aws-cdk-lib rather than by the stack code.
    W3005: 'CDK adds DependsOn on the service role next to the GetAtt it already has',
  },
};

/** Matrix subject: the row names the flavor; arch has its own column. */
const subject = (template: TemplateId, flavor: Flavor) => `${template} + ${flavor}`;

/** Unique per template × arch (projects share CARGO_TARGET_DIR and target/lambda/<name>), the same across flavors. */
const projectName = (template: TemplateId, arch: Arch) => `crl-iac-${template}-${arch === 'arm64' ? 'arm64' : 'x86-64'}`;

/** e_machine of an ELF file: 0x3e x86-64, 0xb7 aarch64. */
function elfArch(file: string): Arch | string {
  const header = readFileSync(file).subarray(0, 20);
  if (header.readUInt32BE(0) !== 0x7f454c46) return 'not an ELF file';
  const machine = header.readUInt16LE(18);
  return machine === 0x3e ? 'x86_64' : machine === 0xb7 ? 'arm64' : `e_machine 0x${machine.toString(16)}`;
}

function assertArch(file: string, arch: Arch): string {
  if (!existsSync(file)) throw new Error(`missing build output ${file}`);
  const found = elfArch(file);
  if (found !== arch) throw new Error(`${file} is ${found}, expected ${arch}`);
  return `${arch} ELF, ${Math.round(readFileSync(file).length / 1024)} KiB`;
}

/** PATH with the toolchain's own entries (venvs of sam / checkov / cargo-lambda) first. */
function toolEnv(): Record<string, string> {
  return TOOL_PATH.length ? { PATH: `${TOOL_PATH.join(':')}:${process.env.PATH ?? ''}` } : {};
}

function envFor(arch: Arch, more: Record<string, string> = {}): Record<string, string> {
  return { ...buildSetup(arch).env, CARGO_TARGET_DIR, CARGO_TERM_COLOR: 'never', ...toolEnv(), ...more };
}

// --- cfn-lint -------------------------------------------------------------------------------

interface CfnLintMatch {
  Rule: { Id: string };
  Level: string;
  Message: string;
  Location?: { Start?: { LineNumber?: number } };
}

async function cfnLint(file: string, allowed: Record<string, string>): Promise<string> {
  const { stdout, stderr, code } = await run('cfn-lint', ['--format', 'json', '--', file], {
    env: toolEnv(),
    allowFailure: true,
    timeoutMs: 5 * MINUTE,
  });
  let matches: CfnLintMatch[];
  try {
    matches = JSON.parse(stdout || '[]') as CfnLintMatch[];
  } catch {
    throw new Error(`cfn-lint exit ${code}, output is not JSON: ${stdout.slice(0, 300)} ${stderr.slice(0, 300)}`);
  }
  const describe = (m: CfnLintMatch) => `${m.Rule.Id} line ${m.Location?.Start?.LineNumber ?? '?'}: ${m.Message}`;
  const errors = matches.filter((m) => m.Level === 'Error');
  const warnings = matches.filter((m) => m.Level === 'Warning');
  const unexpected = warnings.filter((m) => !(m.Rule.Id in allowed));
  if (errors.length > 0 || unexpected.length > 0) {
    throw new Error(`cfn-lint: ${[...errors, ...unexpected].map(describe).join('; ')}`);
  }
  const accepted = [...new Set(warnings.map((m) => m.Rule.Id))];
  return accepted.length === 0
    ? 'no errors, no warnings'
    : `no errors; allowed: ${accepted.map((id) => `${id} (${allowed[id]})`).join(', ')}`;
}

// --- checkov --------------------------------------------------------------------------------

interface CheckovReport {
  results?: { failed_checks?: { check_id: string; resource: string }[] };
  summary?: { passed: number; failed: number; skipped: number };
}

async function checkov(args: string[]): Promise<string> {
  const { stdout, code } = await run('checkov', [...args, '--output', 'json', '--skip-download', '--quiet'], {
    env: { ...toolEnv(), BC_SKIP_MAPPING: 'TRUE' },
    allowFailure: true,
    timeoutMs: 10 * MINUTE,
  });
  let parsed: CheckovReport | CheckovReport[];
  try {
    parsed = JSON.parse(stdout) as CheckovReport | CheckovReport[];
  } catch {
    throw new Error(`checkov exit ${code}, output is not JSON: ${stdout.slice(0, 300)}`);
  }
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const failed = reports.flatMap((r) => r.results?.failed_checks ?? []);
  const sum = (key: 'passed' | 'skipped') => reports.reduce((n, r) => n + (r.summary?.[key] ?? 0), 0);
  if (failed.length > 0) {
    throw new Error(`checkov: ${failed.map((f) => `${f.check_id} on ${f.resource}`).join('; ')}`);
  }
  if (sum('passed') === 0) throw new Error(`checkov scanned nothing (exit ${code})`);
  return `${sum('passed')} passed, 0 failed, ${sum('skipped')} skipped with reasons in the code`;
}

// --- shared npm install for the CDK apps ------------------------------------------------------

/**
 * All CDK apps of a run have the same infra/package.json except its name, so the dependencies
 * are installed once (keyed by the dependency lists) and linked into each app's infra/.
 */
const cdkInstalls = new Map<string, Promise<string>>();

async function linkCdkDependencies(dir: string): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(dir, 'infra', 'package.json'), 'utf8')) as Record<string, unknown>;
  const deps = { dependencies: pkg.dependencies, devDependencies: pkg.devDependencies, engines: pkg.engines };
  const hash = createHash('sha256').update(JSON.stringify(deps)).digest('hex').slice(0, 12);
  const shared = join(CACHE_DIR, 'iac-cdk', hash);
  let install = cdkInstalls.get(hash);
  if (!install) {
    install = (async () => {
      if (existsSync(join(shared, 'node_modules', '.package-lock.json'))) return `reused ${shared}`;
      rmSync(shared, { recursive: true, force: true });
      mkdirSync(shared, { recursive: true });
      const manifest = { name: 'crl-iac-cdk-deps', private: true, ...deps };
      writeFileSync(join(shared, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      await run('npm', ['install', '--no-audit', '--no-fund', '--cache', join(CACHE_DIR, 'npm-cache')], {
        cwd: shared,
        timeoutMs: 15 * MINUTE,
      });
      return `installed once in ${shared}`;
    })();
    cdkInstalls.set(hash, install);
  }
  const how = await install;
  const target = join(dir, 'infra', 'node_modules');
  rmSync(target, { recursive: true, force: true });
  symlinkSync(join(shared, 'node_modules'), target, 'dir');
  return how;
}

// --- terraform ---------------------------------------------------------------------------------

/** The CLI config with the provider mirror, when the toolchain has one. */
function terraformCliConfig(): string | undefined {
  const candidates = [
    TF_CLI_CONFIG_FILE,
    process.env.TF_CLI_CONFIG_FILE,
    join(CACHE_DIR, 'terraform', 'terraformrc'),
  ];
  return candidates.find((file): file is string => !!file && existsSync(file));
}

// --- compile once ----------------------------------------------------------------------------

/** The files of the Rust crate, relative to the project root: what every flavor must share. */
function crateFiles(dir: string): string[] {
  const files = ['Cargo.toml'];
  for (const sub of ['src', 'events']) {
    if (!existsSync(join(dir, sub))) continue;
    for (const entry of readdirSync(join(dir, sub), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name).slice(dir.length + 1));
    }
  }
  return files.sort();
}

/**
 * Cargo keys build artifacts by the crate's path, so `sam build` and `cdk synth` of two project
 * folders would each compile and link the release binary. The SAM and CDK projects of a
 * template × arch carry a byte-identical crate (checked here), so `sam build` runs in the CDK
 * project with the SAM files copied beside it, and `cdk synth` then finds the crate built.
 */
function sharedCrateDir(template: TemplateId, arch: Arch): string {
  const sam = project(template, 'sam', arch).dir;
  const cdk = project(template, 'cdk', arch).dir;
  const files = crateFiles(sam);
  const differs = files.filter((f) => !existsSync(join(cdk, f)) || !readFileSync(join(sam, f)).equals(readFileSync(join(cdk, f))));
  if (differs.length > 0 || crateFiles(cdk).length !== files.length) {
    throw new Error(`the SAM and CDK projects carry different Rust crates: ${differs.join(', ') || 'different file lists'}`);
  }
  for (const file of ['template.yaml', 'samconfig.toml', 'Makefile']) {
    if (existsSync(join(sam, file))) cpSync(join(sam, file), join(cdk, file));
  }
  return cdk;
}

// --- the matrix ------------------------------------------------------------------------------

const projects = new Map<string, Generated>();
const key = (template: TemplateId, flavor: Flavor, arch: Arch) => `${template}/${flavor}/${arch}`;

function project(template: TemplateId, flavor: Flavor, arch: Arch): Generated {
  const generated = projects.get(key(template, flavor, arch));
  if (!generated) throw new Unavailable(`no generated ${template} + ${flavor} project for ${arch} (generation failed earlier)`);
  return generated;
}

/** Tools a flavor needs; missing ones fail that flavor's checks with a named reason. */
const toolProbe = new Map<string, Promise<string>>();
function requireOnce(cmd: string, args: string[], hint: string): Promise<string> {
  const id = [cmd, ...args].join(' ');
  let probe = toolProbe.get(id);
  if (!probe) {
    probe = requireTool(cmd, args, hint);
    probe.catch(() => undefined);
    toolProbe.set(id, probe);
  }
  return probe;
}
const needs = {
  cfnLint: () => requireOnce('cfn-lint', ['--version'], 'install it with `pip install cfn-lint` (or `npm run toolchains`)'),
  checkov: () => requireOnce('checkov', ['--version'], 'install it with `pip install checkov` (or `npm run toolchains`)'),
  sam: () => requireOnce('sam', ['--version'], 'install it with `pip install aws-sam-cli` (or `npm run toolchains`)'),
  cargoLambda: () => requireOnce('cargo', ['lambda', '--version'], 'install it with `pip install cargo-lambda` (or `npm run toolchains`)'),
  terraform: () => requireOnce('terraform', ['version'], 'install Terraform (or `npm run toolchains`)'),
};

beforeAll(() => {
  if (!process.env[GLOBAL_MATRIX_ENV]) resetMatrix();
  // the tool probes use toolEnv(): put the toolchain's PATH entries in place for them too
  const env = toolEnv();
  if (env.PATH) process.env.PATH = env.PATH;
});

afterAll(() => {
  for (const generated of projects.values()) generated.cleanup();
  if (!process.env[GLOBAL_MATRIX_ENV]) printMatrix(readMatrix());
});

for (const template of TEMPLATES) {
  for (const arch of ARCHES) {
    describe(`${template} on ${arch}`, () => {
      beforeAll(async () => {
        for (const flavor of ['sam', 'cdk', 'terraform', 'none'] as Flavor[]) {
          await check({ subject: subject(template, flavor), arch, check: 'generate' }, async () => {
            const generated = await generate({ template, arch, iac: flavor, name: projectName(template, arch) });
            projects.set(key(template, flavor, arch), generated);
          }).catch(() => undefined); // recorded; the checks below then fail with a named reason
        }
      });

      // --- SAM ---------------------------------------------------------------------------
      const sam = (name: string, fn: () => Promise<string | void>, timeout = 5 * MINUTE) =>
        it(`sam: ${name}`, (ctx) => check({ subject: subject(template, 'sam'), arch, check: name }, fn, ctx), timeout);

      sam('cfn-lint', async () => {
        await needs.cfnLint();
        return cfnLint(join(project(template, 'sam', arch).dir, 'template.yaml'), CFN_LINT_ALLOWED.sam);
      });

      sam('checkov', async () => {
        await needs.checkov();
        const file = join(project(template, 'sam', arch).dir, 'template.yaml');
        return checkov(['--file', file, '--framework', 'cloudformation']);
      });

      sam(
        'sam build',
        async () => {
          await Promise.all([needs.sam(), needs.cargoLambda()]);
          const { name } = project(template, 'sam', arch);
          const dir = sharedCrateDir(template, arch);
          await run('sam', ['build'], { cwd: dir, env: envFor(arch, { SAM_CLI_TELEMETRY: '0' }), timeoutMs: 40 * MINUTE });
          const built = join(dir, '.aws-sam', 'build');
          const artifact = readdirSync(built).find((d) => d.endsWith(template === 'extension' ? 'Layer' : 'Function'));
          if (!artifact) throw new Error(`no built artifact in ${built}`);
          return assertArch(
            template === 'extension' ? join(built, artifact, 'extensions', name) : join(built, artifact, 'bootstrap'),
            arch,
          );
        },
        45 * MINUTE,
      );

      // --- CDK ---------------------------------------------------------------------------
      const cdk = (name: string, fn: () => Promise<string | void>, timeout = 5 * MINUTE) =>
        it(`cdk: ${name}`, (ctx) => check({ subject: subject(template, 'cdk'), arch, check: name }, fn, ctx), timeout);
      const infra = () => join(project(template, 'cdk', arch).dir, 'infra');

      cdk('npm install', () => linkCdkDependencies(project(template, 'cdk', arch).dir), 20 * MINUTE);

      cdk('tsc', async () => {
        await run('npx', ['--no-install', 'tsc', '-p', '.'], { cwd: infra(), timeoutMs: 5 * MINUTE });
      });

      cdk('stack test', async () => {
        const { stdout } = await run('npm', ['test'], { cwd: infra(), timeoutMs: 5 * MINUTE });
        const passed = /^# pass (\d+)/m.exec(stdout)?.[1];
        const failed = /^# fail (\d+)/m.exec(stdout)?.[1];
        if (!passed || failed !== '0') throw new Error(`unexpected test summary: pass ${passed}, fail ${failed}`);
        return `${passed} assertions tests passed`;
      });

      cdk(
        'cdk synth',
        async () => {
          await needs.cargoLambda();
          const dir = infra();
          rmSync(join(dir, 'cdk.out'), { recursive: true, force: true });
          await run('npx', ['--no-install', 'cdk', 'synth', '--quiet'], {
            cwd: dir,
            env: envFor(arch, { CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' }),
            timeoutMs: 40 * MINUTE,
          });
          const out = join(dir, 'cdk.out');
          const asset = readdirSync(out).find((d) => d.startsWith('asset.') && existsSync(join(out, d, template === 'extension' ? 'extensions' : 'bootstrap')));
          if (!asset) throw new Error(`no bundled Rust asset in ${out}`);
          const { name } = project(template, 'cdk', arch);
          return assertArch(
            template === 'extension' ? join(out, asset, 'extensions', name) : join(out, asset, 'bootstrap'),
            arch,
          );
        },
        45 * MINUTE,
      );

      const synthesized = () => {
        const file = join(infra(), 'cdk.out', `${project(template, 'cdk', arch).name}.template.json`);
        if (!existsSync(file)) throw new Unavailable(`no synthesized template ${file} (cdk synth failed earlier)`);
        return file;
      };

      cdk('cfn-lint', async () => {
        await needs.cfnLint();
        return cfnLint(synthesized(), CFN_LINT_ALLOWED.cdk);
      });

      cdk('checkov', async () => {
        await needs.checkov();
        return checkov(['--file', synthesized(), '--framework', 'cloudformation']);
      });

      // --- Terraform ---------------------------------------------------------------------
      const tf = (name: string, fn: () => Promise<string | void>, timeout = 5 * MINUTE) =>
        it(`terraform: ${name}`, (ctx) => check({ subject: subject(template, 'terraform'), arch, check: name }, fn, ctx), timeout);
      const tfDir = () => join(project(template, 'terraform', arch).dir, 'infra');

      tf('terraform fmt', async () => {
        await needs.terraform();
        await run('terraform', ['fmt', '-check', '-recursive', '-diff'], { cwd: tfDir(), env: { TF_CLI_CONFIG_FILE: '/dev/null' } });
      });

      tf(
        'terraform validate',
        async () => {
          await needs.terraform();
          const config = terraformCliConfig();
          if (!config) {
            throw new Skipped(
              'no provider mirror (the AWS provider cannot be downloaded here; scripts/toolchain/terraform-provider.sh builds one)',
            );
          }
          // a copy, so .terraform/ and the lock file do not land in the generated project
          const work = join(CACHE_DIR, 'iac-terraform', `${template}-${arch}`);
          rmSync(work, { recursive: true, force: true });
          cpSync(tfDir(), work, { recursive: true });
          const env = { TF_CLI_CONFIG_FILE: config, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
          const init = await run('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
            cwd: work,
            env,
            allowFailure: true,
            timeoutMs: 10 * MINUTE,
          });
          if (init.code !== 0) {
            const missing = /^(hashicorp\/[\w-]+): could not connect/m.exec(init.stderr)?.[1];
            throw new Skipped(
              `terraform init could not install ${missing ?? 'the providers'} from the mirror in ${config} (no registry access here)`,
            );
          }
          await run('terraform', ['validate', '-no-color'], { cwd: work, env, timeoutMs: 5 * MINUTE });
          return `validated with the providers from ${config}`;
        },
        15 * MINUTE,
      );

      tf('checkov', async () => {
        await needs.checkov();
        return checkov(['--directory', tfDir(), '--framework', 'terraform']);
      });

      // --- none --------------------------------------------------------------------------
      it('none: no IaC, deploys with cargo lambda', (ctx) =>
        check(
          { subject: subject(template, 'none'), arch, check: 'files' },
          () => {
            const { dir } = project(template, 'none', arch);
            for (const file of ['template.yaml', 'samconfig.toml', 'infra']) {
              if (existsSync(join(dir, file))) throw new Error(`the none flavor wrote ${file}`);
            }
            const readme = readFileSync(join(dir, 'README.md'), 'utf8');
            if (!readme.includes('cargo lambda deploy')) throw new Error('README.md does not explain `cargo lambda deploy`');
            return 'no IaC files; README deploys with cargo lambda';
          },
          ctx,
        ));
    });
  }
}
