// An extension's layer, and the small demo function that loads it (CDK, SAM and Terraform).

import { LAMBDA_FUNCTION, LOG_GROUP } from './function.js';
import { defineKind } from './kind.js';

export const layerKind = defineKind({
  id: 'layer',
  when: (m) => m.kind === 'extension',
  names: [
    { what: 'Lambda demo function name', scope: 'account', derive: (n) => `${n}-demo`, rule: LAMBDA_FUNCTION },
    { what: 'Lambda layer name', scope: 'account', derive: (n) => n, rule: /^[A-Za-z0-9_-]{1,140}$/ },
    { what: 'demo function log group', scope: 'account', derive: (n) => `/aws/lambda/${n}-demo`, rule: LOG_GROUP },
  ],
  idSuffixes: [
    'Layer',
    'LayerArn',
    'Demo',
    'DemoFunction',
    'DemoFunctionName',
    'DemoLogGroup',
    'Extension',
    'DemoFunctionLogs',
    'DemoFunctionRole',
  ],
  // the demo function's own role (stack.ts's executionRole)
  cdkSharedModules: ['iam'],
});
