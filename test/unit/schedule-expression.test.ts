// The schedule template's variable: only the EventBridge schedule expressions a rule accepts, and
// nothing that could break out of the YAML, TypeScript or HCL string it lands in.
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/template/catalog.js';
import { variableProblem } from '../../src/template/manifest.js';
import { loadPatternEngine } from '../../src/template/pattern.js';

describe('schedule: the schedule variable', () => {
  beforeAll(loadPatternEngine);
  const variable = () => {
    const found = builtinCatalog()
      .templates.find((t) => t.id === 'schedule')
      ?.variables?.find((v) => v.name === 'schedule');
    if (!found) throw new Error('the schedule template declares no schedule variable');
    return found;
  };

  it.each([
    'rate(5 minutes)',
    'rate(1 minute)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(30 days)',
    'cron(0 12 * * ? *)',
    'cron(15 10 ? * 6L 2026-2030)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0 0 1W * ? *)',
    'cron(0 9 ? * 2#1 *)',
  ])('accepts %s', (value) => {
    expect(variableProblem(variable(), value)).toBeUndefined();
  });

  it.each([
    'rate(1 minutes)', // AWS wants the singular for 1
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(5 seconds)',
    'cron(0 12 * * ?)', // five fields
    'cron(0 12 * * ? * *)', // seven
    'cron(0  12 * * ? *)',
    'cron(0 12 * * ? *) ',
    'at(2026-03-10T12:00:00)',
    'cron(0 12 * * ? ${x})',
    'rate(5 minutes)"\nfoo: bar',
    "cron(0 12 * * ? ')",
    'cron(0 12 * * ? %{x})',
    '',
  ])('refuses %j', (value) => {
    expect(variableProblem(variable(), value)).toBeDefined();
  });

  it('defaults to a valid expression', () => {
    expect(variableProblem(variable(), variable().default)).toBeUndefined();
  });
});
