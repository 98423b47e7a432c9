import { describe, expect, it } from 'vitest';
import { limit } from '../harness/limit.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('limit', () => {
  it('runs at most n jobs at once, the others in the order they came, and goes on after a failure', async () => {
    const run = limit(2);
    let now = 0;
    let most = 0;
    const started: number[] = [];
    const job = (i: number) => async () => {
      started.push(i);
      most = Math.max(most, ++now);
      await tick();
      now--;
      if (i === 1) throw new Error('one failed');
      return i;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map((i) => run(job(i))));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await run(async () => 'after')).toBe('after');
  });
});
