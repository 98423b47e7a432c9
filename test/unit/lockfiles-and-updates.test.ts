// What keeps a generated project's versions from drifting after day one: CI builds what the
// committed lockfiles say, installs its tools at the versions this CLI is proven with
// (src/tool-pins.json, also what scripts/install-toolchains.sh installs), and Dependabot proposes
// updates for every ecosystem the project pins.
import { describe, expect, it } from 'vitest';
import pins from '../../src/tool-pins.json' with { type: 'json' };
import { renderFiles } from './render-files.js';

const FLAVORS = ['sam', 'cdk', 'terraform', 'none'] as const;
/** the ecosystems each flavor pins, beyond the crates and the workflow's actions */
const INFRA_ECOSYSTEM: Record<(typeof FLAVORS)[number], string | undefined> = {
  sam: undefined,
  cdk: 'npm',
  terraform: 'terraform',
  none: undefined,
};

describe.each(FLAVORS)('%s: lockfiles, pinned tools, updates', (flavor) => {
  it('every cargo build and lint in CI is --locked once Cargo.lock is committed', async () => {
    const ci = (await renderFiles(['http', 'sqs'], flavor))['.github/workflows/ci.yml'] as string;
    expect(ci).toContain(`echo "LOCKED=\${{ hashFiles('Cargo.lock') != '' && '--locked' || '' }}" >> "$GITHUB_ENV"`);
    const cargoRuns = ci.split('\n').filter((l) => /run: cargo (clippy|test|lambda build)/.test(l));
    expect(cargoRuns.length).toBeGreaterThanOrEqual(3);
    for (const line of cargoRuns) expect(line).toContain('${{ env.LOCKED }}');
  });

  it('every pipx install is pinned to the version the CLI is proven with', async () => {
    const ci = (await renderFiles(['http'], flavor))['.github/workflows/ci.yml'] as string;
    const installs = [...ci.matchAll(/pipx install (\S+)/g)].map((m) => m[1] as string);
    expect(installs.length).toBeGreaterThan(0);
    const byName: Record<string, string> = { 'cargo-lambda': pins.cargoLambda, 'cfn-lint': pins.cfnLint, checkov: pins.checkov };
    for (const spec of installs) {
      const [name = '', version] = spec.split('==');
      expect(version, spec).toBe(byName[name]);
    }
  });

  it('Dependabot covers the crates, the actions and the infra lockfile, and the README says what to commit', async () => {
    const files = await renderFiles(['http'], flavor);
    const config = files['.github/dependabot.yml'] as string;
    const ecosystems = [...config.matchAll(/package-ecosystem: (\S+)/g)].map((m) => m[1]);
    expect(ecosystems).toEqual(['cargo', 'github-actions', ...(INFRA_ECOSYSTEM[flavor] ? [INFRA_ECOSYSTEM[flavor]] : [])]);
    const readme = files['README.md'] as string;
    expect(readme).toContain('Commit the lockfiles your first build writes — `Cargo.lock`');
    if (flavor === 'cdk') expect(files['.github/workflows/ci.yml']).toContain('then npm ci --no-audit --no-fund; else npm install');
    if (flavor === 'terraform') expect(files['.github/workflows/ci.yml']).toContain("'-lockfile=readonly'");
  });
});
