// main(): a short list of steps, each a function of what it needs.
import { resolve } from 'node:path';
import kleur from 'kleur';
import type { Behaviour } from './answers.js';
import { parseArgs } from './args.js';
import { helpText, listJson, listText, version } from './format/help.js';
import { reportError } from './format/report-error.js';
import { printDryRun, printSummary, reproduceCommand, type Ui } from './format/summary.js';
import type { Io } from './io.js';
import { detectPackageManager } from './package-manager.js';
import { cliVersion } from './paths.js';
import { projectFromAnswers } from './project/model.js';
import { recordedSource } from './project/recorded-source.js';
import { clackPrompter } from './prompter.js';
import { checkTarget } from './steps/check-target.js';
import { initGit } from './steps/git.js';
import { planProject } from './steps/plan.js';
import { resolveOptions } from './steps/resolve-options.js';
import { writeProject } from './steps/write.js';
import { type LoadedTemplate, loadTemplate } from './template/load.js';

/** Subcommands, each loaded on use (doctor needs node:child_process, which a scaffold does not). */
const COMMANDS: Record<string, () => Promise<(argv: string[], io: Io) => Promise<number>>> = {
  eject: async () => (await import('./commands/eject.js')).eject,
  doctor: async () => (await import('./commands/doctor.js')).doctor,
  add: async () => (await import('./commands/add.js')).add,
  upgrade: async () => (await import('./commands/upgrade.js')).upgrade,
  render: async () => (await import('./commands/render.js')).render,
};

/** --help, --version, --list: answered without running anything. */
function information(b: Behaviour): string | undefined {
  if (b.help) return helpText();
  if (b.version) return version();
  if (b.list) return b.json ? listJson() : listText();
  return undefined;
}

export async function main(io: Io): Promise<number> {
  let template: LoadedTemplate | undefined;
  try {
    const command = Object.hasOwn(COMMANDS, io.argv[0] ?? '') ? COMMANDS[io.argv[0] as string] : undefined;
    if (command) return await (await command())(io.argv.slice(1), io);
    const args = parseArgs(io.argv);
    const { behaviour } = args;
    const info = information(behaviour);
    if (info !== undefined) {
      io.out(info);
      return 0;
    }

    const interactive = io.interactive && !behaviour.json && !behaviour.yes;
    const ui: Ui | undefined = interactive ? await import('@clack/prompts') : undefined;
    ui?.intro(kleur.bold().cyan(' create-rust-lambda '));
    const pm = detectPackageManager(io.env.npm_config_user_agent);
    const resolved = await resolveOptions({
      args,
      interactive,
      prompter: io.prompter,
      loadTemplate: (value) => loadTemplate(value, { cwd: io.cwd, env: io.env, interactive, signal: io.signal }),
    });
    template = resolved.template;
    const { answers } = resolved;
    const target = resolve(io.cwd, answers.directory);
    const project = projectFromAnswers({ ...answers, template: recordedSource(answers.template, template.source, target) }, cliVersion());
    const plan = await planProject(project, [template], pm);
    await checkTarget({ target, files: plan.files, force: behaviour.force, interactive, prompter: io.prompter });

    const result = {
      answers,
      target,
      cwd: io.cwd,
      files: plan.files.map((f) => f.path),
      nextSteps: plan.nextSteps,
      reproduce: reproduceCommand(answers, pm),
      asked: interactive,
    };
    if (behaviour.dryRun) {
      printDryRun(io.out, ui, behaviour.json, result);
      return 0;
    }

    const spinner = ui?.spinner();
    spinner?.start('Writing the project');
    await writeProject({ target, files: plan.files, signal: io.signal });
    spinner?.stop(`Wrote ${plan.files.length} files`);
    const git = answers.git ? await initGit(target) : { status: 'skipped' as const, reason: '--no-git' };
    printSummary(io.out, ui, behaviour.json, { ...result, git });
    return 0;
  } catch (error) {
    return reportError(io, error);
  } finally {
    await template?.cleanup();
  }
}

/** Entry point of the published bin. */
export async function run(): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await main({
    argv: process.argv.slice(2),
    cwd: process.cwd(),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    prompter: clackPrompter,
    signal: controller.signal,
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.exitCode = code;
}
