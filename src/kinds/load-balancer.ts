// An internet-facing Application Load Balancer with a lambda target group, in a VPC of its own.
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { defineKind } from './kind.js';
import { PUBLIC_ENDPOINT_ACCOUNT_SETTINGS, publicEndpointSettings } from './public-endpoint.js';

/** Load balancer and target group names hold at most 32 characters, fewer than the longest function name. */
export const LB_NAME_MAX = 32;

/** The longest function part of a SAM/CDK target group name: the stack's 8 hex digits and a hyphen follow it. */
export const LB_SHORT_MAX = LB_NAME_MAX - 9;

/**
 * The function's part of its target group name in SAM and CDK (`<short>-<8 hex of the stack id>`):
 * the name itself when it fits LB_SHORT_MAX, else its start and 4 hex digits of its SHA-1, so two
 * long names with the same start still differ.
 */
export function lbShortName(name: string): string {
  if (name.length <= LB_SHORT_MAX) return name;
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 4);
  return `${name.slice(0, LB_SHORT_MAX - 5).replace(/-+$/, '')}-${hash}`;
}

export const loadBalancerKind = defineKind({
  id: 'load-balancer',
  trigger: {
    type: 'alb',
    schema: v.strictObject({ type: v.literal('alb') }),
    group: 'http',
    syncInvoke: 'callers get errors synchronously',
  },
  /** the function's part of its target group name (SAM, CDK), short enough for the 32-character limit */
  ids: { lbShortName },
  // a load balancer throttles nothing: the function's concurrency is capped
  settings: publicEndpointSettings,
  accountSettings: PUBLIC_ENDPOINT_ACCOUNT_SETTINGS,
  idSuffixes: [
    'Vpc',
    'InternetGateway',
    'GatewayAttachment',
    'RouteTable',
    'InternetRoute',
    'SubnetA',
    'SubnetARoutes',
    'SubnetB',
    'SubnetBRoutes',
    'LoadBalancerSecurityGroup',
    'LoadBalancer',
    'Listener',
    'TargetGroup',
    'AlbPermission',
    'AlbUrl',
    'Lb',
    'LbStem',
    // Terraform's variable of the function's reserved concurrency
    'ReservedConcurrency',
  ],
});
