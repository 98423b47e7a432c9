// What the user reads at the end: the files (for --dry-run), the next steps and the command
// that reproduces this run without prompts.
import { isAbsolute, relative } from 'node:path';
import { shellQuote } from '../format/shell.js';
import { type Answers, answerOptions, varAliases } from '../options.js';
import type { PackageManager } from '../package-manager.js';

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
  const [directory, ...flags] = parts;
  return `${pm.create} ${directory}${pm.argsSeparator} ${flags.join(' ')}`;
}

export function cdPath(cwd: string, target: string): string {
  const rel = relative(cwd, target);
  const path = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? target : rel;
  // `cd -` goes back to the previous folder and `cd -x` reads an option: a leading dash needs `./`
  return shellQuote(path.startsWith('-') ? `./${path}` : path);
}

/** A tree drawing of the project's files. */
export function fileTree(root: string, paths: string[]): string {
  const lines = [`${root}/`];
  const tree: Record<string, object> = {};
  for (const path of paths) {
    let node = tree as Record<string, Record<string, object>>;
    for (const part of path.split('/')) node = (node[part] ??= {}) as Record<string, Record<string, object>>;
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

