// Runs README blocks literally, as a newcomer pastes them: each block in a fresh terminal (a
// pseudo-terminal, so an install prompt or a pager hangs here as it would there) with a clean
// shell (sandbox.ts). A block whose last command starts a server (the emulator, a local
// DynamoDB) runs in the background, the way the README's "in a second terminal" means it, and
// the next block waits until its port answers. Each command's output is compared with the
// expectation its comment writes (expect.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Background, background, type Env, plain, portOpen, run, waitFor } from '../exec.js';
import { mismatch } from './expect.js';
import type { Block, Command } from './parse.js';

const MINUTE = 60_000;
const SCRIPT = '/usr/bin/script';

/** Commands that keep running: started in the background, then waited for until they serve a port or print a line. */
export const SERVERS: { command: RegExp; ready: { port: (text: string) => number } | { prints: RegExp } }[] = [
  { command: /\bcargo lambda watch\b/, ready: { port: (text) => Number(/(?:--invoke-port|-P)[ =](\d+)/.exec(text)?.[1] ?? 9000) } },
  { command: /\bdynalite\b/, ready: { port: (text) => Number(/--port[ =](\d+)/.exec(text)?.[1] ?? 4567) } },
  { command: /\bs3rver\b/, ready: { port: (text) => Number(/--port[ =](\d+)/.exec(text)?.[1] ?? 4568) } },
  // an extension: it runs until SHUTDOWN
  { command: /\bAWS_LAMBDA_RUNTIME_API=\S+ cargo run\b/, ready: { prints: /extension registered/ } },
];

export interface BlockResult {
  block: Block;
  /** per command: what it printed (ANSI stripped) */
  outputs: string[];
}

/** Marks the end of a command's output in the terminal: record separator, index, exit status. */
const MARK = '\x1ecrl';
const markLine = (i: number) => `__s=$?; printf '\\n${MARK} %d %d\\n' ${i} "$__s"; [ "$__s" = 0 ] || exit "$__s"`;
/** The same for a command that must fail (`# error: …`): its failure goes on, its success stops the block. */
const SUCCEEDED = 86;
const markFailure = (i: number) => `__s=$?; printf '\\n${MARK} %d %d\\n' ${i} "$__s"; [ "$__s" != 0 ] || exit ${SUCCEEDED}`;

/** The block as a script; it first records its process group (the terminal's session), so stop() reaches every process in it. */
function scriptOf(commands: Command[], pidFile: string): string {
  return `echo $$ > ${pidFile}\n${commands.map((c, i) => `${c.text}\n${c.expect?.error !== undefined ? markFailure(i) : markLine(i)}`).join('\n')}\n`;
}

/** Splits terminal output at the marks: outputs[i] is what command i printed. */
export function splitOutputs(output: string): { outputs: string[]; statuses: number[] } {
  const outputs: string[] = [];
  const statuses: number[] = [];
  let rest = plain(output).replace(/\r/g, '');
  for (;;) {
    const at = rest.indexOf(MARK);
    if (at < 0) break;
    outputs.push(rest.slice(0, at).trim());
    const end = rest.indexOf('\n', at);
    const [, , status] = rest.slice(at, end < 0 ? undefined : end).split(' ');
    statuses.push(Number(status));
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  outputs.push(rest.trim());
  return { outputs, statuses };
}

function terminal(file: string): [string, string[]] {
  return [SCRIPT, ['-q', '-e', '-c', `exec bash --noprofile --norc ${file}`, '/dev/null']];
}

export interface RunnerOptions {
  dir: string;
  env: Env;
  /** folder for the block scripts */
  scratch: string;
  /** a foreground block's limit (the first one compiles) */
  blockTimeoutMs?: number;
}

export class ReadmeRunner {
  private readonly servers: Background[] = [];
  private readonly sessions: string[] = [];
  private count = 0;
  constructor(private readonly options: RunnerOptions) {}

  private write(block: Block): string {
    const file = join(this.options.scratch, `block-${++this.count}.sh`);
    const pidFile = `${file}.pid`;
    this.sessions.push(pidFile);
    writeFileSync(file, scriptOf(block.commands, pidFile));
    return file;
  }

  /** Ends every process a block started: `script` gives each block its own session, out of reach of its own group. */
  private killSessions(signal: NodeJS.Signals): void {
    for (const file of this.sessions) {
      const pid = existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : 0;
      try {
        if (pid > 0) process.kill(-pid, signal);
      } catch {
        // already gone
      }
    }
  }

  /** Starts a server block and waits until it is ready; fails when its port is taken before it starts. */
  async serve(block: Block): Promise<string> {
    const last = block.commands.at(-1) as Command;
    const server = SERVERS.find((s) => s.command.test(last.text));
    if (!server) throw new Error(`README line ${last.line}: not a server command: ${last.text}`);
    const { ready } = server;
    const port = 'port' in ready ? ready.port(last.text) : undefined;
    if (port !== undefined && (await portOpen(port))) {
      throw new Error(`port ${port} is in use before \`${last.text}\` starts; stop whatever serves it`);
    }
    const [cmd, args] = terminal(this.write(block));
    const proc = background(cmd, args, { cwd: this.options.dir, env: this.options.env, inheritEnv: false });
    this.servers.push(proc);
    const what = 'port' in ready ? `port ${port}` : `a line matching ${ready.prints}`;
    const isReady = async () => ('port' in ready ? portOpen(port as number) : ready.prints.test(plain(proc.output())));
    // the first start may compile
    await waitFor(
      `\`${last.text}\` to serve ${what}`,
      async () => {
        if (proc.child.exitCode !== null) throw new Error(`\`${last.text}\` exited: ${plain(proc.output()).slice(-2000)}`);
        return isReady();
      },
      20 * MINUTE,
    );
    return `${last.text.split('\n')[0]} → ${what}`;
  }

  /** Runs a block to its end and checks every expectation in it. */
  async run(block: Block): Promise<BlockResult> {
    const [cmd, args] = terminal(this.write(block));
    const { stdout, code } = await run(cmd, args, {
      cwd: this.options.dir,
      env: this.options.env,
      inheritEnv: false,
      allowFailure: true,
      timeoutMs: this.options.blockTimeoutMs ?? 25 * MINUTE,
    }).catch((err: Error) => {
      throw new Error(`README line ${block.line}: ${err.message.split('\n')[0]} (waiting for input, or hung?)\n${this.serverOutput()}`);
    });
    const { outputs, statuses } = splitOutputs(stdout);
    if (code !== 0) {
      const last = statuses.length - 1;
      if (statuses[last] === 0 && block.commands[last]?.expect?.error !== undefined) {
        const c = block.commands[last];
        throw new Error(
          `README line ${c?.line}: \`${c?.text}\` # ${c?.expect?.source}\n  succeeded, but must fail\n${this.serverOutput()}`,
        );
      }
      const i = statuses.length;
      const failed = block.commands[i];
      throw new Error(
        `README line ${failed?.line ?? block.line}: \`${failed?.text ?? '?'}\` exited ${code}:\n${(outputs[i] ?? '').slice(-2500)}\n${this.serverOutput()}`,
      );
    }
    block.commands.forEach((c, i) => {
      if (!c.expect) return;
      const why = mismatch(c.expect, outputs[i] ?? '');
      if (why) throw new Error(`README line ${c.line}: \`${c.text}\` # ${c.expect.source}\n  ${why}\n${this.serverOutput()}`);
    });
    return { block, outputs: outputs.slice(0, block.commands.length) };
  }

  private serverOutput(): string {
    return this.servers.map((s, i) => `--- background ${i + 1} (tail)\n${plain(s.output()).slice(-1500)}`).join('\n');
  }

  async stop(): Promise<void> {
    this.killSessions('SIGTERM');
    await Promise.all(this.servers.map((s) => s.stop()));
    await new Promise((r) => setTimeout(r, 1000));
    this.killSessions('SIGKILL');
  }
}

/** Whether a block starts a server (its last command is one). */
export const isServerBlock = (block: Block): boolean => SERVERS.some((s) => s.command.test(block.commands.at(-1)?.text ?? ''));
