// The local services the functions of a project talk to while their cases run (DynamoDB tables in
// one dynalite, S3 buckets in one s3rver), and the environment that points the functions at them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bucketName } from '../../../src/kinds/bucket.js';
import { tableName } from '../../../src/kinds/table.js';
import { createTable, DUMMY_AWS_ENV, type LocalDynamo, startDynalite } from '../../harness/dynamo.js';
import type { Env } from '../../harness/exec.js';
import { createBucket, type LocalS3, putObject, S3RVER_AWS_ENV, startS3rver } from '../../harness/s3.js';
import type { TemplateCase } from '../cases/templates.js';

export interface Services {
  env: Env;
  /** what was started, for the matrix */
  detail: string;
  stop(): Promise<void>;
}

/** A function of a project: its name, its template's cases and its crate's folder. */
export interface ServedFunction {
  name: string;
  t: TemplateCase;
  /** functions/<name>/ of the generated project (a bucket's objects come from its events/) */
  dir: string;
}

/**
 * Starts what the functions need (one server of each kind for all of them); nothing when none
 * needs anything. A function's table is the one its Cargo.toml names for `cargo lambda watch`
 * ([package.metadata.lambda.env], which watch applies over the environment): `<function>-items`.
 * A function's bucket is `<function>-uploads`, the one its sample events name, with the objects
 * its case lists put in it first.
 */
export async function startServices(functions: readonly ServedFunction[]): Promise<Services> {
  const tables = functions.flatMap(({ name, t }) => (t.table ? [{ env: t.table.env, name: tableName(name) }] : []));
  const buckets = functions.flatMap(({ name, t, dir }) => (t.bucket ? [{ name: bucketName(name), dir, objects: t.bucket.objects }] : []));
  if (tables.length === 0 && buckets.length === 0) return { env: {}, detail: '', stop: async () => undefined };
  let dynamo: LocalDynamo | undefined;
  let s3: LocalS3 | undefined;
  const stop = async () => {
    await dynamo?.stop();
    await s3?.stop();
  };
  const env: Env = {};
  const detail: string[] = [];
  try {
    if (tables.length > 0) {
      dynamo = await startDynalite();
      for (const table of tables) await createTable(dynamo.endpoint, table.name);
      // the variable too, for a binary run outside watch (one table function per run there)
      Object.assign(env, DUMMY_AWS_ENV, Object.fromEntries(tables.map((t) => [t.env, t.name])), { AWS_ENDPOINT_URL: dynamo.endpoint });
      detail.push(
        `dynalite ${dynamo.version} at ${dynamo.endpoint}, ${plural(tables.length, 'table')} ${tables.map((t) => t.name).join(', ')}`,
      );
    }
    if (buckets.length > 0) {
      s3 = await startS3rver();
      for (const bucket of buckets) {
        await createBucket(s3.endpoint, bucket.name);
        for (const o of bucket.objects) {
          await putObject(s3.endpoint, bucket.name, o.key, readFileSync(join(bucket.dir, 'events', o.file)), o.contentType);
        }
      }
      // s3rver checks signatures against its one key pair; dynalite accepts any, so these serve both
      Object.assign(env, S3RVER_AWS_ENV, { AWS_ENDPOINT_URL_S3: s3.endpoint });
      detail.push(`s3rver at ${s3.endpoint}, ${plural(buckets.length, 'bucket')} ${buckets.map((b) => b.name).join(', ')}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { env, detail: detail.join('; '), stop };
}

const plural = (n: number, word: string) => (n === 1 ? word : `${word}s`);
