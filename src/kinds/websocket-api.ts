// An API Gateway WebSocket API: $connect, $disconnect and $default, answering on the route response.
import * as v from 'valibot';
import { defineKind } from './kind.js';

export const websocketApiKind = defineKind({
  id: 'websocket-api',
  trigger: {
    type: 'websocket',
    schema: v.strictObject({ type: v.literal('websocket') }),
    group: 'http',
    syncInvoke: 'callers get errors synchronously',
  },
  // its stage writes access logs, which API Gateway writes only with the account's CloudWatch Logs role
  accountSettings: ['apiGatewayCloudWatchRole'],
  idSuffixes: [
    'WebSocketApi',
    'WebSocketIntegration',
    'ConnectRoute',
    'DisconnectRoute',
    'DefaultRoute',
    'DefaultRouteResponse',
    'WebSocketDeployment',
    'WebSocketStage',
    'WebSocketPermission',
    'WebSocketUrl',
    'Websocket',
    'WebsocketUrl',
  ],
});
