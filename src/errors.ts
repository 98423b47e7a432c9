// Errors that end a run with a specific exit code and a one-line message.

/** Bad input: unknown flag, bad value, missing choice. Exit 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** The run cannot go on (target not usable, template broken, disk error). Exit 1. */
export class RunError extends Error {
  readonly exitCode = 1;
}

/** Ctrl-C at a prompt or during writing. Exit 130 (128 + SIGINT). */
export class CancelledError extends Error {
  readonly exitCode = 130;
  constructor() {
    super('cancelled');
  }
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof RunError || error instanceof CancelledError) {
    return error.exitCode;
  }
  return 1;
}
