// Where the deploy rows deploy: the local AWS (MiniStack, local-aws.ts), or — with
// CRL_DEPLOY_TARGET=aws, in the opt-in workflow job that has assumed a role of a real account —
// AWS itself. The rows are the same; only how a command and a request reach the target differs.
import { TERRAFORM_LOCAL_OVERRIDE } from '../../src/project/local-aws.js';
import type { Env } from './exec.js';
import { emulatorAddress, startLocalAws } from './local-aws.js';
import type { Command } from './readme/parse.js';

/** The endpoint the README's "Run it on a local AWS" names; the rows' emulator listens on a free port instead. */
export const README_ENDPOINT = 'http://127.0.0.1:4566';

export interface DeployTarget {
  /** for the matrix: what was deployed to */
  what: string;
  /** what a client (the deploy tools, the AWS CLI) needs on top of this process's environment */
  env: Env;
  /** the AWS CLI's options before its command */
  awsOptions: string[];
  /** the README's local AWS deploy commands as this target runs them */
  script(commands: Command[]): string;
  /** the URL curl requests and its options, for `route` under a URL the stack outputs */
  request(baseUrl: string, route: string): { url: string; options: string[] };
  websocketUrl(baseUrl: string): string;
  /** SigV4 credentials of a signed request */
  credentials(): { region: string; key: string; secret: string; token?: string };
  stop(): Promise<void>;
}

const DEPLOY_TO_AWS = process.env.CRL_DEPLOY_TARGET === 'aws';

/** A command only a local AWS needs: the environment that points at it, the provider override it asks for. */
const localOnly = (c: Command) => /^export AWS_ENDPOINT_URL=/.test(c.text) || c.text.includes(TERRAFORM_LOCAL_OVERRIDE);

async function localAws(): Promise<DeployTarget> {
  const aws = await startLocalAws();
  return {
    what: `MiniStack on ${aws.endpoint}`,
    env: aws.env,
    // AWS CLI v1 sends SQS calls to queue.amazonaws.com despite AWS_ENDPOINT_URL
    awsOptions: ['--endpoint-url', aws.endpoint],
    script: (commands) => commands.map((c) => c.text.replaceAll(README_ENDPOINT, aws.endpoint)).join('\n'),
    request: (baseUrl, route) => {
      const address = emulatorAddress(baseUrl, route, aws.port);
      if (!address.host) return { url: address.url, options: [] };
      // a function URL or a load balancer: its AWS host name, over plain HTTP to the emulator
      return {
        url: address.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, `http://${address.host}`),
        options: ['--connect-to', `${address.host}:80:127.0.0.1:${aws.port}`],
      };
    },
    websocketUrl: (baseUrl) => emulatorAddress(baseUrl, '', aws.port).url.replace(/^http/, 'ws'),
    credentials: () => ({
      region: String(aws.env.AWS_REGION),
      key: String(aws.env.AWS_ACCESS_KEY_ID),
      secret: String(aws.env.AWS_SECRET_ACCESS_KEY),
    }),
    stop: aws.stop,
  };
}

function realAws(): DeployTarget {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region || !process.env.AWS_ACCESS_KEY_ID)
    throw new Error('CRL_DEPLOY_TARGET=aws needs AWS credentials and AWS_REGION in the environment');
  return {
    what: `AWS (${region})`,
    env: { AWS_ENDPOINT_URL: undefined, AWS_PAGER: '' },
    awsOptions: [],
    script: (commands) =>
      commands
        .filter((c) => !localOnly(c))
        .map((c) => c.text)
        .join('\n'),
    request: (baseUrl, route) => ({ url: `${baseUrl.replace(/\/+$/, '')}${route}`, options: [] }),
    websocketUrl: (baseUrl) => baseUrl,
    credentials: () => ({
      region,
      key: String(process.env.AWS_ACCESS_KEY_ID),
      secret: String(process.env.AWS_SECRET_ACCESS_KEY),
      token: process.env.AWS_SESSION_TOKEN,
    }),
    stop: async () => {},
  };
}

export const deployTarget = (): Promise<DeployTarget> => (DEPLOY_TO_AWS ? Promise.resolve(realAws()) : localAws());
