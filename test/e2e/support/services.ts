// The local services the functions of a project talk to while their cases run (today: DynamoDB
// tables in one dynalite), and the environment that points the functions at them.

import { tableName } from '../../../src/names.js';
import { createTable, DUMMY_AWS_ENV, startDynalite } from '../../harness/dynamo.js';
import type { Env } from '../../harness/exec.js';
import type { TemplateCase } from '../cases/templates.js';

export interface Services {
  env: Env;
  /** what was started, for the matrix */
  detail: string;
  stop(): Promise<void>;
}

/** A function of a project: its name and its template's cases. */
export interface ServedFunction {
  name: string;
  t: TemplateCase;
}

/**
 * Starts what the functions need (one server for all of them); nothing when none needs anything.
 * A function's table is the one its Cargo.toml names for `cargo lambda watch`
 * ([package.metadata.lambda.env], which watch applies over the environment): `<function>-items`.
 */
export async function startServices(functions: readonly ServedFunction[]): Promise<Services> {
  const tables = functions.flatMap(({ name, t }) => (t.table ? [{ env: t.table.env, name: tableName(name) }] : []));
  if (tables.length === 0) return { env: {}, detail: '', stop: async () => undefined };
  const dynamo = await startDynalite();
  try {
    for (const table of tables) await createTable(dynamo.endpoint, table.name);
  } catch (err) {
    await dynamo.stop();
    throw err;
  }
  return {
    // the variable too, for a binary run outside watch (one table function per run there)
    env: { ...DUMMY_AWS_ENV, ...Object.fromEntries(tables.map((t) => [t.env, t.name])), AWS_ENDPOINT_URL: dynamo.endpoint },
    detail: `dynalite ${dynamo.version} at ${dynamo.endpoint}, ${tables.length === 1 ? 'table' : 'tables'} ${tables.map((t) => t.name).join(', ')}`,
    stop: () => dynamo.stop(),
  };
}
