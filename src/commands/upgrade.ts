// `create-rust-lambda upgrade`: brings a project made by an earlier version up to this one's
// templates without losing what the user changed. Base = the project rendered by the version
// that made it, theirs = rendered by this version, ours = the files on disk; merged per file.
// A 0.1 project (no rust-lambda.toml) is described by the flags that made it, and its crate
// moves into the workspace layout on the way.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import kleur from 'kleur';
import { parse } from 'smol-toml';
import type { Command, ParsedArgs } from '../args.js';
import { commandLine, withProjectLock } from '../disk/project-lock.js';
import { readProjectFile } from '../disk/update-files.js';
import { RunError, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { detectPackageManager } from '../package-manager.js';
import { cliVersion } from '../paths.js';
import { applyRender } from '../project/apply.js';
import { findProjectRoot, readProject } from '../project/find-project.js';
import { LEGACY_VERSION, legacyCrateFiles, relocate } from '../project/legacy.js';
import { olderCliBin, renderWithOlderCli } from '../project/older-cli.js';
import { PROJECT_FILE } from '../project/project-file.js';
import { recordedSource } from '../project/recorded-source.js';
import { checkProject, renderProject } from '../project/render-project.js';
import { changeLines } from '../project/show-changes.js';
import { functionDir, type Project, projectFromAnswers } from '../project-model.js';
import { resolveOptions } from '../steps/resolve-options.js';
import { loadTemplate } from '../template/load.js';
import type { RenderedFile } from '../template/render.js';
import { printable } from '../text/printable.js';
import { CONFLICT_MARKERS, PROJECT_COMMAND_OPTIONS, projectFlagProblem } from './project-flags.js';

export const UPGRADE_USAGE = `usage: create-rust-lambda upgrade [--dry-run] [--conflict-markers] [--from-cli <bin>]
  Brings the project around the current folder (its ${PROJECT_FILE}) up to this version's templates,
  merging the changes into your files.
  --dry-run            print the diff, write nothing
  --conflict-markers   when your changes and the templates' conflict, write the files with conflict markers instead of stopping
  --from-cli <bin>     the create-rust-lambda of the project's version to render its base with (default: npm exec create-rust-lambda@<version>)
A project made by ${LEGACY_VERSION} has no ${PROJECT_FILE}: run upgrade in its folder with the flags that made it
(the "same project again" command it printed): --template <t> --iac <flavor> [--arch] [--name] [--region] [--memory] [--timeout] [--var]`;

interface Upgrade {
  root: string;
  project: Project;
  base: RenderedFile[];
  ours?: (path: string) => Buffer | undefined;
  moves?: Map<string, string>;
}

export const upgrade: Command = {
  name: 'upgrade',
  usage: () => UPGRADE_USAGE,
  options: [
    ...PROJECT_COMMAND_OPTIONS,
    CONFLICT_MARKERS,
    {
      kind: 'flag',
      flag: 'from-cli',
      valueName: '<bin>',
      description: "the create-rust-lambda of the project's version to render its base with",
    },
  ],
  run: upgradeProject,
};

async function upgradeProject(args: ParsedArgs, io: Io): Promise<number> {
  const conflictMarkers = args.own['conflict-markers'] === true;
  const fromCli = args.own['from-cli'] as string | undefined;
  const bin = fromCli === undefined ? undefined : olderCliBin(io.cwd, fromCli); // checked before anything else
  const root = findProjectRoot(io.cwd);
  // one command at a time in a project (a 0.1 project's is the current folder, once it has its Cargo.toml)
  const locked = root ?? (existsSync(join(io.cwd, 'Cargo.toml')) ? io.cwd : undefined);
  if (!locked) return upgradeLocked(args, io, root, bin, conflictMarkers);
  return withProjectLock(locked, commandLine(io.argv), io.err, () => upgradeLocked(args, io, root, bin, conflictMarkers), {
    readOnly: args.behaviour.dryRun,
  });
}

async function upgradeLocked(
  args: ParsedArgs,
  io: Io,
  root: string | undefined,
  bin: string | undefined,
  conflictMarkers: boolean,
): Promise<number> {
  const job = root ? await recorded(root, args, bin, io) : await legacy(io.cwd, args, bin, io);
  if (!job) return 0;

  const pm = detectPackageManager(io.env.npm_config_user_agent);
  const theirs = await renderProject(job.project, pm, { cwd: job.root, env: io.env, interactive: false, signal: io.signal });
  const changes = await applyRender({
    root: job.root,
    base: job.base,
    theirs: theirs.files,
    labels: {
      ours: 'yours',
      base: `create-rust-lambda ${job.project.version === cliVersion() ? 'before' : job.project.version}`,
      theirs: `create-rust-lambda ${cliVersion()}`,
    },
    dryRun: args.behaviour.dryRun,
    conflictMarkers,
    out: io.out,
    signal: io.signal,
    ours: job.ours,
    moves: job.moves,
  });
  if (args.behaviour.dryRun) {
    io.out(`Dry run: nothing was written. Without --dry-run, upgrade changes ${changes.length} files.`);
    return 0;
  }
  io.out(
    [`${kleur.green('✔')} Upgraded ${printable(job.root)} to create-rust-lambda ${cliVersion()}:`, ...changeLines(changes)].join('\n'),
  );
  const marked = changes.filter((c) => c.action === 'conflict');
  if (marked.length) {
    io.err(`${marked.length} file(s) have conflict markers to resolve: ${marked.map((c) => printable(c.path)).join(', ')}`);
    return 1;
  }
  return 0;
}

/** A project with a project file: its base is what its recorded version renders. */
async function recorded(root: string, args: ParsedArgs, bin: string | undefined, io: Io): Promise<Upgrade | undefined> {
  const given = Object.keys(args.given);
  if (given.length)
    throw new UsageError(
      `--${given[0]}: ${PROJECT_FILE} describes this project; upgrade takes no flags but --dry-run, --conflict-markers and --from-cli`,
    );
  const recordedProject = readProject(root);
  if (recordedProject.version === cliVersion()) {
    io.out(`${printable(root)} is already at create-rust-lambda ${cliVersion()}; nothing to upgrade.`);
    return undefined;
  }
  await checkProject(recordedProject, { cwd: root, env: io.env, interactive: false, signal: io.signal });
  const base = await renderWithOlderCli({ version: recordedProject.version, bin }, (dir) => ['render', '--out', dir], root, io.signal);
  return { root, project: { ...recordedProject, version: cliVersion() }, base };
}

/** A 0.1 project: described by the flags that made it, with its crate moving to functions/<name>/. */
async function legacy(root: string, args: ParsedArgs, bin: string | undefined, io: Io): Promise<Upgrade> {
  if (!existsSync(join(root, 'Cargo.toml')))
    throw new RunError(
      `no ${PROJECT_FILE} in ${printable(root)} or a folder above it, and no Cargo.toml of a ${LEGACY_VERSION} project here`,
    );
  const problem = projectFlagProblem({ ...args, given: { ...args.given, iac: undefined, arch: undefined, region: undefined } }, 'upgrade');
  if (problem) throw new UsageError(problem);
  const missing = (['template', 'iac'] as const).filter((key) => args.given[key] === undefined);
  if (missing.length)
    throw new UsageError(
      `${printable(root)} has no ${PROJECT_FILE} (a ${LEGACY_VERSION} project): say how it was made, with ${missing.map((k) => `--${k}`).join(' and ')} and the other flags it printed ("The same project again: …")`,
    );
  const given = { ...args.given, directory: '.', git: false, name: args.given.name ?? crateName(root) };
  const { answers, template } = await resolveOptions({
    args: { ...args, given, behaviour: { ...args.behaviour, yes: true } },
    interactive: false,
    prompter: io.prompter,
    loadTemplate: (value) => loadTemplate(value, { cwd: root, env: io.env, interactive: false, signal: io.signal }),
  }).catch((error: Error) => {
    throw error instanceof UsageError && /missing choices/.test(error.message)
      ? new UsageError(`${error.message}\n${UPGRADE_USAGE}`)
      : error;
  });
  try {
    const project = projectFromAnswers({ ...answers, template: recordedSource(answers.template, template.source, root) }, cliVersion());
    const fnDir = functionDir(project.name);
    const flags = reproduceFlags(project, args);
    const rendered = await renderWithOlderCli({ version: LEGACY_VERSION, bin }, (dir) => [dir, ...flags], root, io.signal);
    const base = rendered.map((file) => ({ ...file, path: relocate(file.path, fnDir) }));
    const moves = new Map(legacyCrateFiles(root).map((path) => [path, relocate(path, fnDir)]));
    const back = new Map([...moves].map(([from, to]) => [to, from]));
    const ours = (path: string) => {
      const from = back.get(path);
      if (from !== undefined) return readProjectFile(root, from);
      // a path the crate leaves is free for the workspace's own file (the root Cargo.toml)
      if (moves.has(path) || path.startsWith(`${fnDir}/`)) return undefined;
      return readProjectFile(root, path);
    };
    return { root, project, base, ours, moves };
  } finally {
    await template.cleanup();
  }
}

/** The flags that make the same project with the 0.1 CLI. */
function reproduceFlags(project: Project, args: ParsedArgs): string[] {
  const fn = project.functions[0] as Project['functions'][number];
  const template = args.given.template as string;
  const vars = Object.entries(fn.vars).flatMap(([k, v]) => ['--var', `${k}=${v}`]);
  return [
    ...['--name', fn.name, '--template', template, '--iac', project.iac, '--arch', project.arch, '--region', project.region],
    ...['--memory', String(fn.memory), '--timeout', String(fn.timeout), ...vars, '--yes', '--no-git'],
  ];
}

/** The [package] name of the crate at the root of a 0.1 project, the default function name. */
function crateName(root: string): string | undefined {
  try {
    const manifest = parse(readFileSync(join(root, 'Cargo.toml'), 'utf8')) as { package?: { name?: unknown } };
    return typeof manifest.package?.name === 'string' ? manifest.package.name : undefined;
  } catch {
    return undefined;
  }
}
