// How a run that stopped tells the user why: one escaped line (or our own multi-line list), and the exit code.
import kleur from 'kleur';
import { CancelledError, exitCodeOf } from '../errors.js';
import type { Io } from '../io.js';
import { printable } from '../text/printable.js';

export function reportError(io: Io, error: unknown): number {
  if (error instanceof CancelledError) {
    io.err(kleur.yellow('cancelled'));
    return error.exitCode;
  }
  // ours: their lines as written; anything else: one line, its stack only when debugging.
  // Control characters are escaped either way: a path in a message must not repaint the terminal.
  const ours = error instanceof Error && 'exitCode' in error;
  const message = error instanceof Error ? error.message : String(error);
  io.err(`${kleur.red('error:')} ${ours ? message.split('\n').map(printable).join('\n') : printable(message)}`);
  if (!ours && io.env.CREATE_RUST_LAMBDA_DEBUG === '1') io.err(String((error as Error)?.stack ?? ''));
  return exitCodeOf(error);
}
