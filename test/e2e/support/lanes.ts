// Lanes: tests that run one after another within a lane while the lanes run side by side, so
// both cores stay busy. vitest starts the concurrent tests at once; each waits for the tests
// registered before it in its lane that this run selected (pass or fail; a test left out by a
// name filter is not waited for). A lane is one describe block with no blocks inside; its checks
// are counted in a phase (phase.ts): its title, or one several lanes share.
import { afterAll, describe, it, type TestContext } from 'vitest';
import { inPhase } from './phase.js';

/**
 * No fixed limit on a lane test: it waits for the whole lane before it, so its time grows with the
 * machine's load, not with a defect. A hang is caught where it happens, by the watchdog of every
 * command (test/harness/exec.ts: stopped after its timeout without output) and the provider
 * build's own wait; CI's own limit bounds the run as a whole.
 */
const LANE_TIMEOUT = 24 * 60 * 60_000;

export class Lane {
  private readonly finished = new Map<string, { promise: Promise<void>; resolve(): void }>();
  private readonly cleanups: (() => Promise<void> | void)[] = [];

  constructor(
    readonly title: string,
    private readonly phase = title,
  ) {}

  private done(id: string) {
    let entry = this.finished.get(id);
    if (!entry) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      entry = { promise, resolve };
      this.finished.set(id, entry);
    }
    return entry;
  }

  it(name: string, fn: (ctx: TestContext) => Promise<void>): void {
    it.concurrent(
      name,
      async (ctx) => {
        const siblings = ctx.task.suite?.tasks ?? [];
        const before = siblings.slice(0, siblings.indexOf(ctx.task)).filter((t) => t.type === 'test' && t.mode === 'run');
        for (const t of before) await this.done(t.id).promise;
        try {
          await inPhase(this.phase, () => fn(ctx));
        } finally {
          this.done(ctx.task.id).resolve();
        }
      },
      LANE_TIMEOUT,
    );
  }

  /** Runs when the lane is done (stops what its tests started), even after failures. */
  after(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  async close(): Promise<void> {
    for (const fn of this.cleanups.splice(0).reverse()) await fn();
  }
}

/** A lane inside a describe.concurrent block; `phase`: the phase its checks are counted in, if not its own. */
export function lane(title: string, register: (lane: Lane) => void, phase = title): void {
  describe(title, () => {
    const l = new Lane(title, phase);
    afterAll(() => l.close());
    register(l);
  });
}
