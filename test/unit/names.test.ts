import { describe, expect, it } from 'vitest';
import * as names from '../../src/names.js';

const VALID = ['a', 'my-fn', 'my_fn', 'Orders2', 'x'.repeat(64), 'a-b_c-1', 'testing', 'selfie', 'A'];
const INVALID: Array<[string, RegExp]> = [
  ['', /empty/],
  ['x'.repeat(65), /65 characters.*at most 64/],
  ['1fn', /start with a letter/],
  ['-fn', /start with a letter/],
  ['_fn', /start with a letter/],
  ['my fn', /only contain/],
  ['my.fn', /only contain/],
  ['café', /only contain/],
  ['函数', /only contain/],
  ['fn', /Rust keyword/],
  ['async', /Rust keyword/],
  ['Self', /Rust keyword/],
  ['test', /reserved crate name/],
  ['std', /reserved crate name/],
  ['core', /reserved crate name/],
];

describe('nameProblem', () => {
  it.each(VALID)('accepts %s', (name) => {
    expect(names.nameProblem(name)).toBeUndefined();
  });
  it.each(INVALID)('rejects %j with a reason', (name, reason) => {
    expect(names.nameProblem(name)).toMatch(reason);
  });
  it('suggests a valid fix in the message where one exists', () => {
    const message = names.nameProblem('My Function!') ?? '';
    const suggestion = /Try "([^"]+)"/.exec(message)?.[1];
    expect(suggestion).toBeDefined();
    expect(names.nameProblem(suggestion as string)).toBeUndefined();
  });
});

describe('suggestName', () => {
  it.each(['My Project', 'café-api', '42things', '   ', 'fn', 'test', 'x'.repeat(80), '函数', 'a--b__', 'Über Função'])(
    'turns %j into a valid name',
    (raw) => {
      expect(names.nameProblem(names.suggestName(raw))).toBeUndefined();
    },
  );
});

// Every derived identifier, for every valid name, satisfies the rules of the system it lands in.
const SAMPLE_NAMES = [...VALID, 'a-', 'a_', 'a-1-b', 'Z9', 'my--fn', 'x'.repeat(63) + '-'];
const RULES: Array<[string, (n: string) => string, RegExp]> = [
  ['Rust crate identifier', names.rustName, /^[A-Za-z][A-Za-z0-9_]*$/],
  ['CloudFormation logical id', names.cfnLogicalId, /^[A-Za-z0-9]{1,255}$/],
  ['Terraform identifier', names.terraformId, /^[a-z_][a-z0-9_-]*$/],
  ['CloudFormation stack name', names.stackName, /^[A-Za-z][-A-Za-z0-9]{0,127}$/],
  ['CDK stack class', names.cdkStackClass, /^[A-Z][A-Za-z0-9]*Stack$/],
  ['DynamoDB table name', names.tableName, /^[A-Za-z0-9_.-]{3,255}$/],
  ['SQS queue name', names.queueName, /^[A-Za-z0-9_-]{1,80}$/],
  ['SQS DLQ name', names.dlqName, /^[A-Za-z0-9_-]{1,80}$/],
];

describe('derived identifiers', () => {
  const valid = SAMPLE_NAMES.filter((n) => names.nameProblem(n) === undefined);
  it('has a broad sample of valid names', () => {
    expect(valid.length).toBeGreaterThan(10);
  });
  for (const [what, derive, rule] of RULES) {
    it(`${what} is valid for every valid name`, () => {
      for (const name of valid) expect(derive(name), `${what} of ${name}`).toMatch(rule);
    });
  }
  it('keeps distinct words apart in PascalCase', () => {
    expect(names.pascalName('order-api_v2')).toBe('OrderApiV2');
  });
  it('queue and DLQ names differ', () => {
    for (const name of valid) expect(names.queueName(name)).not.toBe(names.dlqName(name));
  });
});
