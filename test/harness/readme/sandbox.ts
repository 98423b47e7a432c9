// A clean shell with only what a README lists under Prerequisites: a folder of links to those
// tools (and the few commands every terminal has) is the whole PATH, HOME is empty, and no
// variable of ours leaks in. A command the README uses but does not list fails with
// "command not found", as it would for a newcomer.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../exec.js';
import { findTool } from '../toolchain.js';

/** What a prerequisite line names, and the commands it brings. */
export const PREREQUISITE_TOOLS: { names: RegExp; tools: string[] }[] = [
  // rustup's install brings cargo and rustc; building needs the C toolchain rustup asks for
  {
    names: /\[Rust\]/,
    tools: ['cargo', 'rustc', 'rustup', 'rustfmt', 'cargo-fmt', 'cargo-clippy', 'clippy-driver', 'cc', 'gcc', 'ld', 'as'],
  },
  { names: /\[cargo lambda\]/, tools: ['cargo-lambda', 'zig'] },
  { names: /\[Node\.js\]/, tools: ['node', 'npm', 'npx'] },
  { names: /\[AWS CLI\]/, tools: ['aws'] },
  { names: /\[AWS SAM CLI\]/, tools: ['sam'] },
  { names: /\[Terraform\]/, tools: ['terraform'] },
  { names: /\bPython 3\b/, tools: ['python3'] },
];

/** What any terminal has without installing anything. */
export const BASE_TOOLS = [
  'sh',
  'bash',
  'env',
  'cat',
  'ls',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'grep',
  'sed',
  'head',
  'tail',
  'tr',
  'sleep',
  'curl',
  'uname',
  'dirname',
  'basename',
  'id',
  'tee',
  'touch',
  'sort',
  'date',
  'readlink',
  'mktemp',
  'chmod',
  'which',
];

/**
 * The machine's network setup, which a newcomer's terminal has too: where its trusted
 * certificates are (a registry behind a TLS-inspecting proxy is reached only with them) and its
 * proxy. Not ours: passed on as the machine sets them, when it does.
 */
export const MACHINE_NETWORK_VARS = [
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'CURL_CA_BUNDLE',
  'REQUESTS_CA_BUNDLE',
  'PIP_CERT',
  'AWS_CA_BUNDLE',
  'GIT_SSL_CAINFO',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

/** The tools the Prerequisites section of `markdown` lists, and the lines it could not read. */
export function listedTools(markdown: string): { tools: string[]; unknown: string[] } {
  const section = /^## Prerequisites\n([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  const items = section.split('\n').filter((l) => l.startsWith('- '));
  const tools = new Set<string>();
  const unknown: string[] = [];
  for (const item of items) {
    const rows = PREREQUISITE_TOOLS.filter((row) => row.names.test(item));
    if (rows.length === 0 && !/AWS account/.test(item)) unknown.push(item);
    for (const row of rows) for (const tool of row.tools) tools.add(tool);
  }
  return { tools: [...tools], unknown };
}

export interface Sandbox {
  env: Env;
  /** tools listed but not found on this machine */
  missing: string[];
  cleanup(): void;
}

/**
 * A PATH folder with links to `tools` (found on this process's PATH) and the base commands,
 * a fresh HOME, the machine's network setup, and `extra` (the test's shared cargo target folder and caches).
 */
export function sandbox(tools: string[], extra: Env): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'crl-readme-'));
  const bin = join(root, 'bin');
  const home = join(root, 'home');
  mkdirSync(bin);
  mkdirSync(home);
  const missing: string[] = [];
  for (const tool of [...BASE_TOOLS, ...tools]) {
    const found = findTool(tool);
    if (found.path) symlinkSync(found.path, join(bin, tool));
    else missing.push(tool);
  }
  const env: Env = {
    PATH: bin,
    HOME: home,
    LANG: 'C.UTF-8',
    TERM: 'xterm',
    USER: process.env.USER ?? 'root',
    // rustup and cargo keep their installs in the real home
    RUSTUP_HOME: process.env.RUSTUP_HOME ?? join(process.env.HOME ?? '/root', '.rustup'),
    CARGO_HOME: process.env.CARGO_HOME ?? join(process.env.HOME ?? '/root', '.cargo'),
    ...Object.fromEntries(MACHINE_NETWORK_VARS.filter((v) => process.env[v] !== undefined).map((v) => [v, process.env[v]])),
    ...extra,
  };
  return { env, missing, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
