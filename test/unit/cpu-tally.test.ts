// What a check records of its CPU: seconds, n/a when nothing could be measured, a lower bound when part could not.
import { describe, expect, it } from 'vitest';
import { CpuTally } from '../harness/cpu-tally.js';

const tally = (...charges: (number | null)[]) => {
  const t = new CpuTally();
  for (const c of charges) t.charge(c);
  return t.figure();
};

describe('CpuTally.figure', () => {
  it('adds up the measured commands, in GNU time hundredths', () => {
    expect(tally(0.1, 0.2, 1.05)).toEqual({ cpuSeconds: 1.35 });
  });
  it('is zero seconds for a check that ran no command', () => {
    expect(tally()).toEqual({ cpuSeconds: 0 });
  });
  it('is n/a when no command could be measured', () => {
    expect(tally(null, null)).toEqual({ cpuUnmeasured: 2 });
  });
  it('says how many commands are missing from a partial sum', () => {
    expect(tally(2, null)).toEqual({ cpuSeconds: 2, cpuUnmeasured: 1 });
  });
});
