import { describe, expect, it } from 'vitest';
import { type Choice, type Prompter, selectChoice } from '../../src/prompter.js';
import { byGroup, groupOf, TEMPLATE_GROUPS } from '../../src/template/groups.js';
import { TRIGGER_TYPES } from '../../src/template/manifest.js';

const fn = (type: (typeof TRIGGER_TYPES)[number]) => ({ kind: 'function' as const, infra: { trigger: { type } } }) as never;

describe('template groups', () => {
  it('puts every trigger type in exactly one group, and extensions in their own', () => {
    for (const type of TRIGGER_TYPES) {
      const holding = TEMPLATE_GROUPS.filter((g) => g.triggers !== 'extension' && g.triggers.includes(type));
      expect(
        holding.map((g) => g.id),
        type,
      ).toHaveLength(1);
    }
    expect(groupOf({ kind: 'extension', infra: { trigger: { type: 'none' } } } as never).id).toBe('extension');
    expect(groupOf(fn('none')).id).toBe('other');
  });

  it('lists templates in group order and drops empty groups', () => {
    const listed = byGroup([fn('sqs'), fn('http'), fn('kinesis')]);
    expect(listed.map((g) => g.group.id)).toEqual(['http', 'events', 'streams']);
  });
});

/** A prompter that answers each select with `answers[n]` (or the default) and records what it was asked. */
function recording(answers: (string | undefined)[]) {
  const asked: { message: string; options: Choice[]; initialValue?: string }[] = [];
  const prompter: Prompter = {
    text: async () => '',
    confirm: async () => true,
    select: async (opts) => {
      asked.push(opts);
      return answers[asked.length - 1] ?? opts.initialValue ?? (opts.options[0] as Choice).value;
    },
  };
  return { prompter, asked };
}

const choices = (groups: Record<string, string[]>): Choice[] =>
  Object.entries(groups).flatMap(([group, ids]) => ids.map((id) => ({ value: id, label: id.toUpperCase(), group })));

describe('selectChoice', () => {
  const long = choices({
    Web: ['http', 'rest', 'alb'],
    Events: ['sqs', 'sns', 's3', 'schedule'],
    Streams: ['kinesis', 'ddb'],
    Other: ['event'],
  });

  it('asks a short list in one step', async () => {
    const { prompter, asked } = recording(['rest']);
    expect(await selectChoice(prompter, { message: 'Which?', options: long.slice(0, 5) })).toBe('rest');
    expect(asked).toHaveLength(1);
  });

  it('asks a long grouped list group first, then within the group', async () => {
    const { prompter, asked } = recording(['Streams', 'ddb']);
    expect(await selectChoice(prompter, { message: 'Which?', options: long })).toBe('ddb');
    expect(asked[0]?.options.map((o) => o.value)).toEqual(['Web', 'Events', 'Streams', 'Other']);
    expect(asked[0]?.options[2]?.hint).toBe('kinesis, ddb');
    expect(asked[1]?.options.map((o) => o.value)).toEqual(['kinesis', 'ddb']);
  });

  it('leads from the default group to the default choice', async () => {
    const { prompter, asked } = recording([]);
    expect(await selectChoice(prompter, { message: 'Which?', options: long, initialValue: 'sns' })).toBe('sns');
    expect(asked.map((a) => a.initialValue)).toEqual(['Events', 'sns']);
  });

  it('skips the second step for a group of one', async () => {
    const { prompter, asked } = recording(['Other']);
    expect(await selectChoice(prompter, { message: 'Which?', options: long })).toBe('event');
    expect(asked).toHaveLength(1);
  });

  it('keeps a long list without groups in one step', async () => {
    const { prompter, asked } = recording(['s3']);
    const ungrouped = long.map(({ group: _, ...rest }) => rest);
    expect(await selectChoice(prompter, { message: 'Which?', options: ungrouped })).toBe('s3');
    expect(asked).toHaveLength(1);
  });
});
