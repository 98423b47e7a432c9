// Every identifier a flavor derives for a function is the function's own part and one suffix of
// names.ts's ID_SUFFIXES — the table `add` and rust-lambda.toml check clashes with. A project
// with every resource kind is rendered in each flavor and its identifiers are read back.
import { describe, expect, it } from 'vitest';
import { cfnLogicalId, ID_SUFFIXES, terraformId } from '../../src/names.js';
import { detectPackageManager } from '../../src/package-manager.js';
import type { Project } from '../../src/project/model.js';
import { planProject } from '../../src/steps/plan.js';
import { builtinCatalog, templateDir } from '../../src/template/catalog.js';

const FUNCTIONS = [
  { name: 'shop', template: 'http' },
  { name: 'orders', template: 'sqs' },
  { name: 'items', template: 'dynamodb' },
  { name: 'probe', template: 'extension', vars: { extensionApi: 'logs' } },
  { name: 'uploads', template: 's3' },
  { name: 'typed', template: 'event', vars: { eventType: 'sqs.SqsEvent' } },
];

async function render(iac: string): Promise<(path: string) => string> {
  const project: Project = {
    version: '0.2.0',
    name: 'shop',
    iac,
    arch: 'arm64',
    region: 'eu-west-1',
    functions: FUNCTIONS.map(({ name, template, vars }) => ({ name, template, memory: 128, timeout: 10, vars: vars ?? {} })),
  };
  const catalog = builtinCatalog();
  const templates = FUNCTIONS.map(({ template }) => ({
    source: { kind: 'builtin' as const, id: template },
    dir: templateDir(template),
    manifest: catalog.templates.find((t) => t.id === template) as never,
    cleanup: async () => undefined,
  }));
  const plan = await planProject(project, templates, detectPackageManager(undefined));
  return (path) => plan.files.find((f) => f.path === path)?.content.toString() ?? '';
}

/** What is left of `id` after the function's own part, for the function it belongs to. */
function suffixOf(id: string, own: (name: string) => string): string | undefined {
  const fn = FUNCTIONS.map((f) => f.name)
    .filter((name) => id.startsWith(own(name)))
    .sort((a, b) => own(b).length - own(a).length)[0];
  return fn === undefined ? undefined : id.slice(own(fn).length);
}

const pascalSuffixes = new Set(['', ...ID_SUFFIXES]);
const snakeSuffixes = new Set([
  '',
  ...ID_SUFFIXES.map(
    (s) =>
      `_${s
        .split(/(?=[A-Z])/)
        .join('_')
        .toLowerCase()}`,
  ),
]);

describe('identifiers derived for a function', () => {
  it('sam: every logical id and output key', async () => {
    const yaml = (await render('sam'))('template.yaml');
    const ids = [...yaml.matchAll(/^ {2}([A-Za-z0-9]+):$/gm)].map((m) => m[1] as string);
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(pascalSuffixes.has(suffixOf(id, cfnLogicalId) ?? 'no function'), id).toBe(true);
  });

  it('cdk: every construct id and output', async () => {
    const ts = (await render('cdk'))('infra/lib/stack.ts');
    const ids = [...ts.matchAll(/\((?:this|scope), '([A-Za-z0-9]+)'/g)].map((m) => m[1] as string);
    expect(ids.length).toBeGreaterThan(20);
    expect(ts, 'construct ids are literals').not.toMatch(/\((?:this|scope), `/);
    for (const id of ids) expect(pascalSuffixes.has(suffixOf(id, cfnLogicalId) ?? 'no function'), id).toBe(true);
  });

  it('terraform: every resource address, variable and output', async () => {
    const file = await render('terraform');
    const tf = ['main.tf', 'outputs.tf', 'variables.tf'].map((f) => file(`infra/${f}`)).join('\n');
    const stackWide = new Set(['assume_lambda', 'name', 'region', 'architecture', 'log_retention_days', 'cargo_target_dir', 'demo_zip']);
    const ids = [...tf.matchAll(/^(?:resource|data) "\w+" "(\w+)"|^(?:variable|output) "(\w+)"/gm)].map((m) => (m[1] ?? m[2]) as string);
    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids.filter((i) => !stackWide.has(i)))
      expect(snakeSuffixes.has(suffixOf(id, terraformId) ?? 'no function'), id).toBe(true);
  });
});
