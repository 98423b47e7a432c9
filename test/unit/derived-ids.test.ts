// Every identifier a flavor derives for a function is the function's own part and one suffix of
// names.ts's ID_SUFFIXES, and every one of the stack's own resources (a kind's `stack` parts) the
// project's part and one of STACK_ID_SUFFIXES — the tables `add` and rust-lambda.toml check clashes
// with. A project with every resource kind is rendered in each flavor and its identifiers are read back.
import { describe, expect, it } from 'vitest';
import { cfnLogicalId, ID_SUFFIXES, STACK_ID_SUFFIXES, terraformId } from '../../src/names.js';
import { type PlannedFunction, planFunctions } from '../harness/plan-functions.js';

/** a function of every built-in template, so every resource kind is in the project */
const FUNCTIONS: PlannedFunction[] = [
  { name: 'shop', template: 'http' },
  { name: 'orders', template: 'sqs' },
  { name: 'items', template: 'dynamodb' },
  { name: 'probe', template: 'extension', vars: { extensionApi: 'logs' } },
  { name: 'uploads', template: 's3' },
  { name: 'typed', template: 'event', vars: { eventType: 'sqs.SqsEvent' } },
  { name: 'legacy', template: 'rest' },
  { name: 'front', template: 'alb' },
  { name: 'chat', template: 'websocket' },
  { name: 'feed', template: 'stream', vars: { auth: 'NONE' } },
  { name: 'changes', template: 'dynamodb-stream' },
  { name: 'clicks', template: 'kinesis' },
  { name: 'nightly', template: 'schedule', vars: { schedule: 'rate(1 day)' } },
  { name: 'alerts', template: 'sns' },
];

const render = (iac: string) => planFunctions(iac, FUNCTIONS);

/** What is left of `id` after the function's own part, for the function it belongs to. */
function suffixOf(id: string, own: (name: string) => string): string | undefined {
  const fn = FUNCTIONS.map((f) => f.name)
    .filter((name) => id.startsWith(own(name)))
    .sort((a, b) => own(b).length - own(a).length)[0];
  return fn === undefined ? undefined : id.slice(own(fn).length);
}

const snake = (suffix: string) =>
  `_${suffix
    .split(/(?=[A-Z])/)
    .join('_')
    .toLowerCase()}`;
const pascalSuffixes = new Set(['', ...ID_SUFFIXES]);
const snakeSuffixes = new Set(['', ...ID_SUFFIXES.map(snake)]);

/** The project planFunctions renders, whose part the stack's own identifiers start with. */
const PROJECT = 'shop';
const stackPascal = new Set(STACK_ID_SUFFIXES.map((s) => `${cfnLogicalId(PROJECT)}${s}`));
const stackSnake = new Set(STACK_ID_SUFFIXES.map((s) => `${terraformId(PROJECT)}${snake(s)}`));

/** The stack's own identifiers are there, and every other one is a function's. */
function checkIds(ids: string[], stack: Set<string>, own: (name: string) => string, suffixes: Set<string>) {
  expect(ids.filter((id) => stack.has(id)).length, 'the stack has its own resources').toBeGreaterThan(0);
  for (const id of ids.filter((i) => !stack.has(i))) expect(suffixes.has(suffixOf(id, own) ?? 'no function'), id).toBe(true);
}

describe('identifiers derived for a function', () => {
  it('sam: every logical id and output key', async () => {
    const yaml = (await render('sam'))('template.yaml');
    const ids = [...yaml.matchAll(/^ {2}([A-Za-z0-9]+):$/gm)].map((m) => m[1] as string);
    expect(ids.length).toBeGreaterThan(20);
    checkIds(ids, stackPascal, cfnLogicalId, pascalSuffixes);
  });

  it('cdk: every construct id and output', async () => {
    const ts = (await render('cdk'))('infra/lib/stack.ts');
    const ids = [...ts.matchAll(/\((?:this|scope), '([A-Za-z0-9]+)'/g)].map((m) => m[1] as string);
    expect(ids.length).toBeGreaterThan(20);
    expect(ts, 'construct ids are literals').not.toMatch(/\((?:this|scope), `/);
    checkIds(ids, stackPascal, cfnLogicalId, pascalSuffixes);
  });

  it('terraform: every resource address, variable and output', async () => {
    const file = await render('terraform');
    const tf = ['main.tf', 'outputs.tf', 'variables.tf'].map((f) => file(`infra/${f}`)).join('\n');
    const stackWide = new Set(['assume_lambda', 'name', 'region', 'architecture', 'log_retention_days', 'cargo_target_dir', 'demo_zip']);
    const ids = [...tf.matchAll(/^(?:resource|data) "\w+" "(\w+)"|^(?:variable|output) "(\w+)"/gm)].map((m) => (m[1] ?? m[2]) as string);
    expect(ids.length).toBeGreaterThan(20);
    checkIds(
      ids.filter((i) => !stackWide.has(i)),
      stackSnake,
      terraformId,
      snakeSuffixes,
    );
  });
});
