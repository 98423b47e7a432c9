// The project model: what made a project and what its IaC is rendered from. A new project is
// one function named after the project; `add` appends functions. It is stored at the project's
// root in rust-lambda.toml (project/project-file.ts).
import type { Answers, VarValue } from './answers.js';
import type { Arch } from './arch.js';

export interface ProjectFunction {
  /** crate, binary and (with --iac none) Lambda function name; the folder functions/<name>/ */
  name: string;
  /** the --template value it was made from: a built-in id, a folder or a git source */
  template: string;
  memory: number;
  timeout: number;
  vars: Record<string, VarValue>;
}

export interface Project {
  /** the create-rust-lambda version that rendered the files (the base of a later `add` or `upgrade`) */
  version: string;
  /** the stack's name, and the name every stack-wide identifier derives from */
  name: string;
  iac: string;
  arch: Arch;
  region: string;
  functions: ProjectFunction[];
}

/** The folder of a function's crate, relative to the project root. */
export const functionDir = (name: string) => `functions/${name}`;

export function projectFromAnswers(answers: Answers, version: string): Project {
  const { name, template, memory, timeout, vars, iac, arch, region } = answers;
  return { version, name, iac, arch, region, functions: [{ name, template, memory, timeout, vars }] };
}
