// The variables every template sees (documented in docs/TEMPLATES.md).
import type { Answers } from '../answers.js';
import { ARCH_IDS, ARCHITECTURES } from '../arch.js';
import { firstBuildOf } from '../costs/first-build.js';
import { idleCostsOf } from '../costs/idle.js';
import { COST_SOURCES, invocationCosts } from '../costs/invocations.js';
import { API_THROTTLE } from '../kinds/http-api.js';
import {
  accountSettingsOf,
  cdkSharedModulesOf,
  chosenEventType,
  type FunctionVars,
  KINDS,
  type Kind,
  kindsOf,
  localServicesOf,
  stackKindsOf,
  syncInvokeReason,
  TRIGGER_TYPES,
} from '../kinds/index.js';
import { UNRESERVED_CONCURRENCY_MINIMUM } from '../kinds/public-endpoint.js';
import * as names from '../names.js';
import type { PackageManager } from '../package-manager.js';
import { cliVersion } from '../paths.js';
import { functionDir, type Project, type ProjectFunction, projectFromAnswers } from '../project-model.js';
import pins from '../tool-pins.json' with { type: 'json' };
import type { Catalog } from './catalog.js';
import type { FunctionManifest } from './manifest.js';

const camelCase = (id: string) => id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A copy of `value` whose objects have no prototype, so `{{vars.toString}}` or a variable named
 * `constructor` is looked up like any other name (Handlebars' strict mode checks `name in obj`).
 * The symbol lets Handlebars still print the object in its "not defined in …" message.
 */
export function plainView<T>(value: T): T {
  if (Array.isArray(value)) return value.map(plainView) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, inner] of Object.entries(value)) copy[key] = plainView(inner);
  return Object.defineProperty(copy, Symbol.toPrimitive, { value: () => '[object]' }) as T;
}

/** How long CloudWatch keeps the logs of every log group a flavor creates (a CloudWatch retention value). */
export const LOG_RETENTION_DAYS = 365;

/**
 * The deploy settings every IaC flavor writes, computed here once so SAM, CDK, Terraform and
 * `none` (Cargo.toml) cannot disagree; test/unit/flavor-settings.test.ts reads them back from the
 * rendered files. Each of the function's resource kinds adds its own (src/kinds/: a queue's batch,
 * a stream consumer's retries, …).
 */
export function deploySettings(answers: Pick<ProjectFunction, 'memory' | 'timeout' | 'vars'>, manifest: FunctionManifest) {
  return Object.assign(
    {
      memory: answers.memory,
      timeout: answers.timeout,
      logRetentionDays: LOG_RETENTION_DAYS,
      apiThrottleRateLimit: API_THROTTLE.rateLimit,
      apiThrottleBurstLimit: API_THROTTLE.burstLimit,
    },
    ...kindsOf(manifest, answers.vars).map((kind) => kind.settings?.(answers, manifest)),
  ) as Record<string, string | number>;
}

/**
 * The resources of one function, one per resource kind it has (src/kinds/index.ts, in the order
 * every flavor writes them): its view with the kind added, so a kind's partials
 * (`templates/iac/<flavor>/resources/<kind>/`) read `ids`, `settings`, `infra` as the function does.
 */
export function resourcesOf<T extends { vars: FunctionVars }>(view: T, manifest: FunctionManifest): (T & { kind: string })[] {
  return kindsOf(manifest, view.vars).map(({ id }) => ({ ...view, kind: id }));
}

/** Every function's identifiers that its resource kinds derive (`ids.tableName`, `ids.queueName`, …). */
function kindIds(name: string): Record<string, string> {
  return Object.fromEntries(
    (KINDS as readonly Kind[]).flatMap((kind) => Object.entries(kind.ids ?? {}).map(([id, derive]) => [id, derive(name)])),
  );
}

/** One function of the project, as its template's files and its resource partials see it. */
function functionView(project: Project, fn: ProjectFunction, manifest: FunctionManifest, catalog: Catalog, pm: PackageManager) {
  const is = flags(project, catalog, [fn.template]);
  is.extension = manifest.kind === 'extension';
  const { name } = fn;
  return {
    ...projectFields(project, pm),
    name,
    rustName: names.rustName(name),
    pascalName: names.pascalName(name),
    template: fn.template,
    /** the crate's folder, relative to the project root */
    dir: functionDir(name),
    /**
     * The command that builds the crate for Lambda as it deploys: on its own (`--package`), so its
     * dependencies have only the features it asks for. Built with the project's other functions,
     * Cargo would give them every function's features, and the binary would carry their code.
     */
    cargoLambdaBuild: `cargo lambda build --release${is.extension ? ' --extension' : ''} --package ${name} ${ARCHITECTURES[project.arch].cargoLambdaFlag}`,
    memory: fn.memory,
    timeout: fn.timeout,
    settings: deploySettings(fn, manifest),
    /** its measured size, cold start and memory, and what a million calls cost (src/costs/): null for an extension or a template the benchmark has not measured */
    costs: (manifest.kind === 'function' && invocationCosts(fn.template, fn.vars, fn.memory)) || null,
    is,
    ids: {
      ...projectIds(project),
      logicalId: names.cfnLogicalId(name),
      terraform: names.terraformId(name),
      ...kindIds(name),
      /** appended to the Terraform name prefix for this function's AWS names: "" for the function named after the project */
      nameSuffix: name === project.name ? '' : `-${name}`,
      /**
       * the name `none` deploys the function (or the extension's layer) under, and starts its other AWS
       * names with: the project's, then `-<function>` unless the function is named like the project
       * (the Terraform names in the default workspace), so two projects' functions never share one
       */
      deployName: name === project.name ? name : `${project.name}-${name}`,
    },
    infra: manifest.infra,
    /** the events/ file a README sends to the deployed function: the manifest's, or the chosen event type's fixture */
    sampleEvent: manifest.sampleEvent ?? chosenEventType(manifest, fn.vars)?.fixture,
    /** what the checkov skips of the function say: `syncInvoke`, why it needs no DLQ (absent: it gets one) */
    checks: { syncInvoke: syncInvokeReason(manifest, fn.vars) },
    manifest,
    vars: fn.vars,
  };
}

/** is.<flavor>, is.<arch>, and is.<template> for the given templates. */
function flags(project: Project, catalog: Catalog, templates: string[]): Record<string, boolean> {
  const is: Record<string, boolean> = {};
  for (const t of catalog.templates) is[t.id] = templates.includes(t.id);
  for (const f of catalog.flavors) is[f.id] = f.id === project.iac;
  for (const id of ARCH_IDS) is[id] = id === project.arch;
  return is;
}

function projectIds(project: Project) {
  return {
    stackName: names.stackName(project.name),
    /**
     * the project's own part of the identifiers of the stack's own resources (a kind's `stack` parts:
     * the alarm topic), as a function's ids.logicalId and ids.terraform are of its resources
     */
    stackLogicalId: names.cfnLogicalId(project.name),
    stackTerraform: names.terraformId(project.name),
    cdkStackClass: names.cdkStackClass(project.name),
    /** the longest name (or Terraform name prefix) every AWS name derived from it still fits */
    maxNameLength: names.MAX_NAME_LENGTH,
  };
}

/** What every template sees, at the root and in each function. */
function projectFields(project: Project, pm: PackageManager) {
  return {
    iac: project.iac,
    arch: project.arch,
    rustTarget: ARCHITECTURES[project.arch].rustTarget,
    cargoLambdaArch: ARCHITECTURES[project.arch].cargoLambdaFlag,
    /** the chosen architecture's row of src/arch.ts: rustTarget, cargoLambdaFlag, cdk */
    archInfo: ARCHITECTURES[project.arch],
    /** every architecture id, e.g. for a validation list */
    archIds: ARCH_IDS,
    region: project.region,
    pm,
  };
}

export interface FunctionInput {
  fn: ProjectFunction;
  manifest: FunctionManifest;
}

/**
 * The root view (README, workspace, IaC entry files): the project, every function's view in
 * `functions` (each with its own `resources`) and all their resources in `resources`, in order.
 */
export function buildProjectView(project: Project, inputs: FunctionInput[], catalog: Catalog, pm: PackageManager) {
  const functions = inputs.map(({ fn, manifest }) => {
    const view = functionView(project, fn, manifest, catalog, pm);
    return { ...view, resources: resourcesOf(view, manifest) };
  });
  const manifests = inputs.map((input) => input.manifest);
  const kindsOfFunctions = inputs.map(({ fn, manifest }) => ({ name: fn.name, answers: fn, kinds: kindsOf(manifest, fn.vars) }));
  const reserved = functions.reduce((sum, f) => sum + Number(f.settings.reservedConcurrency ?? 0), 0);
  const projectKinds = (KINDS as readonly Kind[]).filter((kind) =>
    inputs.some(({ fn, manifest }) => kindsOf(manifest, fn.vars).includes(kind)),
  );
  const is = flags(
    project,
    catalog,
    inputs.map((input) => input.fn.template),
  );
  is.extension = manifests.some((m) => m.kind === 'extension');
  return plainView({
    ...projectFields(project, pm),
    name: project.name,
    is,
    // at the root, the stack's own part (so the flavor's iac/output partial reads the stack's outputs as a function's)
    ids: { ...projectIds(project), logicalId: names.cfnLogicalId(project.name), terraform: names.terraformId(project.name) },
    /** which kinds of function and resource the project has (any of its functions) */
    has: {
      function: manifests.some((m) => m.kind === 'function'),
      extension: is.extension,
      table: manifests.some((m) => m.infra.table !== undefined),
      // has.http, has.sqs, has.s3, has.dynamodbStream, …: some function has that trigger
      ...Object.fromEntries(TRIGGER_TYPES.map((type) => [camelCase(type), manifests.some((m) => m.infra.trigger.type === type)])),
    },
    functions,
    resources: functions.flatMap((f) => f.resources),
    /** the resource kinds the project has, each once, in KINDS order (e.g. for imports) */
    kinds: projectKinds.map((kind) => kind.id),
    /** the local servers the README's local run starts, in KINDS order: `{ id: 'dynamodb', kind: 'table' }`, … */
    localServices: localServicesOf(projectKinds),
    /** the aws-cdk-lib modules several kinds share, each imported once by the CDK stack */
    cdkShared: cdkSharedModulesOf(projectKinds),
    /** the kinds with resources of the whole stack, each once, in KINDS order (their `stack` parts) */
    stackKinds: stackKindsOf(projectKinds),
    /** the settings of the AWS account its resources rely on (the README's Deploy section checks them) */
    accountSettings: accountSettingsOf(kindsOfFunctions),
    /** the concurrency the functions reserve, and what the account must have unreserved to let them */
    concurrency: { reserved, unreservedNeeded: reserved + UNRESERVED_CONCURRENCY_MINIMUM },
    /**
     * how long the first build takes on the project's architecture, measured by the benchmark
     * (src/costs/first-build.ts): release and dev, summed over the functions; null unless every
     * function's template was measured
     */
    firstBuild:
      firstBuildOf(
        inputs.map(({ fn }) => ({ template: fn.template, vars: fn.vars })),
        project.arch,
      ) ?? null,
    /** where the functions' measured figures and Lambda's prices come from (src/costs/), for the README */
    costSources: COST_SOURCES,
    /** what the stack costs while idle (src/costs/prices.json): one row per price, and the total */
    idleCosts: idleCostsOf(kindsOfFunctions.map(({ name, kinds }) => ({ name, kinds: kinds.map((k) => k.id) }))),
    /** the versions the README installs of tools it names (the ones `doctor` advises) */
    toolPins: pins,
  });
}

/** The view of a new one-function project (tests and the one-function callers). */
export function buildView(answers: Answers, manifest: FunctionManifest, catalog: Catalog, pm: PackageManager) {
  const project = projectFromAnswers(answers, cliVersion());
  return buildProjectView(project, [{ fn: project.functions[0] as ProjectFunction, manifest }], catalog, pm);
}

export type ProjectView = ReturnType<typeof buildProjectView>;
