// `create-rust-lambda add <template> [--name <fn>] [flags]`: a new function in an existing
// project. The project is rendered twice — as rust-lambda.toml says (base) and with the new
// function (theirs) — and the difference is merged into the user's files, so every change the
// user made stays and the new function is wired into the workspace, the IaC, the README and CI.
import { basename } from 'node:path';
import kleur from 'kleur';
import type { Command, ParsedArgs } from '../args.js';
import { commandLine, withProjectLock } from '../disk/project-lock.js';
import { RunError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { nameProblem, sharedIdentifier, stackIdentifier, suggestName } from '../names.js';
import { templateChoices } from '../options.js';
import { detectPackageManager } from '../package-manager.js';
import { cliVersion } from '../paths.js';
import { applyRender } from '../project/apply.js';
import { findProjectRoot, readProject } from '../project/find-project.js';
import { PROJECT_FILE } from '../project/project-file.js';
import { recordedSource } from '../project/recorded-source.js';
import { renderProject } from '../project/render-project.js';
import { changeLines } from '../project/show-changes.js';
import type { Project } from '../project-model.js';
import { selectChoice } from '../prompter.js';
import { resolveOptions } from '../steps/resolve-options.js';
import { builtinCatalog } from '../template/catalog.js';
import { type LoadedTemplate, loadTemplate } from '../template/load.js';
import { printable } from '../text/printable.js';
import { CONFLICT_MARKERS, PROJECT_COMMAND_OPTIONS, projectFlagProblem } from './project-flags.js';

export const ADD_USAGE = `usage: create-rust-lambda add <template> [--name <function>] [--memory <MB>] [--timeout <seconds>] [--var <name=value>] [--dry-run] [--conflict-markers] [--yes]
  Adds a function of <template> (${builtinCatalog()
    .templates.map((t) => t.id)
    .join(', ')}, a folder or a git source) to the project around the current folder (the one with ${PROJECT_FILE}).
  --dry-run            print the diff, write nothing
  --conflict-markers   when your changes and the new function's conflict, write the files with conflict markers instead of stopping`;

/** The default name: the template's own (its id, or the last part of its source), made unique in the project. */
function defaultName(template: string, project: Project): string {
  const stem = suggestName(
    basename(
      template
        .replace(/[#?].*$/, '')
        .replace(/\.git$/, '')
        .replace(/\/+$/, ''),
    ),
  );
  const taken = new Set(project.functions.map((f) => f.name));
  for (let n = 1; ; n++) {
    const name = n === 1 ? stem : `${stem}-${n}`;
    if (!taken.has(name)) return name;
  }
}

/** Why `name` cannot join the project; undefined when it can. */
function functionNameProblem(name: string, project: Project): string | undefined {
  const own = nameProblem(name);
  if (own) return own;
  if (project.functions.some((f) => f.name === name)) return `the project already has a function "${name}". Pass another --name.`;
  for (const other of project.functions) {
    const shared = sharedIdentifier(project.name, name, other.name);
    if (shared) return `"${name}" and the function "${other.name}" would both name a resource ${shared} in the stack. Pass another --name.`;
  }
  const stack = stackIdentifier(project.name, name);
  if (stack) return `"${name}" would name a resource ${stack}, which the stack has for itself (its alarm topic's). Pass another --name.`;
  // Terraform names a function's resources "<project>-<function>…": that must fit AWS's limits too
  const composed = nameProblem(`${project.name}-${name}`);
  if (composed)
    return `"${project.name}-${name}" (the project's name, "-" and the function's) must fit every AWS name derived from it: ${composed}`;
  return undefined;
}

export const add: Command = {
  name: 'add',
  usage: () => ADD_USAGE,
  options: [
    { kind: 'argument', name: 'template', valueName: '<template>', description: 'the template of the new function' },
    ...PROJECT_COMMAND_OPTIONS,
    CONFLICT_MARKERS,
  ],
  run: addFunction,
};

async function addFunction(args: ParsedArgs, io: Io): Promise<number> {
  const conflictMarkers = args.own['conflict-markers'] === true;
  const problem = projectFlagProblem(args, 'add');
  if (problem) throw new UsageError(problem);
  const root = findProjectRoot(io.cwd);
  if (!root)
    throw new RunError(
      `no ${PROJECT_FILE} in ${printable(io.cwd)} or a folder above it: run add inside a project made by create-rust-lambda`,
    );
  // one command at a time in a project, from reading it to writing it
  return withProjectLock(root, commandLine(io.argv), io.err, () => addToProject(args, io, root, conflictMarkers), {
    readOnly: args.behaviour.dryRun,
  });
}

async function addToProject(args: ParsedArgs, io: Io, root: string, conflictMarkers: boolean): Promise<number> {
  const project = readProject(root);
  if (project.version !== cliVersion())
    throw new RunError(
      `this project was made by create-rust-lambda ${project.version} and this is ${cliVersion()}: run \`create-rust-lambda upgrade\` first, then add`,
    );

  const interactive = io.interactive && !args.behaviour.yes;
  const word = args.own.template as string | undefined;
  if (args.given.template !== undefined && word !== undefined)
    throw new UsageError('give the template once: add <template>, or add --template <template>');
  let templateValue = (args.given.template ?? word) as string | undefined;
  if (templateValue === undefined) {
    if (!interactive) throw new UsageError(`add needs a template. ${ADD_USAGE.split('\n')[0]}`);
    // asked first, so the function's name can default to the template's
    templateValue = await selectChoice(await io.prompter(), { message: 'Which function template?', options: templateChoices() });
  }
  const given = { ...args.given, directory: '.', iac: project.iac, arch: project.arch, region: project.region, git: false };
  Object.assign(given, { template: templateValue });
  given.name ??= defaultName(templateValue, project);
  const pm = detectPackageManager(io.env.npm_config_user_agent);
  const loadOptions = { cwd: root, env: io.env, interactive, signal: io.signal };
  let template: LoadedTemplate | undefined;
  try {
    const resolved = await resolveOptions({
      args: { ...args, given },
      interactive,
      prompter: io.prompter,
      loadTemplate: (value) => loadTemplate(value, loadOptions),
    });
    template = resolved.template;
    const { answers } = resolved;
    const nameTrouble = functionNameProblem(answers.name, project);
    if (nameTrouble) throw new UsageError(`invalid --name: ${nameTrouble}`);

    const source = recordedSource(answers.template, template.source, root);
    const grown: Project = {
      ...project,
      functions: [
        ...project.functions,
        { name: answers.name, template: source, memory: answers.memory, timeout: answers.timeout, vars: answers.vars },
      ],
    };
    const preloaded = new Map([[source, template]]);
    const base = await renderProject(project, pm, loadOptions, preloaded);
    const theirs = await renderProject(grown, pm, loadOptions, preloaded);
    const changes = await applyRender({
      root,
      base: base.files,
      theirs: theirs.files,
      labels: { ours: 'yours', base: `before adding ${answers.name}`, theirs: `with ${answers.name}` },
      dryRun: args.behaviour.dryRun,
      conflictMarkers,
      out: io.out,
      signal: io.signal,
    });
    if (args.behaviour.dryRun) {
      io.out(`Dry run: nothing was written. Without --dry-run, add writes ${changes.length} files.`);
      return 0;
    }
    const marked = changes.filter((c) => c.action === 'conflict');
    io.out(
      [
        `${kleur.green('✔')} Added ${answers.name} (${template.manifest.id}) to ${printable(root)}:`,
        ...changeLines(changes),
        '',
        `Its crate is functions/${answers.name}/; the README has its section. Build and deploy as before:`,
        ...theirs.nextSteps.map((step) => `  ${step}`),
      ].join('\n'),
    );
    if (marked.length) {
      io.err(`${marked.length} file(s) have conflict markers to resolve: ${marked.map((c) => printable(c.path)).join(', ')}`);
      return 1;
    }
    return 0;
  } finally {
    await template?.cleanup();
  }
}
