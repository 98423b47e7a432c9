// actionlint on a generated project's CI workflow, with shellcheck on its `run:` scripts. Both
// come from scripts/install-toolchains.sh (actionlint built from the Go module proxy, shellcheck
// from Debian); a missing one is a named `Unavailable`, never a silent pass — without shellcheck
// actionlint would quietly skip the scripts.
import { join } from 'node:path';
import { requireTool, run } from '../../harness/exec.js';

export const WORKFLOW = join('.github', 'workflows', 'ci.yml');

const HINT = 'run `npm run toolchains` and `source ~/.cache/create-rust-lambda/env.sh`';

/** shellcheck prints its version on the second line of `--version`. */
async function shellcheckVersion(): Promise<string> {
  await requireTool('shellcheck', ['--version'], `actionlint runs it on the workflow's run: scripts; ${HINT}`);
  const { stdout } = await run('shellcheck', ['--version'], { timeoutMs: 60_000 });
  return /^version: (\S+)/m.exec(stdout)?.[1] ?? 'unknown';
}

let tools: Promise<string> | undefined;
/** "actionlint v1.7.12, shellcheck 0.9.0", asked once per run; throws Unavailable if either is missing. */
export function lintTools(): Promise<string> {
  tools ??= Promise.all([
    requireTool('actionlint', ['-version'], `actionlint checks the generated workflow; ${HINT}`),
    shellcheckVersion(),
  ]).then(([actionlint, shellcheck]) => `actionlint ${actionlint}, shellcheck ${shellcheck}`);
  tools.catch(() => undefined);
  return tools;
}

interface Finding {
  message: string;
  filepath: string;
  line: number;
  column: number;
  kind: string;
}

/** actionlint on `dir`'s workflow: no findings at all, shellcheck's included. */
export async function actionlint(dir: string): Promise<string> {
  const versions = await lintTools();
  const { code, stdout, stderr } = await run('actionlint', ['-no-color', '-format', '{{json .}}', WORKFLOW], {
    cwd: dir,
    allowFailure: true,
    timeoutMs: 2 * 60_000,
  });
  // exit 0: clean; 1: findings (as JSON); anything else: actionlint itself failed
  if (code !== 0 && code !== 1) throw new Error(`actionlint exit ${code}: ${stderr.trim() || stdout.trim()}`);
  let findings: Finding[];
  try {
    findings = JSON.parse(stdout.trim() || '[]') as Finding[];
  } catch {
    throw new Error(`actionlint exit ${code}, output is not JSON: ${stdout.slice(0, 300)}`);
  }
  if (findings.length > 0 || code !== 0) {
    throw new Error(
      `actionlint: ${findings.length} finding(s): ${findings.map((f) => `${f.filepath}:${f.line}:${f.column} [${f.kind}] ${f.message}`).join('; ') || `exit ${code}`}`,
    );
  }
  return `no findings in ${WORKFLOW} (${versions})`;
}
