// The IaC linters as the e2e suite reads them: cfn-lint and checkov in JSON, judged here, and
// probes that name a missing tool once per run.
import { requireTool, run } from '../../harness/exec.js';

const MINUTE = 60_000;

const probes = new Map<string, Promise<string>>();
/** Fails with a named reason unless the tool answers; asked once per run. */
export function needs(cmd: string, args: string[], pkg: string): Promise<string> {
  const id = [cmd, ...args].join(' ');
  let probe = probes.get(id);
  if (!probe) {
    probe = requireTool(cmd, args, `install it with \`pip install ${pkg}\` (or \`npm run toolchains\`)`);
    probe.catch(() => undefined);
    probes.set(id, probe);
  }
  return probe;
}

interface CfnLintMatch {
  Rule: { Id: string };
  Level: string;
  Message: string;
  Location?: { Start?: { LineNumber?: number } };
}

/** cfn-lint: no errors, and no warnings but the `allowed` ones (rule id → reason). */
export async function cfnLint(file: string, allowed: Record<string, string>): Promise<string> {
  await needs('cfn-lint', ['--version'], 'cfn-lint');
  const { stdout, stderr, code } = await run('cfn-lint', ['--format', 'json', '--', file], { allowFailure: true, timeoutMs: 5 * MINUTE });
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
  if (errors.length > 0 || unexpected.length > 0) throw new Error(`cfn-lint: ${[...errors, ...unexpected].map(describe).join('; ')}`);
  const accepted = [...new Set(warnings.map((m) => m.Rule.Id))];
  return accepted.length === 0
    ? 'no errors, no warnings'
    : `no errors; allowed: ${accepted.map((id) => `${id} (${allowed[id]})`).join(', ')}`;
}

interface CheckovReport {
  results?: { failed_checks?: { check_id: string; resource: string }[] };
  summary?: { passed: number; failed: number; skipped: number };
}

/** checkov: zero failed checks (the generated code skips what does not apply, with a reason), and something scanned. */
export async function checkov(args: string[]): Promise<string> {
  await needs('checkov', ['--version'], 'checkov');
  const { stdout, code } = await run('checkov', [...args, '--output', 'json', '--skip-download', '--quiet'], {
    env: { BC_SKIP_MAPPING: 'TRUE' },
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
  if (failed.length > 0) throw new Error(`checkov: ${failed.map((f) => `${f.check_id} on ${f.resource}`).join('; ')}`);
  if (sum('passed') === 0) throw new Error(`checkov scanned nothing (exit ${code})`);
  return `${sum('passed')} passed, 0 failed, ${sum('skipped')} skipped with reasons in the code`;
}
