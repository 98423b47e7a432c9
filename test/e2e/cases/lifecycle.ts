// Projects that live on after `create`: grown by `add` to several functions, edited by hand and
// then added to, made by an older release and upgraded. Per case: how the project is made,
// the edits the test makes (and must find again), the flavors it is checked with, and which
// arch each flavor takes in CI. Adding a case is an entry here.
import { ARCHES, type Arch, HOST } from '../../harness/toolchain.js';
import { FLAVOR_IDS, type FlavorId } from './flavors.js';
import { type Scope, unitName } from './plan.js';
import { TEMPLATES, type TemplateId } from './templates.js';

export type LifecycleId = 'grown' | 'edited' | 'upgraded' | 'triggers' | 'extension';
export type EditId = 'main' | 'iac' | 'readme';

/** An edit the test makes as a user would; `mark` must still be there after `add` or `upgrade`. */
export interface Edit {
  /** the file, relative to the project root, given the name of the project's first function */
  file(first: string): string;
  change(text: string): string;
  mark: string;
}

export interface LifecycleCase {
  id: LifecycleId;
  /** the matrix subject of its workspace compile and host checks; a row's is `<label> + <flavor>` */
  label: string;
  /** the project's name on `arch` (the target folders are per arch: names stay apart within one) */
  name(arch: Arch): string;
  /** the first function's template (`--template` of the create command) */
  first: TemplateId;
  /** `create`: this CLI; a version: that release's CLI (test/harness/older-cli.ts), then `upgrade` */
  from: 'create' | '0.1.0';
  /** edits made right after the project is created, before any `add` or `upgrade` */
  edits: EditId[];
  /** `add <template> --name <name> --yes`, in order */
  adds: { template: TemplateId; name: string }[];
  /**
   * Whose compile the build checks reuse: `own`, one workspace per arch made the same way (with
   * the unit flavor) and compiled once for every flavor on that arch; `template`, the first
   * template's crate folder of that arch (the project's crate must be the same as it).
   */
  compile: 'own' | 'template';
  /** fmt, clippy and test at the root; each function's cases through `cargo lambda watch`; the README's local section run as written */
  host: { rust: boolean; invokes: boolean; readme: boolean };
  /** the flavors in a full run, and the arch each takes in CI (a flavor left out runs only in the full run) */
  flavors: FlavorId[];
  ci: Partial<Record<FlavorId, Arch>>;
  /** deployed to the local AWS in every flavor, every run (support/deploy.ts) */
  deploy: boolean;
}

const short = (arch: Arch) => (arch === 'x86_64' ? 'x86' : arch);

/** The main file of a flavor's IaC and an edit to it; `none` has none. */
export const IAC_EDITS: Record<FlavorId, Edit | null> = {
  // (not the Description: it names every function, so `add` changes it too)
  sam: {
    file: () => 'template.yaml',
    change: (t) => `# Reviewed by the platform team.\n${t}`,
    mark: '# Reviewed by the platform team.',
  },
  cdk: {
    file: () => 'infra/lib/stack.ts',
    change: (t) => `// Reviewed by the platform team.\n${t}`,
    mark: '// Reviewed by the platform team.',
  },
  terraform: {
    file: () => 'infra/main.tf',
    change: (t) => `# Reviewed by the platform team.\n${t}`,
    mark: '# Reviewed by the platform team.',
  },
  none: null,
};

export const EDITS: Record<Exclude<EditId, 'iac'>, Edit> = {
  // a comment line on top: fmt and clippy stay clean, the function's answers stay the same
  main: {
    file: (first) => `functions/${first}/src/main.rs`,
    change: (t) => `// Reviewed by the platform team.\n${t}`,
    mark: '// Reviewed by the platform team.',
  },
  readme: {
    file: () => 'README.md',
    change: (t) => `${t.trimEnd()}\n\n## Team notes\n\nOn call: the platform team.\n`,
    mark: 'On call: the platform team.',
  },
};

/** The edit `id` in a project of `flavor` (null: the flavor has no such file). */
export function edit(id: EditId, flavor: FlavorId): Edit | null {
  return id === 'iac' ? IAC_EDITS[flavor] : EDITS[id];
}

/** The templates CI checks in the triggers project, in TEMPLATES order. */
export const TRIGGERS: TemplateId[] = TEMPLATES.filter((t) => t.ci === 'triggers').map((t) => t.id);

export const LIFECYCLE: LifecycleCase[] = [
  {
    // issue proof: a project grown by `add` to 3 functions (http + sqs + dynamodb), for sam, cdk
    // and terraform; sam and cdk on different arches, so both arches build the workspace
    id: 'grown',
    label: 'http + sqs + dynamodb (added)',
    name: (arch) => `crl-grown-${short(arch)}`,
    first: 'http',
    from: 'create',
    edits: [],
    adds: [
      { template: 'sqs', name: 'orders' },
      { template: 'dynamodb', name: 'items' },
    ],
    compile: 'own',
    host: { rust: true, invokes: true, readme: true },
    flavors: ['sam', 'cdk', 'terraform'],
    ci: { sam: 'x86_64', cdk: 'arm64', terraform: 'x86_64' },
    // with the triggers project, every built-in template but the extension
    deploy: true,
  },
  {
    // `add` into a project whose main.rs, IaC and README the test edited: the edits survive and the
    // project still passes every check. CI takes cdk (a TypeScript merge), on the arch grown's cdk
    // does not use.
    id: 'edited',
    label: 'http (edited) + sqs (added)',
    name: (arch) => `crl-edited-${short(arch)}`,
    first: 'http',
    from: 'create',
    edits: ['main', 'iac', 'readme'],
    adds: [{ template: 'sqs', name: 'refunds' }],
    compile: 'own',
    host: { rust: true, invokes: true, readme: false },
    flavors: ['sam', 'cdk', 'terraform'],
    ci: { cdk: 'x86_64' },
    deploy: false,
  },
  {
    // `upgrade` of a project made by the 0.1.0 release, edited (IaC and README) before: the crate
    // moves into the workspace and is then this version's, so it shares the template's compile
    id: 'upgraded',
    label: 'http (0.1.0, upgraded)',
    name: (arch) => unitName('http', arch),
    first: 'http',
    from: '0.1.0',
    edits: ['iac', 'readme'],
    adds: [],
    compile: 'template',
    host: { rust: true, invokes: false, readme: false },
    flavors: ['sam', 'cdk', 'terraform', 'none'],
    ci: { sam: 'x86_64' },
    deploy: false,
  },
  {
    // every template CI checks as a function of this project rather than in projects of its own
    // (templates.ts, `ci: 'triggers'`): one workspace compiled once per arch for all of them, and
    // every flavor on the arch the grown project does not give it
    id: 'triggers',
    label: 'every trigger (added)',
    name: (arch) => `crl-trg-${short(arch)}`,
    first: TRIGGERS[0] as TemplateId,
    from: 'create',
    edits: [],
    // each function named like its template (the first is named like the project)
    adds: TRIGGERS.slice(1).map((template) => ({ template, name: template })),
    compile: 'own',
    host: { rust: true, invokes: true, readme: true },
    flavors: ['sam', 'cdk', 'terraform', 'none'],
    ci: { sam: 'arm64', cdk: 'x86_64', terraform: 'arm64', none: 'x86_64' },
    deploy: true,
  },
  {
    // the extension, deployed to the local AWS beside its demo function in every flavor: the
    // project is the extension template's own, so it shares that template's compile
    id: 'extension',
    label: 'extension',
    name: (arch) => unitName('extension', arch),
    first: 'extension',
    from: 'create',
    edits: [],
    adds: [],
    compile: 'template',
    host: { rust: false, invokes: false, readme: false },
    flavors: [],
    ci: {},
    deploy: true,
  },
];

/**
 * `add` into a project with an edit that conflicts with it must stop and write nothing: a project
 * of `first` per flavor, the edit made where `add` changes a line (its IaC file first).
 */
export const CONFLICT = {
  first: 'http' as TemplateId,
  add: { template: 'sqs' as TemplateId, name: 'orders' },
  flavors: ['sam', 'cdk', 'terraform'] as FlavorId[],
};

export interface LifecycleRow {
  case: LifecycleCase;
  flavor: FlavorId;
  arch: Arch;
  selected: boolean;
}

/** Every case × flavor × arch, and whether `scope` runs it: CI its `ci` choices, full every row. */
export function lifecyclePlan(scope: Scope): LifecycleRow[] {
  return LIFECYCLE.flatMap((c) =>
    c.flavors.flatMap((flavor) => ARCHES.map((arch) => ({ case: c, flavor, arch, selected: scope === 'full' || c.ci[flavor] === arch }))),
  );
}

/**
 * The deploy rows: each case to deploy × every flavor, on the host's arch (the local AWS runs the
 * functions on this machine), as rows whose projects are made like the lifecycle rows'.
 */
export function deployPlan(): LifecycleRow[] {
  return LIFECYCLE.filter((c) => c.deploy).flatMap((c) => FLAVOR_IDS.map((flavor) => ({ case: c, flavor, arch: HOST, selected: true })));
}

export const lifecycleSubject = (c: LifecycleCase, flavor: FlavorId) => `${c.label} + ${flavor}`;

export function lifecycleCase(id: string): LifecycleCase {
  const found = LIFECYCLE.find((c) => c.id === id);
  if (!found) throw new Error(`no lifecycle case ${id}`);
  return found;
}
