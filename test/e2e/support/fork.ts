// A forked template builds like the built-in: eject `http`, change a file, add a variable and
// use it, generate from the folder (its files/ become the function's crate in functions/<name>/),
// then run the same Rust checks as the matrix at the workspace root. Its checks sit
// at the end of a lane, so nothing waits for them after the lanes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cargoLambdaBuild } from '../../harness/cargo-lambda.js';
import { assertElf } from '../../harness/elf.js';
import { requireTool, run } from '../../harness/exec.js';
import { CLI } from '../../harness/paths.js';
import { targetDir } from '../../harness/toolchain.js';
import { functionDir, PROJECTS_DIR, requireBuiltCli } from './generate.js';
import type { Lane } from './lanes.js';
import { check } from './matrix.js';

const MINUTE = 60_000;
const subject = 'fork of http';
const arch = 'x86_64';
const name = 'crl-e2e-fork-http';

export function forkChecks(lane: Lane): void {
  let work: string | undefined;
  const project = () => join(work ?? '', name);
  const cargo = (args: string[]) =>
    run('cargo', args, { cwd: project(), env: { CARGO_TARGET_DIR: targetDir(arch), CARGO_TERM_COLOR: 'never' }, timeoutMs: 45 * MINUTE });
  lane.after(() => {
    if (work && process.env.CRL_KEEP_PROJECTS !== '1') rmSync(work, { recursive: true, force: true });
  });

  lane.it('a forked template is ejected, changed and generated from its folder', () =>
    check({ subject, arch: 'host', check: 'eject + change + generate' }, async () => {
      requireBuiltCli();
      mkdirSync(PROJECTS_DIR, { recursive: true });
      work = mkdtempSync(join(PROJECTS_DIR, 'fork-'));
      const fork = join(work, 'house-http');
      await run(process.execPath, [CLI, 'eject', 'http', fork], { cwd: work });
      const manifestFile = join(fork, 'template.json');
      const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
      manifest.id = 'house-http';
      manifest.variables = [{ name: 'team', description: 'Owning team', type: 'string', pattern: '[a-z][a-z-]*', default: 'platform' }];
      writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
      writeFileSync(join(fork, 'files', 'CODEOWNERS.hbs'), '* @acme/{{vars.team}}\n');
      // a house rule in the Rust code: the build must still pass fmt and clippy with it
      const main = join(fork, 'files', 'src', 'main.rs');
      writeFileSync(main, `#![deny(clippy::unwrap_used)]\n${readFileSync(main, 'utf8')}`);
      await run(
        process.execPath,
        [CLI, project(), '--template', fork, '--iac', 'sam', '--arch', arch, '--no-git', '--var', 'team=payments'],
        { cwd: work },
      );
      // the template's files/ are the function's crate folder
      const crate = functionDir(project(), name);
      expect(readFileSync(join(crate, 'CODEOWNERS'), 'utf8')).toBe('* @acme/payments\n');
      expect(readFileSync(join(crate, 'src', 'main.rs'), 'utf8')).toContain('#![deny(clippy::unwrap_used)]');
      expect(existsSync(join(project(), 'template.yaml'))).toBe(true);
      expect(readFileSync(join(project(), 'rust-lambda.toml'), 'utf8')).toContain('template = "../house-http"');
    }),
  );

  lane.it('a forked template passes cargo fmt, clippy and test like the built-in', () =>
    check({ subject, arch: 'host', check: 'fmt + clippy -D warnings + test' }, async () => {
      await requireTool('cargo', ['clippy', '--version'], 'install clippy (`rustup component add clippy`)');
      await cargo(['fmt', '--check']);
      await cargo(['clippy', '--all-targets', '--', '-D', 'warnings']);
      const { stdout } = await cargo(['test']);
      const passed = [...stdout.matchAll(/test result: ok\. (\d+) passed/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(passed).toBeGreaterThan(0);
      return `${passed} tests`;
    }),
  );

  lane.it('a forked template builds for Lambda (cargo lambda build --release, x86_64)', () =>
    check({ subject, arch, check: 'cargo lambda build --release' }, async () => {
      await requireTool('cargo', ['lambda', '--version'], 'install it with `npm run toolchains`');
      const { binary } = await cargoLambdaBuild({ dir: project(), name, arch, kind: 'function' });
      return assertElf(binary, arch);
    }),
  );
}
