// OS errors as the one line a user reads: the path and the cause, never a stack trace.
import { resolve } from 'node:path';
import { CancelledError, RunError, UsageError } from '../errors.js';
import { printable } from '../text/printable.js';

export const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? '';

// What an OS error means, in the words of the one-line message.
const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'a name in the path is too long',
  EEXIST: 'a file is already there',
  ELOOP: 'too many symbolic links (a link loop?)',
  EISDIR: 'a folder is where a file should be',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
  EINVAL: 'the file system does not accept this name',
  EIO: 'input/output error',
  EBUSY: 'the path is busy',
  ENOENT: 'a folder on the path is missing (a broken symbolic link?)',
  EXDEV: 'the move crosses file systems',
};

/** Any error while checking or writing `target`, as one line naming the path and the cause. Ours pass through. */
export function fsFailure(error: unknown, target: string): Error {
  if (error instanceof RunError || error instanceof UsageError || error instanceof CancelledError) return error;
  const e = error as NodeJS.ErrnoException & { dest?: string };
  const raw = e instanceof Error ? e.message : String(error);
  const cause = CAUSES[errorCode(e)] ?? /^[A-Z0-9]+: ([^,]+)/.exec(raw)?.[1] ?? raw;
  const path = e?.dest ?? e?.path;
  const where = path && resolve(path) !== target ? ` (${printable(path)})` : '';
  return new RunError(`cannot write ${printable(target)}: ${printable(cause)}${where}. Nothing was written.`);
}
