// The local services the functions of a project talk to while their cases run (today: DynamoDB
// tables in one dynalite), and the environment that points the functions at them.
import { createTable, DUMMY_AWS_ENV, startDynalite } from '../../harness/dynamo.js';
import type { Env } from '../../harness/exec.js';
import type { TemplateCase } from '../cases/templates.js';

export interface Services {
  env: Env;
  /** what was started, for the matrix */
  detail: string;
  stop(): Promise<void>;
}

/** Starts what the templates `cases` need (one server for all of them); nothing when none needs anything. */
export async function startServices(cases: TemplateCase | readonly TemplateCase[]): Promise<Services> {
  const tables = [...new Map((Array.isArray(cases) ? cases : [cases]).flatMap((t) => (t.table ? [[t.table.name, t.table]] : []))).values()];
  if (tables.length === 0) return { env: {}, detail: '', stop: async () => undefined };
  const dynamo = await startDynalite();
  try {
    for (const table of tables) await createTable(dynamo.endpoint, table.name);
  } catch (err) {
    await dynamo.stop();
    throw err;
  }
  return {
    env: { ...DUMMY_AWS_ENV, ...Object.fromEntries(tables.map((t) => [t.env, t.name])), AWS_ENDPOINT_URL: dynamo.endpoint },
    detail: `dynalite ${dynamo.version} at ${dynamo.endpoint}, ${tables.length === 1 ? 'table' : 'tables'} ${tables.map((t) => t.name).join(', ')}`,
    stop: () => dynamo.stop(),
  };
}
