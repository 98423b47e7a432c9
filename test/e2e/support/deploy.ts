// Deploy rows: a project deployed to a local AWS (test/harness/local-aws.ts: MiniStack on a free
// port) by its README's "Run it on a local AWS" commands as written — the flavor's own tool,
// pointed at the emulator by the environment only — in the workspace whose compile it shares
// (rows.ts stages the flavor's files there). Then every function answers each of its samples
// when invoked, every trigger is fired and the function's behaviour judged (cases/deployed.ts),
// a second deploy changes nothing, and the tear-down leaves nothing of the project behind.
// The function runs on this machine, so the rows deploy the x86_64 build.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeployTarget, deployTarget, README_ENDPOINT } from '../../harness/deploy-target.js';
import { Unavailable } from '../../harness/errors.js';
import { type Env, run } from '../../harness/exec.js';
import { judgeJsonLogs } from '../../harness/json-logs.js';
import { linkTree } from '../../harness/link-tree.js';
import { parseReadme } from '../../harness/readme/parse.js';
import { deployedName, LOCAL_AWS_SECTION, outputPrefix } from '../../harness/readme/static.js';
import { type Arch, buildSetup, targetDir } from '../../harness/toolchain.js';
import { type Deployed, platformLine, type RouteAnswer, TRIGGER_CHECKS } from '../cases/deployed.js';
import type { FlavorId } from '../cases/flavors.js';
import type { LifecycleRow } from '../cases/lifecycle.js';
import { expectsError, type InvokeCase, type TemplateCase, templateCase } from '../cases/templates.js';
import { caseEvent, judge } from './answers.js';
import { linkCdkDependencies } from './cdk-deps.js';
import { crateFiles } from './crate-files.js';
import { functionDir, projectFunctions } from './generate.js';
import type { Lane } from './lanes.js';
import { lifecycleRow } from './lifecycle.js';
import { check, Skipped } from './matrix.js';
import { type CheckedRow, stagedUnit } from './rows.js';
import { providerConfig } from './terraform.js';
import { compileFinished } from './unit.js';

const MINUTE = 60_000;

/** What the rows need from a flavor beyond the README's commands. */
interface FlavorDeploy {
  /** before the deploy, in the staged workspace */
  prepare?(dir: string): Promise<void>;
  env?(): Promise<Env>;
  /** the stack's outputs, by key */
  outputs(dir: string, name: string, env: Env): Promise<Record<string, string>>;
  /** a second deploy: throws when it would change something; Skipped when the flavor keeps no state */
  unchanged(dir: string, env: Env): Promise<string>;
  /** the README's Clean up, unattended */
  destroy(dir: string, env: Env): Promise<string>;
}

const TERRAFORM_VARS = (env: Env) => ['-var', `cargo_target_dir=${env.CARGO_TARGET_DIR ?? '../target'}`];

async function stackOutputs(name: string, env: Env): Promise<Record<string, string>> {
  const { stdout } = await run('aws', ['cloudformation', 'describe-stacks', '--stack-name', name, '--output', 'json'], { env });
  const stacks = JSON.parse(stdout) as { Stacks: { Outputs?: { OutputKey: string; OutputValue: string }[] }[] };
  return Object.fromEntries((stacks.Stacks[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
}

const FLAVOR_DEPLOY: Record<FlavorId, FlavorDeploy> = {
  terraform: {
    prepare: async (dir) => {
      for (const f of ['terraform.tfstate', 'terraform.tfstate.backup', '.terraform', '.terraform.lock.hcl'])
        rmSync(join(dir, 'infra', f), { recursive: true, force: true });
    },
    env: async () => {
      const { config } = await providerConfig(Number(process.env.CRL_TF_PROVIDER_WAIT_MIN ?? 50) * MINUTE);
      return { TF_CLI_CONFIG_FILE: config, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
    },
    outputs: async (dir, _name, env) => {
      const { stdout } = await run('terraform', ['-chdir=infra', 'output', '-json'], { cwd: dir, env });
      return Object.fromEntries(
        Object.entries(JSON.parse(stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, String(v.value)]),
      );
    },
    unchanged: async (dir, env) => {
      const plan = await run(
        'terraform',
        ['-chdir=infra', 'plan', '-detailed-exitcode', '-input=false', '-no-color', ...TERRAFORM_VARS(env)],
        {
          cwd: dir,
          env,
          allowFailure: true,
          timeoutMs: 10 * MINUTE,
        },
      );
      if (plan.code !== 0) {
        // what would change, first: the matrix shows a check's first line
        const changes = plan.stdout
          .split('\n')
          .filter((l) => /^\s*# \S+ (will|must) be/.test(l))
          .map((l) => l.trim().slice(2));
        throw new Error(
          `terraform plan after the apply (exit ${plan.code}): ${changes.join('; ') || 'see below'}\n${plan.stdout.slice(-3000)}${plan.stderr.slice(-1500)}`,
        );
      }
      return 'terraform plan: no changes';
    },
    destroy: async (dir, env) => {
      await run('terraform', ['-chdir=infra', 'destroy', '-auto-approve', '-input=false', '-no-color', ...TERRAFORM_VARS(env)], {
        cwd: dir,
        env,
        timeoutMs: 15 * MINUTE,
      });
      return 'terraform destroy';
    },
  },
  sam: {
    prepare: async (dir) => rmSync(join(dir, '.aws-sam'), { recursive: true, force: true }),
    env: async () => ({ SAM_CLI_TELEMETRY: '0' }),
    outputs: (_dir, name, env) => stackOutputs(name, env),
    unchanged: async (dir, env) => {
      const { stdout, stderr } = await run('sam', ['deploy', '--no-confirm-changeset', '--no-fail-on-empty-changeset'], {
        cwd: dir,
        env,
        timeoutMs: 15 * MINUTE,
      });
      if (!/No changes to deploy/.test(stdout + stderr))
        throw new Error(`the second sam deploy changed the stack:\n${stdout.slice(-3000)}`);
      return 'sam deploy: no changes to deploy';
    },
    destroy: async (dir, env) => {
      await run('sam', ['delete', '--no-prompts'], { cwd: dir, env, timeoutMs: 15 * MINUTE });
      return 'sam delete';
    },
  },
  cdk: {
    prepare: async (dir) => {
      rmSync(join(dir, 'infra', 'cdk.out'), { recursive: true, force: true });
      await linkCdkDependencies(dir);
    },
    env: async () => ({ CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' }),
    outputs: (_dir, name, env) => stackOutputs(name, env),
    unchanged: async (dir, env) => {
      await run('npx', ['--no-install', 'cdk', 'diff', '--fail'], { cwd: join(dir, 'infra'), env, timeoutMs: 15 * MINUTE });
      return 'cdk diff: no differences';
    },
    destroy: async (dir, env) => {
      await run('npx', ['--no-install', 'cdk', 'destroy', '--force'], { cwd: join(dir, 'infra'), env, timeoutMs: 15 * MINUTE });
      return 'cdk destroy';
    },
  },
  none: {
    outputs: async () => ({}),
    unchanged: async () => {
      throw new Skipped('cargo lambda deploy keeps no state to compare a second deploy with');
    },
    // the README's Clean up block as written
    destroy: async (dir, env) => {
      const block = parseReadme(readFileSync(join(dir, 'README.md'), 'utf8')).find((b) => b.section[0] === 'Clean up');
      if (!block) throw new Error('no sh block under "Clean up"');
      // a command with a placeholder (which layer version to delete) is the user's to fill in
      const runnable = block.commands.filter((c) => !/<[a-z][\w -]*>/.test(c.text));
      await run('bash', ['-e', '-c', runnable.map((c) => c.text).join('\n')], { cwd: dir, env, timeoutMs: 10 * MINUTE });
      const left = block.commands.length - runnable.length;
      return `the Clean up block (${runnable.length} commands${left > 0 ? `; ${left} with a placeholder left to the user` : ''})`;
    },
  },
};

/**
 * What a tear-down leaves in AWS too, outside the stack: the log group Lambda itself makes for the
 * handler CDK adds for a bucket's notifications (the stack never owned it).
 */
const OUTSIDE_THE_STACK: { name: RegExp; why: string }[] = [
  {
    name: /^\/aws\/lambda\/.+-BucketNotificationsHandler[0-9a-f]+/i,
    why: "the log group Lambda made for CDK's own bucket-notifications handler",
  },
];

/** The emulator's resources that carry the project's name, per service: what a tear-down must leave empty. */
const LEFTOVERS: { what: string; args: string[]; names: (out: Record<string, unknown>) => string[] }[] = [
  {
    what: 'functions',
    args: ['lambda', 'list-functions'],
    names: (o) => (o.Functions as { FunctionName: string }[]).map((f) => f.FunctionName),
  },
  { what: 'queues', args: ['sqs', 'list-queues'], names: (o) => (o.QueueUrls as string[] | undefined) ?? [] },
  { what: 'topics', args: ['sns', 'list-topics'], names: (o) => (o.Topics as { TopicArn: string }[]).map((t) => t.TopicArn) },
  { what: 'buckets', args: ['s3api', 'list-buckets'], names: (o) => (o.Buckets as { Name: string }[]).map((b) => b.Name) },
  { what: 'tables', args: ['dynamodb', 'list-tables'], names: (o) => o.TableNames as string[] },
  { what: 'streams', args: ['kinesis', 'list-streams'], names: (o) => o.StreamNames as string[] },
  { what: 'rules', args: ['events', 'list-rules'], names: (o) => (o.Rules as { Name: string }[]).map((r) => r.Name) },
  { what: 'REST APIs', args: ['apigateway', 'get-rest-apis'], names: (o) => (o.items as { name: string }[]).map((a) => a.name) },
  { what: 'HTTP/WebSocket APIs', args: ['apigatewayv2', 'get-apis'], names: (o) => (o.Items as { Name: string }[]).map((a) => a.Name) },
  {
    what: 'load balancers',
    args: ['elbv2', 'describe-load-balancers'],
    names: (o) => (o.LoadBalancers as { LoadBalancerName: string }[]).map((l) => l.LoadBalancerName),
  },
  {
    what: 'log groups',
    args: ['logs', 'describe-log-groups'],
    names: (o) => (o.logGroups as { logGroupName: string }[]).map((g) => g.logGroupName),
  },
  { what: 'roles', args: ['iam', 'list-roles'], names: (o) => (o.Roles as { RoleName: string }[]).map((r) => r.RoleName) },
  {
    what: 'stacks',
    args: ['cloudformation', 'list-stacks'],
    names: (o) =>
      (o.StackSummaries as { StackName: string; StackStatus: string }[])
        .filter((s) => s.StackStatus !== 'DELETE_COMPLETE')
        .map((s) => s.StackName),
  },
];

/** One deploy row's state, from its deploy to its tear-down. */
class DeployedProject {
  target?: DeployTarget;
  /** `deploying` once the README's commands started (a tear-down is then owed), `deployed` once they all passed */
  state: 'new' | 'deploying' | 'deployed' = 'new';
  dir = '';
  name = '';
  outputs: Record<string, string> = {};
  env: Env = {};
  functions: { name: string; template: TemplateCase; deployedAs: string }[] = [];

  async awsCli(args: string[]): Promise<unknown> {
    const { stdout } = await run('aws', [...(this.target?.awsOptions ?? []), ...args, '--output', 'json'], {
      env: this.env,
      timeoutMs: 5 * MINUTE,
    });
    const text = stdout.trim();
    return text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
  }

  async stop(): Promise<void> {
    await this.target?.stop();
    this.target = undefined;
  }
}

async function curl(d: DeployedProject, baseUrl: string, route: string, init: Parameters<Deployed['request']>[2]): Promise<RouteAnswer> {
  const target = d.target as DeployTarget;
  const { url, options } = target.request(baseUrl, route);
  const args = ['-sS', '-i', '--max-time', '60', '-X', init.method, ...options];
  if (init.contentType) args.push('-H', `content-type: ${init.contentType}`);
  // from a file: a body can be larger than one argument may be (the oversized item is 400 KB)
  const scratch = mkdtempSync(join(tmpdir(), 'crl-request-'));
  if (init.body !== undefined) {
    writeFileSync(join(scratch, 'body'), init.body);
    args.push('--data-binary', `@${join(scratch, 'body')}`);
  }
  if (init.sign) {
    const c = target.credentials();
    args.push('--aws-sigv4', `aws:amz:${c.region}:lambda`, '--user', `${c.key}:${c.secret}`);
    if (c.token) args.push('-H', `x-amz-security-token: ${c.token}`);
  }
  const { stdout } = await run('curl', [...args, '--', url], { timeoutMs: 2 * MINUTE }).finally(() =>
    rmSync(scratch, { recursive: true, force: true }),
  );
  // the last header block (a 100 Continue may come first)
  const blocks = stdout.split(/\r?\n\r?\n/);
  let at = 0;
  while (/^HTTP\/[\d.]+ 100\b/.test(blocks[at] ?? '')) at++;
  const head = blocks[at] ?? '';
  const body = blocks.slice(at + 1).join('\n\n');
  const status = /^HTTP\/[\d.]+ (\d{3})(?: (.*))?/.exec(head);
  if (!status) throw new Error(`no HTTP answer from ${url}: ${stdout.slice(0, 500)}`);
  const contentType = /^content-type:\s*(.+)$/im.exec(head)?.[1]?.trim() ?? null;
  return { status: Number(status[1]), statusText: (status[2] ?? '').trim(), contentType, body };
}

function deployedFunction(d: DeployedProject, flavor: FlavorId, f: DeployedProject['functions'][number]): Deployed {
  const prefix = flavor === 'none' ? '' : outputPrefix(flavor === 'terraform' ? 'terraform' : 'sam', f.name);
  const output = (key: string) => {
    if (flavor === 'none') throw new Unavailable(`the none flavor has no stack outputs (${key})`);
    const name = flavor === 'terraform' ? `${prefix}${key}` : `${prefix}${cfnOutputKey(key)}`;
    const value = d.outputs[name];
    if (value === undefined) throw new Error(`no stack output ${name} (outputs: ${Object.keys(d.outputs).join(', ')})`);
    return value;
  };
  // read when asked: an extension has no function of its own
  const functionName = () => (flavor === 'none' ? f.deployedAs : output('function_name'));
  const logGroup = () => (flavor === 'none' ? `/aws/lambda/${functionName()}` : output('log_group_name'));
  return {
    flavor,
    fn: f.name,
    fnDir: functionDir(d.dir, f.name),
    template: f.template,
    output,
    get functionName() {
      return functionName();
    },
    request: (baseUrl, route, init) => curl(d, baseUrl, route, init),
    websocketUrl: (baseUrl) => (d.target as DeployTarget).websocketUrl(baseUrl),
    aws: (args) => d.awsCli(args),
    logs: async () => {
      // a log group that is not there yet has no lines
      const got = (await d.awsCli(['logs', 'filter-log-events', '--log-group-name', logGroup()]).catch(() => ({ events: [] }))) as {
        events?: { message: string }[];
      };
      return (got.events ?? []).map((e) => e.message);
    },
    until: async (what, probe, timeoutMs = 2 * MINUTE) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > end) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 1_000));
      }
    },
  };
}

/** A Terraform-style output key (`websocket_url`) as the CloudFormation flavors name it (`WebSocketUrl`). */
const CFN_KEYS: Record<string, string> = { websocket_url: 'WebSocketUrl' };
const cfnOutputKey = (key: string) =>
  CFN_KEYS[key] ??
  key
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** Invokes the deployed function with a sample as `aws lambda invoke` does; an answer like `cargo lambda invoke`'s. */
async function invokeDirectly(d: DeployedProject, fnName: string, fnDir: string, c: InvokeCase): Promise<unknown> {
  const scratch = mkdtempSync(join(tmpdir(), 'crl-invoke-'));
  try {
    const payload = join(scratch, 'payload.json');
    const out = join(scratch, 'out.json');
    writeFileSync(payload, JSON.stringify(caseEvent(fnDir, c)));
    const meta = (await d.awsCli(['lambda', 'invoke', '--function-name', fnName, '--payload', `file://${payload}`, out])) as {
      FunctionError?: string;
    };
    const answer = JSON.parse(readFileSync(out, 'utf8') || 'null') as unknown;
    if (meta.FunctionError) {
      const e = answer as { errorType?: string; errorMessage?: string };
      return { error: `${e.errorType ?? meta.FunctionError}: ${e.errorMessage ?? JSON.stringify(answer)}` };
    }
    if (expectsError(c)) throw new Error(`the function answered instead of failing: ${JSON.stringify(answer).slice(0, 300)}`);
    return answer;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The cases a direct invoke replays: not the streamed ones (the function URL check has them), not those that need state the trigger checks make. */
function directCases(t: TemplateCase, flavor: FlavorId): InvokeCase[] {
  // a table's cases change it: they run once, through the route, unless no route check runs in this
  // flavor (`none` has none; an emulator gap skips one), and then here, on the fresh table
  const routed = flavor !== 'none' && TRIGGER_CHECKS[t.id].every((c) => !c.gap?.[flavor]);
  if ((t.table && routed) || t.bucket) return [];
  return t.invokes.filter((c) => !c.servicesDown && !(typeof c.expect === 'object' && 'stream' in c.expect));
}

/**
 * A flavor's own Cargo target folder (the lanes build side by side, and two `cargo lambda build`s
 * of one binary in one folder race when they move it into place, while one folder for all made
 * each lane's build wait for the others' on its lock), made of hard links to the release lane's:
 * each row, once the compile it reuses is done, links in what that folder gained since (its
 * case's dependencies with the case's features among it), so every dependency is found compiled,
 * and so are the deploy workspaces' own crates (copies with the same mtimes), while what a deploy
 * builds otherwise is built into it rather than over the binaries the release lane's checks
 * compare their builds with. Cargo replaces a file rather than writing
 * into it, so the links never change the release lane's files. Kept between runs like the
 * release lane's: what only a deploy compiles is compiled once, and cargo judges the rest itself.
 * One row links at a time.
 */
let seeding: Promise<unknown> = Promise.resolve();
function seededTargetDir(arch: Arch, flavor: FlavorId): Promise<string> {
  const dir = `${targetDir(arch)}-deployed-${flavor}`;
  const next = seeding.then(() => {
    // the other lanes may still be compiling into the release lane's folder
    if (existsSync(targetDir(arch))) linkTree(targetDir(arch), dir);
    return dir;
  });
  seeding = next.catch(() => undefined);
  return next;
}

/** How long a deploy row waits for the compile it reuses (another lane makes it). */
const COMPILE_WAIT = 120 * MINUTE;

/**
 * One workspace per deployed case and flavor, a copy of the crates its compile was made from
 * (after that compile: its Cargo.lock too), where that flavor's lane stages its files, apart from
 * the workspace in which the release lane stages its own rows and from the other flavors' lanes,
 * which run at the same time. The copy keeps the files' mtimes, so cargo finds what the release
 * lane built of them fresh (the paths cargo records are relative to the workspace).
 */
function deployWorkspace(r: LifecycleRow, unitDir: string): string {
  const dir = `${unitDir}-deployed-${r.flavor}`;
  if (!existsSync(dir)) {
    for (const file of [...crateFiles(unitDir), 'Cargo.lock', 'rust-lambda.toml']) {
      if (existsSync(join(unitDir, file))) cpSync(join(unitDir, file), join(dir, file), { recursive: true, preserveTimestamps: true });
    }
  }
  return dir;
}

/** A deploy row as a row of the matrix: the lifecycle project of its case and flavor, staged in the case's deploy workspace. */
function deployRow(r: LifecycleRow): CheckedRow {
  const base = lifecycleRow(r);
  return {
    subject: `${base.subject} (deployed)`,
    flavor: r.flavor,
    arch: r.arch,
    project: base.project,
    unit: () => {
      const unit = base.unit();
      // `none` crates carry cargo lambda deploy's settings (other Cargo.toml files): its own project
      const dir = r.flavor === 'none' ? base.project().dir : deployWorkspace(r, unit.dir);
      return { dir, compile: unit.compile };
    },
  };
}

/** Registers a deploy row's checks in `lane` (its project's lane: each row first waits for the compile it reuses). */
export function deployChecks(lane: Lane, r: LifecycleRow): void {
  const row = deployRow(r);
  const compile = () => lifecycleRow(r).unit().compile;
  const subject = row.subject;
  const flavor = FLAVOR_DEPLOY[r.flavor];
  const d = new DeployedProject();
  lane.after(() => d.stop());
  const it = (name: string, fn: () => Promise<string | void>) =>
    lane.it(`${subject} (${r.arch}): ${name}`, (ctx) => check({ subject, arch: r.arch, check: name }, fn, ctx));
  const reached = (state: 'deploying' | 'deployed') => {
    if (!d.target || (state === 'deployed' && d.state !== 'deployed') || d.state === 'new')
      throw new Unavailable(
        `the project was not ${state === 'deployed' ? 'deployed' : 'sent to the deploy'} (see "deployed as the README says")`,
      );
    return d;
  };
  const deployed = () => reached('deployed');

  it('deployed as the README says', async () => {
    const project = row.project();
    const markdown = readFileSync(join(project.dir, 'README.md'), 'utf8');
    const blocks = parseReadme(markdown).filter((b) => b.section[0] === LOCAL_AWS_SECTION);
    const server = blocks.find((b) => b.commands.length === 1 && /^(\w+=\S+ )*ministack$/.test(b.commands[0]?.text ?? ''));
    const steps = blocks.find((b) => b !== server && b.code.includes(`export AWS_ENDPOINT_URL=${README_ENDPOINT}`));
    if (!server || !steps) throw new Error(`"${LOCAL_AWS_SECTION}" must start \`ministack\` and deploy with ${README_ENDPOINT}`);
    await compileFinished(compile(), COMPILE_WAIT);
    d.dir = stagedUnit(row);
    d.name = project.name;
    await flavor.prepare?.(d.dir);
    const cargoTarget = await seededTargetDir(r.arch, r.flavor);
    d.target = await deployTarget();
    d.env = {
      ...buildSetup(r.arch).env,
      CARGO_TARGET_DIR: cargoTarget,
      CARGO_TERM_COLOR: 'never',
      ...(await flavor.env?.()),
      ...d.target.env,
    };
    const started = Date.now();
    d.state = 'deploying';
    await run('bash', ['-e', '-o', 'pipefail', '-c', d.target.script(steps.commands)], {
      cwd: d.dir,
      env: d.env,
      timeoutMs: 20 * MINUTE,
    });
    d.outputs = await flavor.outputs(d.dir, d.name, d.env);
    const deployLines = steps.commands.map((c) => c.text).filter((t) => /^cargo lambda deploy\b/.test(t));
    d.functions = projectFunctions(project.dir).map((f, i) => ({
      name: f.name,
      template: templateCase(f.template),
      deployedAs: r.flavor === 'none' ? (deployLines[i]?.split(/\s+/).pop() ?? deployedName(project, f.name)) : f.name,
    }));
    d.state = 'deployed';
    return `${steps.commands.length} commands in ${Math.round((Date.now() - started) / 1000)}s on ${d.target.what}; ${Object.keys(d.outputs).length} outputs`;
  });

  const functions = [{ name: r.case.name(r.arch), template: r.case.first }, ...r.case.adds];
  for (const f of functions) {
    const t = templateCase(f.template);
    const fn = () => {
      const found = deployed().functions.find((g) => g.name === f.name);
      if (!found) throw new Error(`${f.name} is not a function of the deployed project`);
      return deployedFunction(deployed(), r.flavor, found);
    };
    if (directCases(t, r.flavor).length > 0) {
      it(`${f.name} (${t.id}): every sample invoked`, async () => {
        const target = fn();
        const said = [];
        for (const c of directCases(t, r.flavor))
          said.push(`${c.event}: ${judge(target.fnDir, c, await invokeDirectly(deployed(), target.functionName, target.fnDir, c))}`);
        return said.join('; ');
      });
    }
    for (const trigger of TRIGGER_CHECKS[t.id]) {
      it(`${f.name} (${t.id}): ${trigger.name}`, async () => {
        const gap = trigger.gap?.[r.flavor];
        if (gap) throw new Skipped(gap);
        if (r.flavor === 'none') throw new Skipped('the none flavor deploys the function only: its trigger is made by hand (README)');
        return trigger.run(fn());
      });
    }
    // after the triggers: the lines they made are judged too
    it(`${f.name} (${t.id}): logs JSON`, async () => {
      if (t.kind === 'extension' && r.flavor === 'none')
        throw new Skipped('the none flavor deploys the extension as a layer only: no function of its own');
      const target = fn();
      const name = t.kind === 'extension' ? target.output('demo_function_name') : target.functionName;
      const config = (await target.aws(['lambda', 'get-function-configuration', '--function-name', name])) as {
        LoggingConfig?: { LogFormat?: string };
      };
      if (config.LoggingConfig?.LogFormat !== 'JSON')
        throw new Error(`${name}: LoggingConfig ${JSON.stringify(config.LoggingConfig)}, not JSON`);
      // an extension's demo function is Python: its lines are the Python runtime's
      if (t.kind === 'extension') return `${name}: LoggingConfig.LogFormat JSON`;
      const own = (await target.logs()).filter((l) => !platformLine(l));
      const said = own.length > 0 ? judgeJsonLogs(own) : 'no line of its own at the default level (INFO)';
      return `${name}: LoggingConfig.LogFormat JSON; its log group: ${said}`;
    });
  }

  it('a second deploy changes nothing', async () => flavor.unchanged(deployed().dir, deployed().env));

  it('torn down, nothing of the project left', async () => {
    const p = reached('deploying');
    try {
      await emptyBuckets(p);
      const how = await flavor.destroy(p.dir, p.env);
      const left: string[] = [];
      const outside: string[] = [];
      for (const l of LEFTOVERS) {
        const names = l.names((await p.awsCli(l.args)) as Record<string, unknown>);
        const ours = names.filter((n) => n.toLowerCase().includes(p.name.toLowerCase()));
        for (const n of ours) {
          const known = OUTSIDE_THE_STACK.find((o) => o.name.test(n));
          if (known) outside.push(`${n} (${known.why})`);
        }
        const stack = ours.filter((n) => !OUTSIDE_THE_STACK.some((o) => o.name.test(n)));
        if (stack.length > 0) left.push(`${l.what}: ${stack.join(', ')}`);
      }
      if (left.length > 0) throw new Error(`left after ${how}: ${left.join('; ')}`);
      const known = outside.length > 0 ? `; outside the stack, as in AWS: ${outside.join(', ')}` : '';
      return `${how}; none of ${LEFTOVERS.map((l) => l.what).join(', ')} left${known}`;
    } finally {
      await p.stop();
    }
  });
}

/** Empties the stack's buckets, every version (the README's Clean up asks the user to, first). */
async function emptyBuckets(d: DeployedProject): Promise<void> {
  const buckets = Object.entries(d.outputs)
    .filter(([k]) => /bucket_name$|BucketName$/.test(k))
    .map(([, v]) => v);
  for (const bucket of buckets) {
    const listed = (await d.awsCli(['s3api', 'list-object-versions', '--bucket', bucket])) as {
      Versions?: { Key: string; VersionId: string }[];
      DeleteMarkers?: { Key: string; VersionId: string }[];
    };
    const objects = [...(listed.Versions ?? []), ...(listed.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key, VersionId: v.VersionId }));
    if (objects.length > 0)
      await d.awsCli(['s3api', 'delete-objects', '--bucket', bucket, '--delete', JSON.stringify({ Objects: objects })]);
  }
}
