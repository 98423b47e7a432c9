// The local services a template's function talks to while its cases run (today: a DynamoDB
// table in dynalite), and the environment that points the function at them.
import { createTable, DUMMY_AWS_ENV, startDynalite } from '../../harness/dynamo.js';
import type { Env } from '../../harness/exec.js';
import type { TemplateCase } from '../cases/templates.js';

export interface Services {
  env: Env;
  /** what was started, for the matrix */
  detail: string;
  stop(): Promise<void>;
}

export async function startServices(t: TemplateCase): Promise<Services> {
  if (!t.table) return { env: {}, detail: '', stop: async () => undefined };
  const dynamo = await startDynalite();
  try {
    await createTable(dynamo.endpoint, t.table.name);
  } catch (err) {
    await dynamo.stop();
    throw err;
  }
  return {
    env: { ...DUMMY_AWS_ENV, [t.table.env]: t.table.name, AWS_ENDPOINT_URL: dynamo.endpoint },
    detail: `dynalite ${dynamo.version} at ${dynamo.endpoint}, table ${t.table.name}`,
    stop: () => dynamo.stop(),
  };
}
