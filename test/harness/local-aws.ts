// The local AWS the deploy rows deploy to: MiniStack (PyPI `ministack`, the version `doctor`
// advises: src/tool-pins.json), one server per deploy on 127.0.0.1 with a free port and a
// scratch folder of its own. It runs every function's bootstrap as its own child process, and a
// warm one outlives the server's main process: the server gets a process group of its own and
// stop() ends the whole group, whatever state the main process is in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { background, type Env, freePort, waitFor } from './exec.js';
import { findTool } from './toolchain.js';

export const LOCAL_AWS_REGION = 'us-east-1';
const EMULATOR_GAPS = join(dirname(fileURLToPath(import.meta.url)), 'local-aws-gaps');

export interface LocalAws {
  port: number;
  endpoint: string;
  /** what an AWS client (CLI, SDK, Terraform, CDK, SAM, cargo lambda) needs to talk to it, and nothing else */
  env: Env;
  /** the server's recent log */
  output(): string;
  stop(): Promise<void>;
}

/** The client side: endpoint, dummy credentials, region; no profile or session token of the machine. */
function clientEnv(endpoint: string): Env {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_REGION: LOCAL_AWS_REGION,
    AWS_DEFAULT_REGION: LOCAL_AWS_REGION,
    AWS_PAGER: '',
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/** Starts a MiniStack server and waits until it says it is ready. */
export async function startLocalAws(): Promise<LocalAws> {
  const tool = findTool('ministack');
  if (!tool.path) throw new Error(`ministack is not installed (npm run toolchains): ${tool.reason}`);
  const port = await freePort();
  const scratch = mkdtempSync(join(tmpdir(), 'crl-local-aws-'));
  const endpoint = `http://127.0.0.1:${port}`;
  const server = background(tool.path, [], {
    cwd: scratch,
    env: {
      GATEWAY_PORT: String(port),
      BIND_HOST: '127.0.0.1',
      // its log file, the functions' unpacked code and S3's objects stay in the scratch folder
      TMPDIR: scratch,
      S3_DATA_DIR: join(scratch, 's3'),
      LOG_LEVEL: 'WARNING',
      // what this MiniStack lacks, given by the harness (local-aws-gaps/sitecustomize.py)
      PYTHONPATH: EMULATOR_GAPS,
      // the endpoint it gives the functions it runs (from its own environment): without it their
      // SDK calls go to AWS; an IP, so they call S3 by path, not at a bucket's host name
      AWS_ENDPOINT_URL: endpoint,
    },
  });
  const pid = server.child.pid;
  const stop = async () => {
    if (pid !== undefined) {
      killGroup(pid, 'SIGTERM');
      await Promise.race([server.exited, new Promise((r) => setTimeout(r, 3_000))]);
      killGroup(pid, 'SIGKILL');
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await waitFor(
      `ministack on port ${port} to be ready`,
      async () => {
        if (server.child.exitCode !== null) throw new Error(`ministack exited: ${server.output().slice(-1500)}`);
        const answer = await fetch(`${endpoint}/_ministack/ready`).catch(() => undefined);
        return answer?.ok === true;
      },
      60_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, endpoint, env: clientEnv(endpoint), output: server.output, stop };
}

/**
 * The emulator's address of `route` (a path with its query) under a base URL a stack outputs:
 * API Gateway by its path form (`/_aws/execute-api/<id>/<stage>/…`, `$default` when the URL names
 * no stage), a function URL or a load balancer by its AWS host name, which the emulator routes
 * by the Host header.
 */
export function emulatorAddress(baseUrl: string, route: string, port: number): { url: string; host?: string } {
  // not `new URL`: the emulator's own API hosts (`<id>.execute-api.127.0.0.1:<port>`) end like an
  // IPv4 address, which WHATWG URLs refuse
  const parts = /^[a-z]+:\/\/([^/?#]+)([^?#]*)/i.exec(baseUrl);
  if (!parts) throw new Error(`not a URL: ${baseUrl}`);
  const host = parts[1] as string;
  const stage = (parts[2] as string).replace(/^\/+|\/+$/g, '');
  const local = `http://127.0.0.1:${port}`;
  const api = /^([a-z0-9]+)\.execute-api\./.exec(host);
  if (api) return { url: `${local}/_aws/execute-api/${api[1]}/${stage || '$default'}${route}` };
  return { url: `${local}${stage ? `/${stage}` : ''}${route}`, host: host.replace(/:\d+$/, '') };
}
