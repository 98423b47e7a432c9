// The shapes every layer shares: what a run decided (Answers) and how it behaves (Behaviour).
// A leaf module, so options.ts, the steps and the template view all import it without cycles.
import type { Arch } from './arch.js';

export type VarValue = string | number | boolean;

/** The choices that shape the generated project. */
export interface Answers {
  directory: string;
  name: string;
  template: string;
  iac: string;
  arch: Arch;
  memory: number;
  timeout: number;
  region: string;
  git: boolean;
  /** the template's own variables (declared in its template.json), set with --var or asked */
  vars: Record<string, VarValue>;
}

/** Flags that change how the CLI behaves, not what it generates. */
export interface Behaviour {
  yes: boolean;
  force: boolean;
  dryRun: boolean;
  list: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
}
