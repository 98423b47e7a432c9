// main(): a short list of steps, each a function of what it needs.
import { resolve } from 'node:path';
import kleur from 'kleur';
import { parseArgs } from './args.js';
import { CancelledError, exitCodeOf } from './errors.js';
import { printable } from './format/printable.js';
import { detectPackageManager } from './package-manager.js';
import { clackPrompter, type Prompter } from './prompter.js';
import { checkTarget } from './steps/check-target.js';
import { initGit } from './steps/git.js';
import { helpText, listJson, listText, version } from './steps/info.js';
import { planProject } from './steps/plan.js';
import { resolveOptions } from './steps/resolve-options.js';
import { cdPath, fileTree, reproduceCommand } from './steps/summary.js';
import { writeProject } from './steps/write.js';
import { eject } from './steps/eject.js';
import { type LoadedTemplate, loadTemplate } from './template/load.js';

export interface Io {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  interactive: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  prompter: () => Promise<Prompter>;
  /** aborted on Ctrl-C (SIGINT) or SIGTERM: a git fetch, the writer and the pipeline stop and clean up */
  signal?: AbortSignal;
}

export async function main(io: Io): Promise<number> {
  let interactive = io.interactive;
  let template: LoadedTemplate | undefined;
  try {
    if (io.argv[0] === 'eject') return await eject(io.argv.slice(1), io);
    if (io.argv[0] === 'doctor') return await (await import('./commands/doctor.js')).doctor(io.argv.slice(1), io); // loaded on use: it needs node:child_process
    const args = parseArgs(io.argv);
    const { behaviour } = args;
    if (behaviour.help) return io.out(helpText()), 0;
    if (behaviour.version) return io.out(version()), 0;
    if (behaviour.list) return io.out(behaviour.json ? listJson() : listText()), 0;
    interactive = interactive && !behaviour.json && !behaviour.yes;

    const clack = interactive ? await import('@clack/prompts') : undefined;
    clack?.intro(kleur.bold().cyan(' create-rust-lambda '));

    const pm = detectPackageManager(io.env.npm_config_user_agent);
    const resolved = await resolveOptions({
      args,
      interactive,
      prompter: io.prompter,
      loadTemplate: (value) => loadTemplate(value, { cwd: io.cwd, env: io.env, interactive, signal: io.signal }),
    });
    const { answers } = resolved;
    template = resolved.template;
    const target = resolve(io.cwd, answers.directory);
    const plan = await planProject(answers, template, pm);
    await checkTarget({ target, files: plan.files, force: behaviour.force, interactive, prompter: io.prompter });

    const paths = plan.files.map((f) => f.path);
    const reproduce = reproduceCommand(answers, pm);
    if (behaviour.dryRun) {
      if (behaviour.json) io.out(JSON.stringify({ dryRun: true, directory: target, files: paths, reproduce }, null, 2));
      else io.out(`${fileTree(answers.directory, paths)}\n\n${paths.length} files would be written (dry run: nothing was written).`);
      clack?.outro('dry run: nothing was written');
      return 0;
    }

    const spinner = clack?.spinner();
    spinner?.start('Writing the project');
    await writeProject({ target, files: plan.files, signal: io.signal });
    spinner?.stop(`Wrote ${plan.files.length} files`);
    const git = answers.git ? await initGit(target) : { status: 'skipped' as const, reason: '--no-git' };

    const steps = [`cd ${cdPath(io.cwd, target)}`, ...plan.nextSteps];
    if (behaviour.json) {
      io.out(JSON.stringify({ directory: target, answers, files: paths, git, nextSteps: steps, reproduce }, null, 2));
      return 0;
    }
    const gitLine =
      git.status === 'committed' ? 'git: repository initialised with a first commit' : `git: ${git.status === 'initialised' ? 'repository initialised; ' : 'skipped: '}${git.reason}`;
    const summary = [
      `${kleur.green('✔')} Created ${kleur.bold(answers.name)} (${answers.template} · ${answers.iac} · ${answers.arch}) in ${target}`,
      gitLine,
      '',
      kleur.bold('Next steps:'),
      ...steps.map((s) => `  ${s}`),
      '',
      kleur.bold('Next time, without the questions:'),
      `  ${reproduce}`,
    ].join('\n');
    if (clack) {
      clack.note(steps.join('\n'), 'Next steps');
      clack.log.info(gitLine);
      clack.outro(`Next time, without the questions:\n   ${kleur.dim(reproduce)}`);
    } else io.out(summary);
    return 0;
  } catch (error) {
    const code = exitCodeOf(error);
    if (error instanceof CancelledError) {
      io.err(kleur.yellow('cancelled'));
    } else {
      // ours: their lines as written; anything else: one line, its stack only when debugging.
      // Control characters are escaped either way: a path in a message must not repaint the terminal.
      const ours = error instanceof Error && 'exitCode' in error;
      const message = error instanceof Error ? error.message : String(error);
      io.err(`${kleur.red('error:')} ${ours ? message.split('\n').map(printable).join('\n') : printable(message)}`);
      if (!ours && io.env.CREATE_RUST_LAMBDA_DEBUG === '1') io.err(String((error as Error)?.stack ?? ''));
    }
    return code;
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
