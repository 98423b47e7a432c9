// An API Gateway HTTP API (payload 2.0) with one route per manifest route.
import * as v from 'valibot';
import { httpMethod, matching, uniqueList } from '../schema.js';
import { LOG_GROUP } from './function.js';
import { defineKind } from './kind.js';

/** API Gateway route segments: literal, `{param}` or a greedy `{param+}`; no "." or ".." segments. */
const SEGMENT = String.raw`(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|\{[A-Za-z_][A-Za-z0-9_]*\+?\})`;
const ROUTE_PATH = new RegExp(`^(?:/|(?:/${SEGMENT}){1,16})$`);

const RouteSchema = v.strictObject({
  method: httpMethod(),
  path: v.pipe(
    matching(ROUTE_PATH, 'a path like /items/{id}: segments of letters, digits and . _ ~ -, or {param}'),
    v.maxLength(128, 'must be at most 128 characters'),
  ),
});

/** Throttling of an API's default route or stage (requests per second, and burst): every API kind reads it. */
export const API_THROTTLE = { rateLimit: 100, burstLimit: 50 };

export const httpApiKind = defineKind({
  id: 'http-api',
  trigger: {
    type: 'http',
    schema: v.strictObject({ type: v.literal('http'), routes: uniqueList(RouteSchema, 20, (r) => `${r.method} ${r.path}`) }),
    group: 'http',
    syncInvoke: 'callers get errors synchronously',
  },
  names: [
    { what: 'HTTP API name', scope: 'account', derive: (n) => n, rule: /^.{1,128}$/ },
    { what: 'API access log group', scope: 'account', derive: (n) => `/aws/apigateway/${n}`, rule: LOG_GROUP },
  ],
  idSuffixes: ['HttpApi', 'ApiUrl', 'ApiAccess', 'ApiAccessLogGroup', 'ApiAccessLogs', 'DefaultStage'],
});
