// What the README says about AWS, checked against the project's IaC without AWS: the blocks a
// test cannot run (deploy, try, clean up) must name the stack, outputs, region and files the
// generated project really has, use AWS CLI v2 syntax, join URLs without `//`, leave no fake
// credentials in the shell, and the CLI's printed next steps must be the README's deploy block.
// With the project's functions (rust-lambda.toml): each has its part of the local and the try
// sections, an invoke names the function whose events it sends, and a function's part of "Try it
// in AWS" reads that function's outputs (prefixed: CloudFormation <LogicalId><Name>, Terraform
// <terraform_id>_<name>).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cfnLogicalId, terraformId } from '../../../src/names.js';
import { PROJECT_FILE, parseProject } from '../../../src/project/project-file.js';
import { run } from '../exec.js';
import type { Block } from './parse.js';
import { type SimpleCommand, simpleCommands } from './shell.js';

export interface ProjectFacts {
  dir: string;
  name: string;
  region: string;
  iac: 'sam' | 'cdk' | 'terraform' | 'none';
  stackName: string;
  /** the project's function names; read from the project's rust-lambda.toml when not given (none: no function checks) */
  functions?: string[];
}

/** The sections the README runner runs for real; everything else is read here. */
export const LOCAL_SECTION = 'Run it locally';
/** Where each function has its part about the deployed stack. */
export const TRY_SECTION = 'Try it in AWS';
/** Deploys to a local AWS emulator: its terminal is pointed at the emulator on purpose (`export AWS_…`). */
export const LOCAL_AWS_SECTION = 'Run it on a local AWS';

/** The function a subsection is about: its heading starts with the name in backticks ("`shop`: HTTP API"). */
export function functionOfHeading(heading: string | undefined): string | undefined {
  return heading === undefined ? undefined : /^`([a-z][a-z0-9-]*)`/.exec(heading)?.[1];
}

/** The names of the functions the project file lists, or undefined without one. */
export function projectFunctions(dir: string): string[] | undefined {
  const file = join(dir, PROJECT_FILE);
  if (!existsSync(file)) return undefined;
  return parseProject(readFileSync(file, 'utf8'), file).functions.map((f) => f.name);
}

/**
 * The name a function is deployed under where the README deploys it by name (`none`): the
 * project's, then `-<function>` unless the function is named like the project, so that two
 * projects' functions never share one.
 */
export function deployedName(project: { name: string }, fn: string): string {
  return fn === project.name ? fn : `${project.name}-${fn}`;
}

/** The project's name as its project file records it, or undefined without one. */
function projectName(dir: string): string | undefined {
  const file = join(dir, PROJECT_FILE);
  return existsSync(file) ? parseProject(readFileSync(file, 'utf8'), file).name : undefined;
}

/** The contract's output key prefix of a function (the flavor's iac/output applies it). */
export function outputPrefix(iac: ProjectFacts['iac'], fn: string): string {
  return iac === 'terraform' ? `${terraformId(fn)}_` : cfnLogicalId(fn);
}

const read = (dir: string, file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : '');

/** Where each flavor keeps its outputs, and how a URL output's value is written (a trailing `/` breaks joins). */
interface Outputs {
  /** output name → the IaC text of its value */
  values: Map<string, string>;
}

function iacOutputs(p: ProjectFacts): Outputs {
  const values = new Map<string, string>();
  if (p.iac === 'sam') {
    const text = read(p.dir, 'template.yaml');
    const outputs = /^Outputs:\n([\s\S]*?)(?=^\S|$(?![\s\S]))/m.exec(text)?.[1] ?? '';
    for (const m of outputs.matchAll(/^ {2}(\w+):\n((?: {4}.*\n?)*)/gm)) {
      values.set(m[1] as string, /Value: (.*)/.exec(m[2] as string)?.[1] ?? '');
    }
  } else if (p.iac === 'cdk') {
    const text = read(p.dir, 'infra/lib/stack.ts');
    for (const m of text.matchAll(/new (?:cdk\.)?CfnOutput\(this, '(\w+)', \{([\s\S]*?)\}\);/g)) {
      values.set(m[1] as string, /value: ([^,\n]*)/.exec(m[2] as string)?.[1] ?? '');
    }
  } else if (p.iac === 'terraform') {
    const text = ['outputs.tf', 'main.tf'].map((f) => read(p.dir, `infra/${f}`)).join('\n');
    for (const m of text.matchAll(/^output "(\w+)" \{([\s\S]*?)^\}/gm)) {
      values.set(m[1] as string, /value\s*=\s*(.*)/.exec(m[2] as string)?.[1] ?? '');
    }
  }
  return { values };
}

/** Values known to end in `/`: CDK's `HttpApi.url`, the API Gateway stage's `invoke_url`, or a literal. */
const trailingSlash = (value: string) => /\.url\b|invoke_url|\/["']?\s*$/.test(value);

/** The output a command substitution reads, by flavor. */
function outputRead(c: SimpleCommand): string | undefined {
  if (c.argv[0] === 'aws' && c.argv[1] === 'cloudformation' && c.argv[2] === 'describe-stacks') {
    const query = c.argv[c.argv.indexOf('--query') + 1] ?? '';
    return /OutputKey=='(\w+)'/.exec(query)?.[1];
  }
  if (c.argv[0] === 'terraform' && c.argv.includes('output')) return c.argv.at(-1);
  return undefined;
}

/** Files the README reads that the project must ship (not those a command before it makes): a function's are under functions/<name>/. */
const SHIPPED = /^(?:file:\/\/)?((?:functions\/[a-z][a-z0-9-]*\/)?(?:events|examples|src|infra\/demo)\/[\w./-]+)$/;

/** `cargo lambda invoke` options that take no value; every other option does. */
const INVOKE_FLAGS = new Set(['-R', '--remote', '-v', '-vv', '--verbose', '--admerge', '--skip-cache', '-h', '--help']);

/**
 * The function a `cargo lambda invoke` names (its one positional argument; none: the emulator's
 * default function), the event file it sends, and whether it invokes the deployed function.
 */
function invokeOf(c: SimpleCommand): { name?: string; dataFile?: string; remote?: boolean } | undefined {
  if (c.argv[0] !== 'cargo' || c.argv[1] !== 'lambda' || c.argv[2] !== 'invoke') return undefined;
  const found: { name?: string; dataFile?: string; remote?: boolean } = {};
  for (let i = 3; i < c.argv.length; i++) {
    const arg = c.argv[i] as string;
    if (arg.startsWith('-')) {
      if (arg === '-F' || arg === '--data-file') found.dataFile = c.argv[i + 1];
      if (arg === '-R' || arg === '--remote') found.remote = true;
      if (!INVOKE_FLAGS.has(arg) && !arg.includes('=')) i++;
    } else found.name ??= arg;
  }
  return found;
}

export interface StaticResult {
  problems: string[];
  /** counts, for the matrix */
  checked: { commands: number; aws: number; outputs: number };
}

/**
 * Every problem of `blocks` against the project. `python` is a Python with the AWS CLI's service
 * models (botocore) to check each `aws` command with; without one that check is left out (the
 * CLI tests, which have no AWS CLI), and `checked.aws` says 0.
 */
export async function checkReadmeStatically(
  p: ProjectFacts,
  blocks: Block[],
  nextSteps: string[],
  python: string | undefined,
): Promise<StaticResult> {
  const problems: string[] = [];
  const outputs = iacOutputs(p);
  const functions = p.functions ?? projectFunctions(p.dir);
  const project = { name: projectName(p.dir) ?? p.name };
  /** section → the functions with a subsection of commands in it */
  const covered = new Map<string, Set<string>>();
  const awsCommands: { argv: string[]; line: number }[] = [];
  const urlVars = new Map<string, string>();
  let commands = 0;
  let outputsRead = 0;
  // the sections after the local one are read as one terminal, in order: a `cd` stays in effect
  let cwd = '.';
  for (const block of blocks) {
    // each local block is a terminal of its own (the README runner runs them so)
    if (block.section[0] === LOCAL_SECTION) cwd = '.';
    // the function whose subsection this is
    const owner = functionOfHeading(block.section[1]);
    if (owner && functions && block.section[0] !== undefined) {
      if (!functions.includes(owner))
        problems.push(
          `README line ${block.line}: a subsection of "${block.section[0]}" about \`${owner}\`, which is not a function of the project`,
        );
      const seen = covered.get(block.section[0]) ?? new Set<string>();
      covered.set(block.section[0], seen.add(owner));
    }
    for (const command of block.commands) {
      const at = `README line ${command.line}`;
      let parsed: SimpleCommand[];
      try {
        parsed = simpleCommands(command.text);
      } catch (err) {
        problems.push(`${at}: ${(err as Error).message}`);
        continue;
      }
      if (block.section[0] !== LOCAL_AWS_SECTION && /\bexport\s+AWS_/.test(command.text))
        problems.push(`${at}: exports AWS_* into the user's shell: later commands would use it`);
      if (block.section[0] === 'Build' && /<[a-z][\w -]*>/.test(command.text)) {
        problems.push(`${at}: a placeholder in a step the user runs as written: ${command.text}`);
      }
      if (/[^:]\/\/[\w$]/.test(command.text.replace(/https?:\/\//g, ''))) problems.push(`${at}: \`//\` in a path or URL: ${command.text}`);
      for (const c of parsed) {
        commands++;
        if (c.argv[0] === 'cd') {
          const to = join(cwd, c.argv[1] ?? '.');
          if (to.startsWith('..') || !existsSync(join(p.dir, to)))
            problems.push(`${at}: \`cd ${c.argv[1]}\` from ${cwd}: no such folder in the project`);
          cwd = to;
        }
        // a variable read from a stack output: remember it, to check URL joins with it
        for (const [name, value] of Object.entries(c.assignments)) {
          const inner = simpleCommands(value.replace(/^\$\(|\)$/g, ''))[0];
          const output = inner ? outputRead(inner) : undefined;
          if (output) urlVars.set(name, output);
        }
        const output = outputRead(c);
        if (output) {
          outputsRead++;
          if (p.iac === 'none') problems.push(`${at}: reads output ${output}, but there is no IaC`);
          else if (!outputs.values.has(output))
            problems.push(`${at}: no output \`${output}\` in the ${p.iac} code (has: ${[...outputs.values.keys()].join(', ')})`);
          // a function's part reads its own outputs: each is prefixed with the function's id
          if (owner && p.iac !== 'none' && block.section[0] === TRY_SECTION) {
            const prefix = outputPrefix(p.iac, owner);
            const rest = output.slice(prefix.length);
            if (!output.startsWith(prefix) || !(p.iac === 'terraform' ? /^[a-z]/ : /^[A-Z]/).test(rest))
              problems.push(`${at}: \`${owner}\` reads output ${output}, which is not one of its own (they start with ${prefix})`);
          }
        }
        const invoke = invokeOf(c);
        if (invoke && functions) {
          // the emulator knows a function by its crate name; AWS, where `none` deployed it, by its deployed name
          const byDeployedName = invoke.remote === true && p.iac === 'none';
          const known = byDeployedName ? functions.map((f) => deployedName(project, f)) : functions;
          const invoked = byDeployedName ? functions.find((f) => deployedName(project, f) === invoke.name) : invoke.name;
          if (invoke.name !== undefined && !known.includes(invoke.name))
            problems.push(
              `${at}: invokes \`${invoke.name}\`, which is not ${byDeployedName ? 'the deployed name of ' : ''}a function of the project (${known.join(', ')})`,
            );
          const eventsOf = /^functions\/([^/]+)\/events\//.exec(invoke.dataFile ?? '')?.[1];
          if (eventsOf !== undefined && invoked !== undefined && eventsOf !== invoked)
            problems.push(`${at}: invokes \`${invoke.name}\` with an event of \`${eventsOf}\``);
          if (invoke.dataFile !== undefined && eventsOf === undefined && invoke.dataFile.startsWith('events/'))
            problems.push(`${at}: ${invoke.dataFile}: a function's events are in functions/<name>/events/`);
        }
        for (const [i, word] of c.raw.entries()) {
          for (const m of word.matchAll(/\$\{?(\w+)\}?"?\/(\w)/g)) {
            const from = urlVars.get(m[1] as string);
            const value = from ? outputs.values.get(from) : undefined;
            if (value !== undefined && trailingSlash(value))
              problems.push(`${at}: $${m[1]} (output ${from} = ${value}) ends in \`/\`, so "${word}" requests \`//\``);
          }
          const arg = c.argv[i] as string;
          const shipped = SHIPPED.exec(arg);
          if (shipped && !existsSync(join(p.dir, cwd, shipped[1] as string)))
            problems.push(
              `${at}: ${shipped[1]} is not in ${cwd === '.' ? 'the project' : `${cwd}/, where the commands before it left the shell`}`,
            );
          const url = /\/lambda-url\/([^/?#'"]*)/.exec(arg)?.[1];
          if (url !== undefined && functions && !functions.includes(url))
            problems.push(`${at}: /lambda-url/${url}/ is not a function of the project (${functions.join(', ')})`);
          const chdir = /^-chdir=(.+)$/.exec(arg)?.[1];
          if (chdir && !existsSync(join(p.dir, cwd, chdir))) problems.push(`${at}: -chdir=${chdir}: no such folder in ${cwd}`);
        }
        const flag = (name: string) => {
          const i = c.argv.indexOf(name);
          return i >= 0 ? c.argv[i + 1] : undefined;
        };
        if (c.argv[0] === 'aws') {
          awsCommands.push({ argv: c.argv.slice(1), line: command.line });
          const region = flag('--region');
          if (region !== p.region)
            problems.push(
              `${at}: \`aws ${c.argv[1]} ${c.argv[2]}\` ${region ? `uses region ${region}` : 'has no --region'} (the project's is ${p.region})`,
            );
        }
        if (['sam', 'cargo'].includes(c.argv[0] as string) && flag('--region') && flag('--region') !== p.region) {
          problems.push(`${at}: region ${flag('--region')} (the project's is ${p.region})`);
        }
        const stack = flag('--stack-name');
        if (stack !== undefined && stack !== p.stackName) problems.push(`${at}: stack ${stack}, the project's is ${p.stackName}`);
      }
    }
  }
  // every function has its part where the README speaks of each one
  for (const name of functions ?? []) {
    for (const section of [LOCAL_SECTION, TRY_SECTION]) {
      if (!covered.get(section)?.has(name)) problems.push(`"${section}" has no subsection with commands for \`${name}\``);
    }
  }
  problems.push(...iacAgreement(p));
  problems.push(...nextStepsAgreement(blocks, nextSteps));
  if (python !== undefined && awsCommands.length > 0) {
    const { stdout } = await run(python, [join(import.meta.dirname, 'aws_cli_check.py')], {
      input: JSON.stringify(awsCommands.map((c) => c.argv.map((a) => (a.includes('$') ? 'VALUE' : a)))),
    });
    const found = JSON.parse(stdout) as string[][];
    found.forEach((list, i) => {
      for (const problem of list) problems.push(`README line ${awsCommands[i]?.line}: ${problem}`);
    });
  }
  return { problems, checked: { commands, aws: python === undefined ? 0 : awsCommands.length, outputs: outputsRead } };
}

/** The stack name and region the README states are the ones the IaC deploys to. */
function iacAgreement(p: ProjectFacts): string[] {
  const problems: string[] = [];
  const expect = (file: string, pattern: RegExp, what: string) => {
    if (!pattern.test(read(p.dir, file))) problems.push(`${file} does not set ${what}`);
  };
  const q = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (p.iac === 'sam') {
    expect('samconfig.toml', new RegExp(`stack_name = "${q(p.stackName)}"`), `stack ${p.stackName}`);
    expect('samconfig.toml', new RegExp(`region = "${q(p.region)}"`), `region ${p.region}`);
    const global = /\[default\.global\.parameters\]\n([^[]*)/.exec(read(p.dir, 'samconfig.toml'))?.[1] ?? '';
    if (!global.includes(`region = "${p.region}"`))
      problems.push('samconfig.toml: the region is not under [default.global.parameters], so `sam logs`/`sam delete` use another');
  }
  if (p.iac === 'cdk') {
    expect('infra/bin/app.ts', new RegExp(`['"]${q(p.stackName)}['"]`), `stack ${p.stackName}`);
    expect('infra/bin/app.ts', new RegExp(`region: ['"]${q(p.region)}['"]`), `region ${p.region}`);
  }
  if (p.iac === 'terraform') expect('infra/variables.tf', new RegExp(`default\\s*=\\s*"${q(p.region)}"`), `region ${p.region}`);
  return problems;
}

/** The CLI's next steps are the README's deploy block, command for command. */
export function nextStepsAgreement(blocks: Block[], nextSteps: string[]): string[] {
  const deploy = blocks.find((b) => b.section[0] === 'Deploy');
  if (!deploy) return ['the README has no deploy block'];
  const readme = deploy.commands.map((c) => c.text);
  const printed = nextSteps.slice(1); // the first is `cd <project>`
  if (JSON.stringify(readme) === JSON.stringify(printed)) return [];
  return [`the printed next steps (${printed.join(' ; ')}) are not the README's deploy block (${readme.join(' ; ')})`];
}
