// The README's "Run it on a local AWS": the flavor's own deploy steps, unattended, after what only
// a local AWS needs; the e2e deploy rows run them. Here: the rules find their steps in every
// flavor, nothing with a placeholder gets through, and the section says what it runs.
import { describe, expect, it } from 'vitest';
import { localAwsSteps, TERRAFORM_LOCAL_OVERRIDE } from '../../src/project/local-aws.js';
import { emulatorAddress } from '../harness/local-aws.js';
import { parseReadme } from '../harness/readme/parse.js';
import { LOCAL_AWS_SECTION } from '../harness/readme/static.js';
import { renderFiles } from './render-files.js';

const FLAVORS = ['sam', 'cdk', 'terraform', 'none'];

/** The section's deploy block of a rendered project (the one that points at the emulator). */
async function deployBlock(templates: string[], iac: string): Promise<string[]> {
  const readme = (await renderFiles(templates, iac, 'x86_64'))['README.md'] ?? '';
  const blocks = parseReadme(readme).filter((b) => b.section[0] === LOCAL_AWS_SECTION);
  expect(blocks.map((b) => b.commands[0]?.text)).toContain('AWS_ENDPOINT_URL=http://127.0.0.1:4566 ministack');
  const deploy = blocks.find((b) => b.code.includes('export AWS_ENDPOINT_URL=http://127.0.0.1:4566'));
  if (!deploy) throw new Error(`no deploy block in "${LOCAL_AWS_SECTION}" of a ${iac} README`);
  return deploy.commands.map((c) => c.text);
}

describe('localAwsSteps', () => {
  it('makes the steps that ask unattended, and adds what only a local AWS needs', () => {
    expect(localAwsSteps('sam', ['sam build', 'sam deploy --guided'])).toEqual(['sam build', 'sam deploy --no-confirm-changeset']);
    expect(localAwsSteps('cdk', ['cd infra', 'pnpm exec cdk deploy', 'cd ..'])).toEqual([
      'cd infra',
      'pnpm exec cdk deploy --require-approval never',
      'cd ..',
    ]);
    const terraform = localAwsSteps('terraform', ['terraform -chdir=infra init', 'terraform -chdir=infra apply']);
    expect(terraform[0]).toContain(`> ${TERRAFORM_LOCAL_OVERRIDE}`);
    expect(terraform.at(-1)).toBe('terraform -chdir=infra apply -auto-approve -var cargo_target_dir="${CARGO_TARGET_DIR:-../target}"');
  });

  it('fails when a rule finds no step, for a placeholder, and for an unknown flavor', () => {
    expect(() => localAwsSteps('sam', ['sam build', 'sam deploy'])).toThrow(/no deploy step matches/);
    expect(() => localAwsSteps('none', ['cargo lambda deploy --env-var TABLE_NAME=<your-table> items'])).toThrow(/placeholder/);
    expect(() => localAwsSteps('pulumi', ['pulumi up'])).toThrow(/no local AWS deploy steps/);
  });
});

describe('the README section', () => {
  for (const iac of FLAVORS) {
    it(`${iac}: deploys with the flavor's steps, every function of a grown project included`, async () => {
      const steps = await deployBlock(['http', 'sqs', 'dynamodb'], iac);
      expect(steps[0]).toMatch(/^export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:4566 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test/);
      expect(steps.join('\n')).not.toMatch(/<[a-z][\w -]*>|--guided|^terraform -chdir=infra apply$/m);
      const deployCommand = {
        sam: /^sam deploy /,
        cdk: /cdk deploy --require-approval never$/,
        terraform: /apply -auto-approve/,
        none: /^cargo lambda deploy /,
      }[iac] as RegExp;
      expect(steps.some((s) => deployCommand.test(s))).toBe(true);
      if (iac === 'none') {
        // each function deployed, the table made first with the name the function is given
        expect(steps.filter((s) => s.startsWith('cargo lambda deploy '))).toHaveLength(3);
        const table = /--table-name (\S+)/.exec(steps.find((s) => s.startsWith('aws dynamodb create-table')) ?? '')?.[1];
        expect(steps.some((s) => s.includes(`--env-var TABLE_NAME=${table} `))).toBe(true);
      }
      if (iac === 'terraform') expect(steps.some((s) => s.includes(TERRAFORM_LOCAL_OVERRIDE))).toBe(true);
    });
  }

  it('Git ignores the local Terraform override', async () => {
    const files = await renderFiles(['http'], 'terraform');
    expect(files['.gitignore']).toMatch(/^\*_override\.tf$/m);
  });
});

describe('emulatorAddress', () => {
  it('reaches an API by its path form, the stage from the URL or $default', () => {
    expect(emulatorAddress('https://30c7e8a0.execute-api.us-east-1.amazonaws.com/prod', '/hello?name=Ferris', 4599)).toEqual({
      url: 'http://127.0.0.1:4599/_aws/execute-api/30c7e8a0/prod/hello?name=Ferris',
    });
    // the emulator's own endpoint ends like an IPv4 address, which `new URL` refuses
    expect(emulatorAddress('http://c5f398c0.execute-api.127.0.0.1:4599', '/echo', 4599)).toEqual({
      url: 'http://127.0.0.1:4599/_aws/execute-api/c5f398c0/$default/echo',
    });
  });

  it('keeps the AWS host name of a function URL or a load balancer, for the Host header', () => {
    expect(emulatorAddress('https://abc123.lambda-url.us-east-1.on.aws', '/?count=3', 4599)).toEqual({
      url: 'http://127.0.0.1:4599/?count=3',
      host: 'abc123.lambda-url.us-east-1.on.aws',
    });
    expect(emulatorAddress('http://trg-alb.us-east-1.elb.amazonaws.com', '/hello', 4599)).toEqual({
      url: 'http://127.0.0.1:4599/hello',
      host: 'trg-alb.us-east-1.elb.amazonaws.com',
    });
    expect(() => emulatorAddress('not a url', '/', 4599)).toThrow(/not a URL/);
  });
});
