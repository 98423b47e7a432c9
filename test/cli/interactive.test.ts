import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { toolOrSkip } from '../harness/require-tool.js';
import { BIN } from './run-cli.js';
import { hasTmux, TerminalSession } from './tmux.js';

let work: string;
let session: TerminalSession | undefined;
let env: Record<string, string>;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'crl-tty-'));
  await writeFile(join(work, '.gitconfig'), '[user]\n\tname = Test\n\temail = test@example.com\n');
  env = {
    HOME: work,
    GIT_CONFIG_GLOBAL: join(work, '.gitconfig'),
    GIT_CONFIG_NOSYSTEM: '1',
    TERM: 'xterm-256color',
    npm_config_user_agent: 'npm/11.0.0 node/v20',
  };
});
afterEach(async () => {
  session?.stop();
  await rm(work, { recursive: true, force: true });
});

const ENTER = 'Enter';
const start = (args: string) => {
  session = TerminalSession.start(`crl-${process.pid}-${Date.now()}`, `node ${BIN} ${args}`, work, env);
  return session;
};

const tmux = toolOrSkip('tmux', hasTmux(), 'tmux not found; scripts/install-toolchains.sh (npm run toolchains) installs it with apt-get');

tmux.describe('interactive flow in a real terminal (tmux)', () => {
  it('asks each missing choice, writes the project and prints the command for next time', async () => {
    const t = start('');
    await t.waitFor(/Where should the project be created\?/);
    t.type('orders-api'); // the default is a placeholder: nothing to clear first
    t.keys(ENTER);
    await t.waitFor(/Which function template\? First, what kind\?/);
    t.keys(ENTER); // HTTP APIs and endpoints (the default's group)
    await t.waitFor(/DynamoDB HTTP API/); // the group's templates, by title
    t.keys('Down', ENTER); // dynamodb
    await t.waitFor(/Which infrastructure as code\?/);
    t.keys('Down', 'Down', ENTER); // terraform
    await t.waitFor(/Which architecture\?/);
    t.keys(ENTER); // arm64
    await t.waitFor(/Initialise a git repository\?/);
    t.keys(ENTER); // yes
    const screen = await t.waitFor(/EXIT=\d+/);
    expect(screen).toContain('EXIT=0');
    expect(screen).toContain('npm create rust-lambda@latest orders-api -- --template dynamodb --iac terraform --arch arm64 --git');
    expect((await readdir(work)).sort()).toEqual(['.gitconfig', 'orders-api']);
    expect(existsSync(join(work, 'orders-api', 'Cargo.toml'))).toBe(true);
    expect(existsSync(join(work, 'orders-api', '.git'))).toBe(true);
  });

  it('shows the default directory as a placeholder and takes it on an empty answer', async () => {
    const t = start('--template http --iac none --arch x86_64 --no-git');
    const prompt = await t.waitFor(/Where should the project be created\?/);
    expect(prompt).toContain('my-rust-lambda');
    t.keys(ENTER);
    const screen = await t.waitFor(/EXIT=\d+/);
    expect(screen).toContain('EXIT=0');
    expect(screen).toContain('npm create rust-lambda@latest my-rust-lambda -- --template http --iac none --arch x86_64 --no-git');
    expect((await readdir(work)).sort()).toEqual(['.gitconfig', 'my-rust-lambda']);
    expect(existsSync(join(work, 'my-rust-lambda', 'Cargo.toml'))).toBe(true);
  });

  it('Ctrl-C at a prompt says cancelled, exits 130 and leaves nothing', async () => {
    const before = await readdir(work);
    const t = start('cancelled-proj --template http');
    await t.waitFor(/Which infrastructure as code\?/);
    t.keys('C-c');
    const screen = await t.waitFor(/EXIT=\d+/);
    expect(screen).toMatch(/cancelled/i);
    expect(screen).toContain('EXIT=130');
    expect(await readdir(work)).toEqual(before);
  });

  it('asks before using a non-empty directory, and a "no" leaves it untouched', async () => {
    await writeFile(join(work, 'keep.txt'), 'mine');
    const t = start('. --name keep-fn --template http --iac none --arch x86_64 --no-git');
    await t.waitFor(/is not empty/);
    t.keys(ENTER); // default is No
    const screen = await t.waitFor(/EXIT=\d+/);
    expect(screen).toContain('EXIT=1');
    expect((await readdir(work)).sort()).toEqual(['.gitconfig', 'keep.txt']);
  });
});
