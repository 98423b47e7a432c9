// A local DynamoDB-compatible server for the dynamodb template's invoke checks: dynalite
// (npm devDependency, in-memory, pure JavaScript), started and stopped by the test itself.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { background, freePort, portOpen, waitFor, type Background } from './exec.js';
import { Unavailable } from './matrix.js';
import { REPO_ROOT } from './generate.js';
// @ts-expect-error plain ESM module without types: the DynamoDB JSON API client, shared with the benchmark
import { dynamoCall as untypedDynamoCall } from '../../../scripts/bench/dynamodb-local.mjs';

/** Calls the DynamoDB JSON API directly (dynalite needs the auth headers present, not valid). */
const dynamoCall = untypedDynamoCall as (endpoint: string, action: string, body: object) => Promise<unknown>;

export interface LocalDynamo {
  endpoint: string;
  server: Background;
  stop(): Promise<void>;
}

/** Dummy credentials and region: the SDK signs requests, dynalite does not check them. */
export const DUMMY_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
  AWS_SECRET_ACCESS_KEY: 'local-secret',
  AWS_SESSION_TOKEN: undefined,
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_PROFILE: undefined,
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

function dynaliteCli(): string {
  const require = createRequire(join(REPO_ROOT, 'package.json'));
  let pkg: string;
  try {
    pkg = require.resolve('dynalite/package.json');
  } catch {
    throw new Unavailable('dynalite is not installed: add it to devDependencies and run `npm install`');
  }
  const cli = join(dirname(pkg), 'cli.js');
  if (!existsSync(cli)) throw new Unavailable(`dynalite CLI not found at ${cli}`);
  return cli;
}

export async function startDynalite(): Promise<LocalDynamo> {
  const cli = dynaliteCli();
  const port = await freePort();
  // in memory (no --path), tables ACTIVE immediately
  const server = background(process.execPath, [cli, '--port', String(port), '--createTableMs', '0', '--deleteTableMs', '0']);
  try {
    await waitFor(`dynalite on port ${port}`, () => portOpen(port), 20_000);
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\n${server.output()}`);
  }
  return { endpoint: `http://127.0.0.1:${port}`, server, stop: () => server.stop() };
}

/** Creates the table the template expects: partition key `id` (String), on demand. */
export async function createTable(endpoint: string, tableName: string, partitionKey = 'id'): Promise<void> {
  await dynamoCall(endpoint, 'CreateTable', {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  await waitFor(
    `table ${tableName} ACTIVE`,
    async () => {
      const out = (await dynamoCall(endpoint, 'DescribeTable', { TableName: tableName })) as {
        Table?: { TableStatus?: string };
      };
      return out.Table?.TableStatus === 'ACTIVE';
    },
    10_000,
  );
}
