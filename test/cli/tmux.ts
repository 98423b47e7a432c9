// Drive the CLI through a real pseudo-terminal with tmux, as a person at a keyboard would. Each
// session has a tmux server of its own (`-L`): on one shared server, a session started while the
// server was exiting after the last one ended failed with "server exited unexpectedly".
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const tmux = (...args: string[]) => spawnSync('tmux', args, { encoding: 'utf8' });

export const hasTmux = () => tmux('-V').status === 0;

export class TerminalSession {
  constructor(
    readonly name: string,
    /** the session's server socket, removed with it (tmux leaves it behind) */
    private readonly socket: string,
  ) {}

  static start(name: string, command: string, cwd: string, env: Record<string, string>): TerminalSession {
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}';`)
      .join(' ');
    const script = `${exports} ${command}; echo "EXIT=$?"; sleep 120`;
    const r = tmux('-L', name, 'new-session', '-d', '-s', name, '-x', '120', '-y', '50', '-c', cwd, 'bash', '-c', script);
    if (r.status !== 0) throw new Error(`tmux could not start: ${r.stderr}`);
    return new TerminalSession(name, tmux('-L', name, 'display-message', '-p', '#{socket_path}').stdout.trim());
  }

  screen(): string {
    return tmux('-L', this.name, 'capture-pane', '-p', '-t', this.name, '-S', '-200').stdout;
  }

  keys(...keys: string[]): void {
    tmux('-L', this.name, 'send-keys', '-t', this.name, ...keys);
  }

  type(text: string): void {
    tmux('-L', this.name, 'send-keys', '-t', this.name, '-l', text);
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stop(): void {
    tmux('-L', this.name, 'kill-server');
    if (this.socket !== '') rmSync(this.socket, { force: true });
  }
}
