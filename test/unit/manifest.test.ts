// template.json: one schema gives the type and the validator; every problem is reported with its field.
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/template/catalog.js';
import { validateFunctionManifest, variableProblem } from '../../src/template/manifest.js';
import { loadPatternEngine } from '../../src/template/pattern.js';

beforeAll(loadPatternEngine);

describe('manifest validation', () => {
  const good = {
    id: 'x',
    title: 'X',
    description: 'an x',
    kind: 'function',
    architectures: ['arm64'],
    flavors: ['sam'],
    infra: { trigger: { type: 'http', routes: [{ method: 'GET', path: '/x' }] } },
  };
  it('accepts a good manifest, and every built-in one', () => {
    expect(validateFunctionManifest(good, ['sam'])).toEqual([]);
    for (const t of builtinCatalog().templates) expect(validateFunctionManifest(t, ['sam', 'cdk', 'terraform', 'none']), t.id).toEqual([]);
  });
  it('reports every problem with its field', () => {
    const problems = validateFunctionManifest(
      {
        ...good,
        id: 'Bad Id',
        kind: 'lambda',
        flavors: ['pulumi'],
        extra: true,
        infra: {
          trigger: { type: 'http', routes: [{ method: 'FETCH', path: 'x' }] },
          table: { partitionKey: 'pk: x', envVar: 'table', actions: ['dynamodb:*'] },
        },
        variables: [{ name: '1x', type: 'colour', description: '' }],
      },
      ['sam'],
    ).join('\n');
    for (const field of [
      'id:',
      'kind:',
      'flavors:',
      'extra: is not a known field',
      'infra.trigger.routes[0].method:',
      'infra.trigger.routes[0].path:',
      'infra.table.partitionKey:',
      'infra.table.envVar:',
      'infra.table.actions[0]:',
      'variables[0].name:',
      'variables[0].type:',
      'variables[0].default: is required',
    ]) {
      expect(problems).toContain(field);
    }
  });
  it('refuses a hostile partition key of a dynamodb-stream trigger, naming the field', () => {
    for (const partitionKey of ['', 'a b', 'x"y', '${x}', '1abc', 'a'.repeat(65)]) {
      const problems = validateFunctionManifest({ ...good, infra: { trigger: { type: 'dynamodb-stream', partitionKey } } }, ['sam']);
      expect(problems.join('\n'), JSON.stringify(partitionKey)).toContain('infra.trigger.partitionKey: must be an attribute name');
    }
    expect(validateFunctionManifest({ ...good, infra: { trigger: { type: 'dynamodb-stream' } } }, ['sam']).join('\n')).toContain(
      'infra.trigger.partitionKey',
    );
  });
  it('refuses a sample event that is not a plain file name of events/, naming the field', () => {
    for (const sampleEvent of [
      '',
      '../x.json',
      'a/b.json',
      '.json',
      'x.yaml',
      'X.json',
      'a b.json',
      '$(x).json',
      `${'a'.repeat(60)}.json`,
    ]) {
      const problems = validateFunctionManifest({ ...good, sampleEvent }, ['sam']);
      expect(problems.join('\n'), JSON.stringify(sampleEvent)).toContain('sampleEvent: must be a file name in events/');
    }
    expect(validateFunctionManifest({ ...good, sampleEvent: 'get-item_2.json' }, ['sam'])).toEqual([]);
  });
  it('checks defaults and cross-field rules once the fields themselves are valid', () => {
    const problems = validateFunctionManifest(
      {
        ...good,
        kind: 'extension',
        infra: { trigger: { type: 'sqs' } },
        variables: [
          { name: 'n', type: 'number', description: 'n', default: 'ten' },
          { name: 'n', type: 'choice', description: 'c', default: 'a' },
        ],
      },
      ['sam'],
    ).join('\n');
    for (const text of [
      'infra.layer: an extension needs',
      'infra.queue: an sqs trigger needs',
      'variables[0].default: must be a number',
      'variables[1].name: is declared twice',
      'variables[1].choices: must be a non-empty list',
    ]) {
      expect(problems).toContain(text);
    }
  });
  it('checks variable values by type; patterns are RE2 and match the whole value', () => {
    expect(variableProblem({ name: 'a', description: 'a', type: 'string', default: 'x', pattern: '[a-z]+' }, 'Abc')).toMatch(/must match/);
    expect(variableProblem({ name: 'a', description: 'a', type: 'string', default: 'x', pattern: '[a-z]+' }, 'abc')).toBeUndefined();
    expect(variableProblem({ name: 'a', description: 'a', type: 'string', default: 'x', pattern: '(a+)+' }, `${'a'.repeat(250)}!`)).toMatch(
      /must match/,
    );
    expect(variableProblem({ name: 'a', description: 'a', type: 'string', default: 'x' }, 'x'.repeat(257))).toMatch(/at most 256/);
    expect(variableProblem({ name: 'a', description: 'a', type: 'number', default: 1, min: 1, max: 5 }, 9)).toMatch(/at most 5/);
    expect(variableProblem({ name: 'a', description: 'a', type: 'choice', default: 'x', choices: ['x', 'y'] }, 'z')).toMatch(/one of x, y/);
    expect(variableProblem({ name: 'a', description: 'a', type: 'boolean', default: true }, 'yes')).toMatch(/true or false/);
  });
});
