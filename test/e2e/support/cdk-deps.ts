// All CDK apps of a run have the same infra/package.json but for its name, so their
// dependencies are installed once (keyed by the dependency lists) and linked into each app.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../harness/exec.js';
import { CACHE_DIR } from '../../harness/paths.js';

const installs = new Map<string, Promise<string>>();

/** Links the shared node_modules into `<project>/infra`; says whether it was installed or reused. */
export async function linkCdkDependencies(project: string): Promise<string> {
  const pkg = JSON.parse(readFileSync(join(project, 'infra', 'package.json'), 'utf8')) as Record<string, unknown>;
  const deps = { dependencies: pkg.dependencies, devDependencies: pkg.devDependencies, engines: pkg.engines };
  const hash = createHash('sha256').update(JSON.stringify(deps)).digest('hex').slice(0, 12);
  const shared = join(CACHE_DIR, 'iac-cdk', hash);
  let install = installs.get(hash);
  if (!install) {
    install = (async () => {
      if (existsSync(join(shared, 'node_modules', '.package-lock.json'))) return `reused ${shared}`;
      rmSync(shared, { recursive: true, force: true });
      mkdirSync(shared, { recursive: true });
      writeFileSync(join(shared, 'package.json'), `${JSON.stringify({ name: 'crl-iac-cdk-deps', private: true, ...deps }, null, 2)}\n`);
      await run('npm', ['install', '--no-audit', '--no-fund', '--cache', join(CACHE_DIR, 'npm-cache')], {
        cwd: shared,
        timeoutMs: 15 * 60_000,
      });
      return `installed once in ${shared}`;
    })();
    installs.set(hash, install);
  }
  const how = await install;
  const target = join(project, 'infra', 'node_modules');
  rmSync(target, { recursive: true, force: true });
  symlinkSync(join(shared, 'node_modules'), target, 'dir');
  return how;
}
