// What a run of the CLI gets from the outside world; tests pass their own.
import type { Prompter } from './prompter.js';

export interface Io {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  interactive: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  prompter: () => Promise<Prompter>;
  /** aborted on Ctrl-C (SIGINT) or SIGTERM: a git fetch, the writer and the pipeline stop and clean up */
  signal?: AbortSignal;
}
