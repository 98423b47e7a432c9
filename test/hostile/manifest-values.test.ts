// Manifest values a fork may set (anything its schema accepts, chosen to be as awkward as the
// schema allows: YAML keywords, quotes, `%{`, `#`, `: `, non-ASCII letters) are rendered into
// every flavor and parsed back with real parsers. The document's structure must be that of the
// same manifest with plain values, and every value must come back exactly as it went in.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument, type Tags } from 'yaml';
import type { Answers } from '../../src/options.js';
import { detectPackageManager } from '../../src/package-manager.js';
import { planProject } from '../../src/project/plan.js';
import { projectFromAnswers } from '../../src/project-model.js';
import { builtinCatalog, templateDir } from '../../src/template/catalog.js';
import { type FunctionManifest, validateFunctionManifest } from '../../src/template/manifest.js';
import { BIN_DIR } from '../harness/paths.js';
import { toolOrSkip } from '../harness/require-tool.js';
import { findTool } from '../harness/toolchain.js';

const RUNS = 12;
const work = mkdtempSync(join(tmpdir(), 'crl-manifest-values-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// ---- generators: valid by the schema, awkward for every syntax the values land in
const PROSE = [...'aZ09 .,:;!?()\'"/&+_{}=%#@-éß中'];
const prose = (max: number) => fc.string({ unit: fc.constantFrom(...PROSE), minLength: 1, maxLength: max });
const awkwardWord = fc.constantFrom(
  'true',
  'false',
  'null',
  'yes',
  'no',
  'on',
  'off',
  'NaN',
  'Infinity',
  'Resources',
  'Outputs',
  'Ref',
  'e1',
  'x0x1',
);
const identifier = fc.oneof(awkwardWord, fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/));
const envVar = fc
  .oneof(
    awkwardWord.map((w) => w.toUpperCase()),
    fc.stringMatching(/^[A-Z][A-Z0-9_]{0,20}$/),
  )
  .filter((n) => !/^(AWS_|LAMBDA_|LD_|_)|^(PATH|LANG|TZ|HOME|RUST_BACKTRACE)$/.test(n));
const segment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,8}$/),
  fc.stringMatching(/^\{[A-Za-z_][A-Za-z0-9_]{0,6}\+?\}$/),
);
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
const routes = fc.uniqueArray(fc.record({ method: fc.constantFrom(...METHODS), path }), {
  minLength: 1,
  maxLength: 4,
  selector: (r) => `${r.method} ${r.path}`,
});
const actions = fc.uniqueArray(
  fc.stringMatching(/^[A-Z][A-Za-z]{1,12}$/).map((a) => `dynamodb:${a}`),
  { minLength: 1, maxLength: 3 },
);

const base = (id: string) => builtinCatalog().templates.find((t) => t.id === id) as FunctionManifest;
/** A manifest of each kind the flavors render differently, with generated values. */
const manifest = fc.oneof(
  fc.record({ title: prose(80), description: prose(200), routes, partitionKey: identifier, envVar, actions }).map((x) => ({
    ...base('dynamodb'),
    title: x.title,
    description: x.description,
    infra: {
      trigger: { type: 'http' as const, routes: x.routes },
      table: { partitionKey: x.partitionKey, envVar: x.envVar, actions: x.actions },
    },
  })),
  fc
    .record({
      title: prose(80),
      description: prose(200),
      batchSize: fc.integer({ min: 1, max: 10 }),
      maxReceiveCount: fc.integer({ min: 1, max: 1000 }),
    })
    .map((x) => ({
      ...base('sqs'),
      title: x.title,
      description: x.description,
      infra: { trigger: { type: 'sqs' as const }, queue: { batchSize: x.batchSize, maxReceiveCount: x.maxReceiveCount } },
    })),
  fc.record({ title: prose(80), description: prose(200), partitionKey: identifier }).map((x) => ({
    ...base('dynamodb-stream'),
    title: x.title,
    description: x.description,
    infra: { trigger: { type: 'dynamodb-stream' as const, partitionKey: x.partitionKey } },
  })),
  fc
    .record({ title: prose(80), description: prose(200), runtime: fc.constantFrom('python3.10', 'python3.12', 'python3.13', 'python3.14') })
    .map((x) => ({
      ...base('extension'),
      title: x.title,
      description: x.description,
      infra: { trigger: { type: 'none' as const }, layer: { demoRuntime: x.runtime } },
    })),
);

/** The same manifest with plain prose and paths: the structure every rendering must keep. */
function plain(m: FunctionManifest): FunctionManifest {
  const infra = structuredClone(m.infra);
  if (infra.trigger.type === 'http') infra.trigger.routes = infra.trigger.routes.map((r, i) => ({ method: r.method, path: `/p${i}` }));
  return { ...m, title: 'Plain title', description: 'Plain description', infra };
}

async function render(m: FunctionManifest, iac: string): Promise<Map<string, string>> {
  const answers: Answers = {
    directory: 'p',
    name: 'prop-test',
    template: m.id,
    iac,
    arch: 'arm64',
    memory: 128,
    timeout: 10,
    region: 'us-east-1',
    git: false,
    vars: Object.fromEntries((m.variables ?? []).map((v) => [v.name, v.name === 'extensionApi' ? 'none' : v.default])),
  };
  const template = {
    source: { kind: 'local' as const, path: templateDir(m.id) },
    dir: templateDir(m.id),
    manifest: m,
    cleanup: async () => undefined,
  };
  const plan = await planProject(projectFromAnswers(answers, '0.2.0'), [template], detectPackageManager(undefined));
  return new Map(plan.files.map((f) => [f.path, f.content.toString('utf8')]));
}

// ---- parsers
const CFN_TAGS: Tags = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'If',
  'Select',
  'Split',
  'ImportValue',
  'GetAZs',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'Base64',
  'Condition',
].flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  return [
    { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) },
    {
      tag: `!${name}`,
      collection: 'seq' as const,
      resolve: (value: unknown) => ({ [key]: (value as { toJSON: () => unknown }).toJSON() }),
    },
  ];
});
function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { customTags: CFN_TAGS, uniqueKeys: true, strict: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  return doc.toJS();
}

/** The syntax kinds of a TypeScript file in order: its structure, without the text of literals. */
function tsSkeleton(text: string): string[] {
  const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  expect((source as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => d.messageText)).toEqual([]);
  const kinds: string[] = [];
  const visit = (node: ts.Node) => {
    kinds.push(ts.SyntaxKind[node.kind] as string);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return kinds;
}
function tsStrings(text: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true));
  return out;
}

/** Keys and value kinds of a parsed document: what a value must never change. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return typeof value;
}

/** Every string and key in a parsed document (HCL strings decoded as Terraform reads them). */
function strings(value: unknown, decode = (s: string) => s): string[] {
  if (typeof value === 'string') return [decode(value)];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v, decode));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [decode(k), ...strings(v, decode)]);
  return [];
}
const hclDecode = (raw: string) => {
  const body = raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
  return body
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{')
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, e: string) =>
      e.length > 1
        ? String.fromCodePoint(Number.parseInt(e.slice(1), 16))
        : (({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e),
    );
};

/** The values of a manifest that must come back out of a flavor's files. */
function expectedValues(m: FunctionManifest): string[] {
  const values = [m.title];
  if (m.infra.trigger.type === 'http') values.push(...m.infra.trigger.routes.map((r) => r.path));
  if (m.infra.table) values.push(m.infra.table.partitionKey, m.infra.table.envVar, ...m.infra.table.actions);
  if (m.infra.trigger.type === 'dynamodb-stream') values.push(m.infra.trigger.partitionKey);
  if (m.infra.layer) values.push(m.infra.layer.demoRuntime);
  return values;
}

const samples = fc.sample(manifest, { numRuns: RUNS, seed: 20261126 });

describe('adversarial manifest values keep every generated document intact', () => {
  it('the generated manifests are valid', () => {
    for (const m of samples) expect(validateFunctionManifest(m, ['sam', 'cdk', 'terraform', 'none'])).toEqual([]);
  });

  it('SAM: template.yaml parses (CloudFormation tags), keeps its structure and every value', async () => {
    for (const m of samples) {
      const doc = parseYaml((await render(m, 'sam')).get('template.yaml') as string) as { Description: string };
      const baseline = parseYaml((await render(plain(m), 'sam')).get('template.yaml') as string);
      expect(shape(doc)).toEqual(shape(baseline));
      expect(doc.Description).toBe(m.description);
      const all = strings(doc);
      for (const value of expectedValues(m)) expect(all, value).toContain(value);
    }
  });

  it('CDK: stack.ts and its test parse as TypeScript with the same syntax tree and every value', async () => {
    for (const m of samples) {
      const files = await render(m, 'cdk');
      const baseline = await render(plain(m), 'cdk');
      for (const file of ['infra/lib/stack.ts', 'infra/test/stack.test.ts']) {
        expect(tsSkeleton(files.get(file) as string), file).toEqual(tsSkeleton(baseline.get(file) as string));
      }
      const all = tsStrings(files.get('infra/lib/stack.ts') as string);
      for (const value of expectedValues(m).filter((v) => !v.startsWith('dynamodb:'))) expect(all, value).toContain(value);
    }
  });

  const hcl2tojson = findTool('hcl2tojson');
  const terraform = findTool('terraform');
  const missing = [
    hcl2tojson.reason && `hcl2tojson (PyPI python-hcl2) is not on PATH; scripts/install-toolchains.sh links it into ${BIN_DIR}`,
    terraform.reason &&
      'terraform is not on PATH; scripts/install-toolchains.sh cannot install it (no reachable source): the machine must have it',
  ].filter(Boolean);
  toolOrSkip('hcl2tojson or terraform', missing.length === 0, missing.join('; ')).it(
    'Terraform: terraform fmt accepts every file; HCL parses with the same structure and every value',
    async () => {
      const dirs: Array<{ m: FunctionManifest; adversarial: string; baseline: string }> = [];
      for (const [i, m] of samples.entries()) {
        const entry = { m, adversarial: join(work, `tf-${i}`), baseline: join(work, `tf-${i}-plain`) };
        for (const [dir, files] of [
          [entry.adversarial, await render(m, 'terraform')],
          [entry.baseline, await render(plain(m), 'terraform')],
        ] as const) {
          for (const [file, text] of files) {
            if (!file.startsWith('infra/') || !file.endsWith('.tf')) continue;
            mkdirSync(dirname(join(dir, file)), { recursive: true });
            writeFileSync(join(dir, file), text);
          }
        }
        dirs.push(entry);
      }
      const fmt = spawnSync(terraform.path as string, ['fmt', '-check', '-recursive', '-diff', work], { encoding: 'utf8' });
      expect(fmt.status, fmt.stdout + fmt.stderr).toBe(0);
      const json = join(work, 'json');
      const parse = spawnSync(hcl2tojson.path as string, ['-o', json, work], { encoding: 'utf8' });
      expect(parse.status, parse.stderr).toBe(0);
      const read = (dir: string, file: string) =>
        JSON.parse(readFileSync(join(json, dir.slice(work.length + 1), 'infra', file.replace(/\.tf$/, '.json')), 'utf8'));
      for (const { m, adversarial, baseline } of dirs) {
        const all: string[] = [];
        for (const file of ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']) {
          const doc = read(adversarial, file);
          expect(shape(doc), file).toEqual(shape(read(baseline, file)));
          all.push(...strings(doc, hclDecode));
        }
        for (const value of expectedValues(m)) expect(all, value).toContain(value);
      }
    },
  );

  it('every flavor renders the README without losing the description', async () => {
    for (const m of samples) {
      for (const iac of ['sam', 'cdk', 'terraform', 'none']) expect((await render(m, iac)).get('README.md')).toContain(m.description);
    }
  });
});
