import { describe, expect, it } from 'vitest';
import { type NpmHost, npmCommand } from '../../src/project/npm-command.js';

const host = (over: Partial<NpmHost> & { files?: string[] }): NpmHost => ({
  platform: 'linux',
  execPath: '/usr/local/bin/node',
  exists: (p) => (over.files ?? []).includes(p),
  ...over,
});

describe('npmCommand: npm with an argument list, never through a shell', () => {
  it('Windows: runs npm-cli.js beside node.exe on that node (npm.cmd cannot start without a shell)', () => {
    const script = 'C:\\Program Files\\nodejs\\node_modules\\npm\\bin\\npm-cli.js';
    const [cmd, args] = npmCommand(
      ['exec', '--', 'x'],
      host({ platform: 'win32', execPath: 'C:\\Program Files\\nodejs\\node.exe', files: [script] }),
    );
    expect(cmd).toBe('C:\\Program Files\\nodejs\\node.exe');
    expect(args).toEqual([script, 'exec', '--', 'x']);
  });

  it('Windows: the npm that started us comes first; no npm found is a clear error, not npm.cmd', () => {
    const started = 'D:\\tools\\npm\\bin\\npm-cli.js';
    const w = { platform: 'win32' as const, execPath: 'C:\\node\\node.exe' };
    expect(npmCommand(['-v'], host({ ...w, npmExecPath: started, files: [started] }))[1][0]).toBe(started);
    expect(() => npmCommand(['-v'], host(w))).toThrow(/npm's script was not found beside C:\\node\\node\.exe/);
  });

  it('npx sets npm_execpath to its own script: only npm-cli.js is taken', () => {
    const npx = '/opt/npm/bin/npx-cli.js';
    expect(npmCommand(['-v'], host({ npmExecPath: npx, files: [npx] }))).toEqual(['npm', ['-v']]);
  });

  it('Linux and macOS: npm beside node (nvm, the official tarball), else npm on PATH', () => {
    const beside = '/usr/local/lib/node_modules/npm/bin/npm-cli.js';
    expect(npmCommand(['-v'], host({ files: [beside] }))).toEqual(['/usr/local/bin/node', [beside, '-v']]);
    expect(npmCommand(['-v'], host({ platform: 'darwin' }))).toEqual(['npm', ['-v']]);
  });
});
