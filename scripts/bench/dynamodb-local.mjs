// dynalite (in-memory DynamoDB-compatible server from npm) for the dynamodb template, so its
// invocations make real GetItem / PutItem calls over HTTP.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export const DUMMY_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
  AWS_SECRET_ACCESS_KEY: 'local-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
};

function dynaliteCli(root) {
  const candidates = [join(root, 'package.json')];
  if (process.env.DYNALITE_DIR) candidates.unshift(join(process.env.DYNALITE_DIR, 'package.json'));
  for (const base of candidates) {
    try {
      const pkg = createRequire(base).resolve('dynalite/package.json');
      const cli = join(dirname(pkg), 'cli.js');
      if (existsSync(cli)) return cli;
    } catch {
      // try the next place
    }
  }
  return null;
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Calls the DynamoDB JSON API directly (dynalite needs the auth headers present, not valid). */
export async function dynamoCall(endpoint, action, body) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${action}`,
      'x-amz-date': '20250101T000000Z',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${action} failed (${res.status}): ${text}`);
  return JSON.parse(text);
}

/** Starts dynalite with `tableName` (partition key `id`) created; null when dynalite is not installed. */
export async function startDynalite(root, tableName) {
  const cli = dynaliteCli(root);
  if (!cli) return null;
  const port = await freePort();
  const child = spawn(process.execPath, [cli, '--port', String(port), '--createTableMs', '0', '--deleteTableMs', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      await dynamoCall(endpoint, 'ListTables', {});
      break;
    } catch (err) {
      if (Date.now() > deadline || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`dynalite did not start: ${err.message}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await dynamoCall(endpoint, 'CreateTable', {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  return {
    endpoint,
    version: JSON.parse(readFileSync(join(dirname(cli), 'package.json'), 'utf8')).version,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
