// What the user reads at the end: the files (for --dry-run), the next steps and the command
// that reproduces this run without prompts.
import { isAbsolute, relative } from 'node:path';
import kleur from 'kleur';
import { type Answers, answerOptions, varAliases } from '../options.js';
import type { PackageManager } from '../package-manager.js';
import type { GitResult } from '../steps/git.js';
import { printable } from '../text/printable.js';
import { shellQuote } from '../text/shell.js';

/** The interactive UI, when there is one: @clack/prompts, loaded only for a terminal. */
export type Ui = typeof import('@clack/prompts');

/** The exact non-interactive command that generates the same project again. */
export function reproduceCommand(answers: Answers, pm: PackageManager): string {
  const parts: string[] = [];
  for (const option of answerOptions) {
    const value = answers[option.key];
    if (!option.alwaysReproduce && value === option.defaultValue(answers)) continue;
    if (!option.flag) parts.unshift(shellQuote(String(value)));
    else if (option.type === 'boolean') parts.push(value ? `--${option.flag}` : `--no-${option.flag}`);
    else parts.push(`--${option.flag}`, shellQuote(String(value)));
  }
  for (const [name, value] of Object.entries(answers.vars)) {
    const alias = varAliases.find((a) => a.variable === name);
    parts.push(...(alias ? [`--${alias.flag}`, shellQuote(String(value))] : ['--var', shellQuote(`${name}=${value}`)]));
  }
  const [directory = '.', ...flags] = parts;
  // a folder name starting with a dash would be read as a flag
  const folder = answers.directory.startsWith('-') ? shellQuote(`./${answers.directory}`) : directory;
  return `${pm.create} ${folder}${pm.argsSeparator} ${flags.join(' ')}`;
}

export function cdPath(cwd: string, target: string): string {
  const rel = relative(cwd, target);
  const path = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? target : rel;
  // `cd -` goes back to the previous folder and `cd -x` reads an option: a leading dash needs `./`
  return shellQuote(path.startsWith('-') ? `./${path}` : path);
}

/** A tree drawing of the project's files. */
export function fileTree(root: string, paths: string[]): string {
  const lines = [`${printable(root)}/`];
  const tree: Record<string, object> = {};
  for (const path of paths) {
    let node = tree as Record<string, Record<string, object>>;
    for (const part of path.split('/')) {
      node[part] ??= {};
      node = node[part] as Record<string, Record<string, object>>;
    }
  }
  const draw = (node: Record<string, object>, prefix: string) => {
    const keys = Object.keys(node);
    keys.forEach((key, i) => {
      const last = i === keys.length - 1;
      const children = node[key] as Record<string, object>;
      const isDir = Object.keys(children).length > 0;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${key}${isDir ? '/' : ''}`);
      if (isDir) draw(children, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  draw(tree, '');
  return lines.join('\n');
}

export interface RunResult {
  answers: Answers;
  target: string;
  cwd: string;
  files: string[];
  nextSteps: string[];
  reproduce: string;
  /** whether any question was asked: then "next time" can skip them */
  asked: boolean;
}

export function printDryRun(out: (text: string) => void, ui: Ui | undefined, json: boolean, r: RunResult): void {
  if (json) out(JSON.stringify({ dryRun: true, directory: r.target, files: r.files, reproduce: r.reproduce }, null, 2));
  else out(`${fileTree(r.answers.directory, r.files)}\n\n${r.files.length} files would be written (dry run: nothing was written).`);
  ui?.outro('dry run: nothing was written');
}

/** The end of a run: what was made, git, the next steps, and the command that makes it again. */
export function printSummary(out: (text: string) => void, ui: Ui | undefined, json: boolean, r: RunResult & { git: GitResult }): void {
  const steps = [`cd ${cdPath(r.cwd, r.target)}`, ...r.nextSteps];
  if (json) {
    out(
      JSON.stringify(
        { directory: r.target, answers: r.answers, files: r.files, git: r.git, nextSteps: steps, reproduce: r.reproduce },
        null,
        2,
      ),
    );
    return;
  }
  const { answers, git } = r;
  const gitLine =
    git.status === 'committed'
      ? 'git: repository initialised with a first commit'
      : `git: ${git.status === 'initialised' ? 'repository initialised; ' : 'skipped: '}${git.reason}`;
  const again = r.asked ? 'Next time, without the questions:' : 'The same project again:';
  // the steps deploy; the README's local run comes first and needs no AWS account
  const first = 'Before deploying, README.md: "Run it locally" (no AWS account) and "Run it on a local AWS".';
  if (ui) {
    ui.note(`${steps.join('\n')}\n\n${first}`, 'Next steps');
    ui.log.info(gitLine);
    ui.outro(`${again}\n   ${kleur.dim(r.reproduce)}`);
    return;
  }
  out(
    [
      `${kleur.green('✔')} Created ${kleur.bold(answers.name)} (${answers.template} · ${answers.iac} · ${answers.arch}) in ${printable(r.target)}`,
      gitLine,
      '',
      kleur.bold('Next steps:'),
      ...steps.map((s) => `  ${s}`),
      `  ${kleur.dim(first)}`,
      '',
      kleur.bold(again),
      `  ${r.reproduce}`,
    ].join('\n'),
  );
}
