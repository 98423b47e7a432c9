// Which part of the run a check belongs to — a lane, the project generation before the lanes,
// the checks after them — so the matrix can say where the CPU went per part. Lanes run side by
// side in one process, so the name travels with the async context.
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<string>();

/** Runs `fn` as part of `phase`. */
export function inPhase<T>(phase: string, fn: () => T): T {
  return current.run(phase, fn);
}

/** The phase the caller's work belongs to, if any. */
export function currentPhase(): string | undefined {
  return current.getStore();
}
