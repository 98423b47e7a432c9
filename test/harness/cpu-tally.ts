// Adds up the CPU time of the commands a piece of work runs (run() in exec.ts charges each one),
// so a check can say what it cost. Checks run side by side in one process, so the tally travels
// with the async context rather than in a global.
import { AsyncLocalStorage } from 'node:async_hooks';

/** What a piece of work cost in CPU, as the matrix records it. */
export interface CpuFigure {
  /** user + system seconds of the commands measured; absent (n/a) when it ran commands and none could be measured */
  cpuSeconds?: number;
  /** how many commands it ran whose CPU time is unknown; cpuSeconds is then a lower bound */
  cpuUnmeasured?: number;
}

export class CpuTally {
  /** user + system seconds of the commands measured */
  seconds = 0;
  measured = 0;
  /** commands whose CPU time is unknown (no GNU time, or stopped before it could report) */
  unmeasured = 0;

  charge(seconds: number | null): void {
    if (seconds === null) this.unmeasured++;
    else {
      this.seconds += seconds;
      this.measured++;
    }
  }

  figure(): CpuFigure {
    return {
      ...(this.measured > 0 || this.unmeasured === 0 ? { cpuSeconds: Math.round(this.seconds * 100) / 100 } : {}),
      ...(this.unmeasured > 0 ? { cpuUnmeasured: this.unmeasured } : {}),
    };
  }
}

const current = new AsyncLocalStorage<CpuTally>();

/** Runs `fn` with `tally` collecting the CPU time of the commands it runs (the innermost tally only, so nothing counts twice). */
export function tallyCpu<T>(tally: CpuTally, fn: () => T): T {
  return current.run(tally, fn);
}

/** The tally the caller's work counts into, if any. */
export function currentCpuTally(): CpuTally | undefined {
  return current.getStore();
}
