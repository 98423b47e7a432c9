// A bound on how many of some async jobs run at once; the others wait their turn in order.

/** Returns a runner that runs at most `n` jobs at a time. */
export function limit(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    // a finishing job hands its place straight to the next in line, so `running` counts places taken
    if (running < n) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}
