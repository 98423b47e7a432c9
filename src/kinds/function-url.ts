// A function URL that streams the response (InvokeMode RESPONSE_STREAM); AWS_IAM or NONE by the template's `auth` variable.
import * as v from 'valibot';
import { defineKind } from './kind.js';

export const functionUrlKind = defineKind({
  id: 'function-url',
  trigger: {
    type: 'function-url',
    schema: v.strictObject({ type: v.literal('function-url') }),
    group: 'http',
    syncInvoke: 'callers get errors synchronously',
  },
  // the function URL and its public permissions
  idSuffixes: ['FunctionUrl', 'Url', 'UrlInvoke'],
});
