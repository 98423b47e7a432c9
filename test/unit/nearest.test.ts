import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../../src/text/nearest.js';

describe('nearest', () => {
  it('counts insertions, deletions, substitutions and a swap of neighbours as one edit each', () => {
    expect(editDistance('upgrade', 'updgrade')).toBe(1);
    expect(editDistance('doctor', 'doctr')).toBe(1);
    expect(editDistance('render', 'redner')).toBe(1);
    expect(editDistance('eject', 'eject')).toBe(0);
    expect(editDistance('', 'add')).toBe(3);
  });
  it('one edit for words under 6 letters, two from 6; case aside; never the word itself', () => {
    const words = ['add', 'upgrade', 'doctor', 'render', 'eject'];
    expect(nearest('updgrade', words)).toBe('upgrade');
    expect(nearest('UPGRADE', words)).toBe('upgrade');
    expect(nearest('upgarde', words)).toBe('upgrade');
    expect(nearest('ejcet', words)).toBe('eject');
    expect(nearest('adder', words)).toBeUndefined();
    expect(nearest('add', words)).toBeUndefined();
    expect(nearest('orders', words)).toBeUndefined();
  });
});
