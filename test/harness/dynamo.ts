// A local DynamoDB-compatible server for the dynamodb template: dynalite (npm devDependency,
// in memory, pure JavaScript), so the function makes real GetItem / PutItem calls over HTTP.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Unavailable } from './errors.js';
import { background, freePort, waitFor } from './exec.js';
import { REPO_ROOT } from './paths.js';

/** Dummy credentials and region: the SDK signs requests, dynalite does not check them. */
export const DUMMY_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
  AWS_SECRET_ACCESS_KEY: 'local-secret',
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

export interface LocalDynamo {
  endpoint: string;
  /** dynalite's version, for reports */
  version: string;
  stop(): Promise<void>;
}

/** dynalite's cli.js: from this checkout's node_modules, or DYNALITE_DIR/node_modules. */
function dynaliteCli(): string {
  const bases = [process.env.DYNALITE_DIR, REPO_ROOT].filter((d): d is string => !!d);
  for (const base of bases) {
    try {
      const cli = join(dirname(createRequire(join(base, 'package.json')).resolve('dynalite/package.json')), 'cli.js');
      if (existsSync(cli)) return cli;
    } catch {
      // try the next place
    }
  }
  throw new Unavailable('dynalite is not installed: it is a devDependency, run `npm ci` (or set DYNALITE_DIR)');
}

/** Calls the DynamoDB JSON API directly (dynalite needs the auth headers present, not valid). */
export async function dynamoCall(endpoint: string, action: string, body: object): Promise<unknown> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${action}`,
      'x-amz-date': '20250101T000000Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${action} failed (${res.status}): ${text}`);
  return JSON.parse(text);
}

/** Starts dynalite in memory on a free port, tables ACTIVE at once; resolves when it answers. */
export async function startDynalite(): Promise<LocalDynamo> {
  const cli = dynaliteCli();
  const port = await freePort();
  const server = background(process.execPath, [cli, '--port', String(port), '--createTableMs', '0', '--deleteTableMs', '0']);
  const endpoint = `http://127.0.0.1:${port}`;
  const answers = async () => {
    if (server.child.exitCode !== null) throw new Error(`dynalite exited (${server.child.exitCode})`);
    return dynamoCall(endpoint, 'ListTables', {}).then(
      () => true,
      () => false,
    );
  };
  try {
    await waitFor(`dynalite on port ${port}`, answers, 20_000, 100);
  } catch (err) {
    await server.stop('SIGKILL');
    throw new Error(`${(err as Error).message}\n${server.output()}`);
  }
  const { version } = JSON.parse(readFileSync(join(dirname(cli), 'package.json'), 'utf8')) as { version: string };
  return { endpoint, version, stop: () => server.stop() };
}

/** Creates a table with a String partition key (`id` unless told), on demand, and waits for ACTIVE. */
export async function createTable(endpoint: string, tableName: string, partitionKey = 'id'): Promise<void> {
  await dynamoCall(endpoint, 'CreateTable', {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await waitFor(
    `table ${tableName} ACTIVE`,
    async () =>
      ((await dynamoCall(endpoint, 'DescribeTable', { TableName: tableName })) as { Table?: { TableStatus?: string } }).Table
        ?.TableStatus === 'ACTIVE',
    10_000,
  );
}
