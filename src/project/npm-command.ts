// How to start npm with an argument list and no shell, on every system. On Windows `npm` is a
// batch file (npm.cmd) that Node will not start without a shell (since the fix for CVE-2024-27980
// spawning it throws EINVAL), and a shell would read the arguments. npm is a Node program, so it
// runs on this Node from its own script: the one that started us (npm_execpath), or the one Node's
// installers put beside it.
import { existsSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { RunError } from '../errors.js';

export interface NpmHost {
  platform: NodeJS.Platform;
  execPath: string;
  /** npm sets it to its own script for the scripts and `npm exec` runs it starts */
  npmExecPath?: string;
  exists(path: string): boolean;
}

const thisHost = (): NpmHost => ({
  platform: process.platform,
  execPath: process.execPath,
  npmExecPath: process.env.npm_execpath,
  exists: existsSync,
});

/** npm's own script, by where Node's installers put it next to the node binary. */
const BESIDE_NODE: Record<'win32' | 'posix', (nodeDir: string) => string> = {
  win32: (dir) => win32.join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  posix: (dir) => posix.join(dir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
};

/** The command and arguments that run `npm <args>` without a shell. */
export function npmCommand(args: string[], host: NpmHost = thisHost()): [string, string[]] {
  const windows = host.platform === 'win32';
  const path = windows ? win32 : posix;
  const candidates = [
    host.npmExecPath && /^npm-cli\.[cm]?js$/i.test(path.basename(host.npmExecPath)) ? host.npmExecPath : undefined,
    BESIDE_NODE[windows ? 'win32' : 'posix'](path.dirname(host.execPath)),
  ];
  const script = candidates.find((c): c is string => c !== undefined && host.exists(c));
  if (script) return [host.execPath, [script, ...args]];
  // elsewhere npm is a program on PATH; on Windows a bare `npm` is found only as npm.cmd, which needs a shell
  if (!windows) return ['npm', args];
  throw new RunError(`npm's script was not found beside ${host.execPath} (node_modules\\npm\\bin\\npm-cli.js)`);
}
