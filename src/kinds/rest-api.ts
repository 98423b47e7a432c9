// An API Gateway REST API (payload 1.0) with one resource per route and a stage.
import * as v from 'valibot';
import { httpMethod, matching, uniqueList } from '../schema.js';
import { defineKind } from './kind.js';

/**
 * A REST API route: one literal path segment, so each route is one API Gateway resource under the
 * root (a REST API builds nested paths from a resource per segment); one method per path.
 */
const RestRouteSchema = v.strictObject({
  method: httpMethod(),
  path: matching(/^\/[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,63}$/, 'a path of one segment like /items: letters, digits and . _ ~ - (at most 64)'),
});

/** The stage of a REST API: its URL ends in it, so it names what it serves. */
export const REST_API_STAGE = 'prod';

export const restApiKind = defineKind({
  id: 'rest-api',
  trigger: {
    type: 'rest',
    schema: v.strictObject({ type: v.literal('rest'), routes: uniqueList(RestRouteSchema, 20, (r) => r.path) }),
    group: 'http',
    syncInvoke: 'callers get errors synchronously',
  },
  // its stage writes access logs, which API Gateway writes only with the account's CloudWatch Logs role
  accountSettings: ['apiGatewayCloudWatchRole'],
  settings: () => ({ restStage: REST_API_STAGE }),
  // the REST API and its access logs
  idSuffixes: ['RestApi', 'RestApiAccess', 'RestApiAccessLogGroup', 'RestApiAccessLogs'],
});
