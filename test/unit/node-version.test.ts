// What a generated project asks of Node.js: 22 or later wherever it says (20 is past its end of
// life), as the CLI itself does, and doctor checks the same.
import { describe, expect, it } from 'vitest';
import { TOOLS } from '../../src/commands/doctor-checks.js';
import { renderFiles } from './render-files.js';

describe('Node.js 22 in the generated project', () => {
  it('the CDK app declares it, its CI runs it, its README asks for it, doctor checks it', async () => {
    const files = await renderFiles(['dynamodb'], 'cdk');
    const pkg = JSON.parse(files['infra/package.json'] as string) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=22');
    expect(files['.github/workflows/ci.yml']).toMatch(/node-version: 22\n/);
    expect(files['README.md']).toContain('[Node.js](https://nodejs.org) 22 or later (the AWS CDK CLI');
    expect(files['README.md']).not.toMatch(/Node\.js\]\(https:\/\/nodejs\.org\) 20/);
    expect(TOOLS.find((t) => t.tool === 'node')).toMatchObject({ minimum: '22.0.0' });
  });
  it('the local servers of the other flavors ask for it too', async () => {
    const readme = (await renderFiles(['dynamodb', 's3'], 'sam'))['README.md'] as string;
    expect(readme).toContain('[Node.js](https://nodejs.org) 22 or later, for the local DynamoDB server');
  });
});
