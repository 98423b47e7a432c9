// A function URL that streams the response (InvokeMode RESPONSE_STREAM); AWS_IAM or NONE by the template's `auth` variable.
import * as v from 'valibot';
import type { KindAnswers } from './kind.js';
import { defineKind } from './kind.js';
import { PUBLIC_ENDPOINT_ACCOUNT_SETTINGS, publicEndpointSettings } from './public-endpoint.js';

/** AuthType NONE (`--var auth=NONE`): the URL is public, so the function's concurrency is capped. */
const isPublic = (answers: KindAnswers) => answers.vars.auth === 'NONE';

export const functionUrlKind = defineKind({
  id: 'function-url',
  trigger: {
    type: 'function-url',
    schema: v.strictObject({ type: v.literal('function-url') }),
    group: 'http',
    syncInvoke: 'callers get errors synchronously',
  },
  settings: (answers) => (isPublic(answers) ? publicEndpointSettings() : {}),
  accountSettings: (answers) => (isPublic(answers) ? PUBLIC_ENDPOINT_ACCOUNT_SETTINGS : []),
  // the function URL and its public permissions; ReservedConcurrency is Terraform's variable
  idSuffixes: ['FunctionUrl', 'Url', 'UrlInvoke', 'ReservedConcurrency'],
});
