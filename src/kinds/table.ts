// A DynamoDB table the function reads and writes (infra.table: its key, environment variable and actions).
import { defineKind } from './kind.js';

/** DynamoDB table name: Terraform's in its default workspace, and the one the `none` README and the local server use (SAM and CDK let CloudFormation name it). */
export const tableName = (name: string) => `${name}-items`;

export const tableKind = defineKind({
  id: 'table',
  when: (m) => m.infra.table !== undefined,
  ids: { tableName },
  names: [{ what: 'DynamoDB table name', scope: 'account', derive: tableName, rule: /^[A-Za-z0-9_.-]{3,255}$/ }],
  idSuffixes: ['Table', 'TableName'],
  localService: { id: 'dynamodb' },
  cdkSharedModules: ['dynamodb'],
});
