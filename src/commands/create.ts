// `create-rust-lambda [directory] [options]`: a new project. A short list of steps, each a
// function of what it needs.
import { resolve } from 'node:path';
import kleur from 'kleur';
import type { Behaviour } from '../answers.js';
import type { Command, ParsedArgs } from '../args.js';
import { writeProject } from '../disk/write.js';
import { helpText, listJson, listText, version } from '../format/help.js';
import { printDryRun, printSummary, reproduceCommand, type Ui } from '../format/summary.js';
import type { Io } from '../io.js';
import { OPTIONS } from '../options.js';
import { detectPackageManager } from '../package-manager.js';
import { cliVersion } from '../paths.js';
import { planProject } from '../project/plan.js';
import { recordedSource } from '../project/recorded-source.js';
import { projectFromAnswers } from '../project-model.js';
import { checkTarget } from '../steps/check-target.js';
import { initGit } from '../steps/git.js';
import { resolveOptions } from '../steps/resolve-options.js';
import { type LoadedTemplate, loadTemplate } from '../template/load.js';

/** --version, --list: answered without running anything (--help is every command's, before it runs). */
function information(b: Behaviour): string | undefined {
  if (b.version) return version();
  if (b.list) return b.json ? listJson() : listText();
  return undefined;
}

export const create: Command = {
  name: '',
  usage: helpText,
  options: OPTIONS,
  run: createProject,
};

async function createProject(args: ParsedArgs, io: Io): Promise<number> {
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
  let template: LoadedTemplate | undefined;
  try {
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
  } finally {
    await template?.cleanup();
  }
}
