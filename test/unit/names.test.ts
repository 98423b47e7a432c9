import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as names from '../../src/names.js';

const VALID = ['a', 'my-fn', 'fn-2', 'api-2-b', 'orders2', 'x'.repeat(names.MAX_NAME_LENGTH), 'a-b-c1', 'testing', 'selfie', 'api-v2'];
const INVALID: Array<[string, RegExp]> = [
  ['', /empty/],
  ['x'.repeat(names.MAX_NAME_LENGTH + 1), new RegExp(`${names.MAX_NAME_LENGTH + 1} characters; at most ${names.MAX_NAME_LENGTH}`)],
  ['1fn', /start with a lowercase letter/],
  ['-fn', /start with a lowercase letter/],
  ['_fn', /start with a lowercase letter/],
  ['My-fn', /start with a lowercase letter/],
  ['my_fn', /only contain lowercase letters, digits and single hyphens/],
  ['myFn', /only contain/],
  ['my--fn', /only contain/],
  ['my-fn-', /only contain/],
  ['my fn', /only contain/],
  ['my.fn', /only contain/],
  ['café', /only contain/],
  ['a\u001b[2Jb', /only contain/],
  ['fn', /Rust keyword/],
  ['async', /Rust keyword/],
  ['self', /Rust keyword/],
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
    for (const raw of ['My Function!', 'my_fn', 'My-Fn', 'a--b']) {
      const suggestion = /Try "([^"]+)"/.exec(names.nameProblem(raw) ?? '')?.[1];
      expect(suggestion, raw).toBeDefined();
      expect(names.nameProblem(suggestion as string)).toBeUndefined();
    }
  });
  it('never prints a control character it was given', () => {
    expect(names.nameProblem('a\u001b[2Jb\u202e')).not.toMatch(/[\u001b\u202e]/);
  });
  it('allows exactly the length every derived name fits (the Terraform role name prefix: 38 with the "-")', () => {
    expect(names.MAX_NAME_LENGTH).toBe(names.longestFittingName());
    expect(names.MAX_NAME_LENGTH).toBe(37);
  });
});

describe('suggestName', () => {
  it.each(['My Project', 'café-api', '42things', '   ', 'fn', 'test', 'x'.repeat(80), '函数', 'a--b__', 'Über Função', 'fn-2', 'a_b'])(
    'turns %j into a valid name',
    (raw) => {
      expect(names.nameProblem(names.suggestName(raw))).toBeUndefined();
    },
  );
  it('turns any string into a valid name', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (raw) => names.nameProblem(names.suggestName(raw)) === undefined));
  });
});

/** Accepted names, generated: words of lowercase letters and digits joined by hyphens. */
const word = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'),
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), maxLength: 12 }),
    )
    .map(([x, y]) => x + y),
  fc.string({ unit: fc.constantFrom(...'0123456789abc'), minLength: 1, maxLength: 4 }),
);
const acceptedName = fc
  .array(word, { minLength: 1, maxLength: 6 })
  .map((words) => words.join('-'))
  .filter((n) => names.nameProblem(n) === undefined);

describe('derived names', () => {
  it('the generator reaches the longest names', () => {
    const lengths = fc.sample(acceptedName, 2000).map((n) => n.length);
    expect(Math.max(...lengths)).toBeGreaterThan(30);
  });
  for (const { what, scope, derive, rule } of names.DERIVED_NAMES) {
    it(`${what} follows its service's rule for every accepted name`, () => {
      fc.assert(
        fc.property(acceptedName, (name) => rule.test(derive(name))),
        { numRuns: 500 },
      );
      expect(derive('x'.repeat(names.MAX_NAME_LENGTH))).toMatch(rule);
    });
    // names AWS keeps per account (and the crate) must never be shared by two projects; the
    // PascalCase ids only within one stack, where "a-1" and "a1" would both be "A1"
    if (scope === 'account' || /Rust|Terraform/.test(what))
      it(`${what} is distinct for distinct names`, () => {
        fc.assert(
          fc.property(acceptedName, acceptedName, (a, b) => a === b || derive(a) !== derive(b)),
          { numRuns: 1000 },
        );
        // the pairs that collided under the old rules are now refused on one side
        for (const [a, b] of [
          ['a-b', 'a_b'],
          ['my-fn', 'myFn'],
          ['ab', 'AB'],
        ] as const) {
          expect(names.nameProblem(a) === undefined && names.nameProblem(b) === undefined && derive(a) === derive(b), `${a} / ${b}`).toBe(
            false,
          );
        }
      });
  }
  it('keeps PascalCase ids apart where the words start with letters; "a-1" and "a1" share "A1", so one stack must not hold both', () => {
    expect(names.pascalName('a-1')).toBe(names.pascalName('a1'));
  });
  it('keeps distinct words apart in PascalCase', () => {
    expect(names.pascalName('order-api-v2')).toBe('OrderApiV2');
  });
});

describe('the stack’s own identifiers (a kind’s stack parts: the alarm topic)', () => {
  it('are never a function’s suffix, so the function named like the project derives none of them', () => {
    expect(names.STACK_ID_SUFFIXES.filter((s) => names.ID_SUFFIXES.includes(s))).toEqual([]);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,3}$/),
        (name) => names.stackIdentifier(name, name) === undefined,
      ),
    );
  });

  it('are refused to a function that would derive one: `shop-alarm` of `shop` would name its topic ShopAlarmTopic', () => {
    expect(names.stackIdentifier('shop', 'shop-alarm')).toBe('ShopAlarmTopic');
    expect(names.stackIdentifier('shop', 'shop-alarm-topic')).toBe('shop_alarm_topic');
    for (const name of ['alarm', 'alarms', 'orders', 'shop-orders']) expect(names.stackIdentifier('shop', name), name).toBeUndefined();
  });
});
