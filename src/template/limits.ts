// A template is untrusted input: bounded in what it reads (files, bytes) and in what it writes
// (bytes per file and in all, and the work its partials and loops may do to get there).
import { RunError } from '../errors.js';
import { printable } from '../text/printable.js';
import { walkTemplate } from './walk.js';

export const LIMITS = {
  files: 500,
  fileBytes: 1024 * 1024,
  totalBytes: 5 * 1024 * 1024,
  /** one rendered file */
  outputFileBytes: 2 * 1024 * 1024,
  /** the whole rendered project */
  outputTotalBytes: 20 * 1024 * 1024,
  /** partial calls and loop iterations in one render: far above any real template (ours: a few hundred) */
  renderSteps: 200_000,
};

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Every file counts: the limits hold whatever a file is named or used for. */
export function checkTemplateFolder(dir: string, limits = LIMITS): void {
  let files = 0;
  let total = 0;
  walkTemplate(dir, (abs, _rel, stat) => {
    if (stat.size > limits.fileBytes)
      throw new RunError(`${printable(abs)} is ${mib(stat.size)}; a template file may be at most ${mib(limits.fileBytes)}`);
    files += 1;
    total += stat.size;
    if (files > limits.files)
      throw new RunError(`${printable(dir)} has more than ${limits.files} files; a template may have at most ${limits.files}`);
    if (total > limits.totalBytes)
      throw new RunError(`${printable(dir)} is larger than ${mib(limits.totalBytes)}; a template may be at most that`);
  });
}

/**
 * The work one render may do. Partials can double their output at every level and loops can
 * nest, so output is counted as it is produced, not only once a file is done.
 */
export class RenderBudget {
  private steps = 0;
  private bytes = 0;
  constructor(private readonly limits = LIMITS) {}

  /** One partial call or loop iteration that produced `output`. */
  spend(output: string, where: string): string {
    this.steps += 1;
    this.bytes += output.length;
    if (this.steps > this.limits.renderSteps)
      throw new RunError(
        `${printable(where)}: the template does more than ${this.limits.renderSteps} partial calls and loop iterations; a template may do at most that`,
      );
    // every level of nesting counts its output again, so allow the total twice
    if (this.bytes > 2 * this.limits.outputTotalBytes)
      throw new RunError(
        `${printable(where)}: the template renders more than ${mib(this.limits.outputTotalBytes)}; a project may be at most that`,
      );
    return output;
  }

  /** A finished file, and the project so far. */
  file(bytes: number, path: string, totalSoFar: number): void {
    if (bytes > this.limits.outputFileBytes)
      throw new RunError(
        `${printable(path)}: the template renders ${mib(bytes)}; a generated file may be at most ${mib(this.limits.outputFileBytes)}`,
      );
    if (totalSoFar > this.limits.outputTotalBytes)
      throw new RunError(`the template renders more than ${mib(this.limits.outputTotalBytes)}; a project may be at most that`);
  }
}
