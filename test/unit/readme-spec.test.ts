// The README runner's and static checker's own rules, on small hand-written READMEs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mismatch } from '../harness/readme/expect.js';
import { type Expectation, parseExpectation, parseReadme } from '../harness/readme/parse.js';
import { splitOutputs } from '../harness/readme/run.js';
import { listedTools } from '../harness/readme/sandbox.js';
import { simpleCommands } from '../harness/readme/shell.js';
import { checkReadmeStatically, functionOfHeading, outputPrefix } from '../harness/readme/static.js';

const fence = '```';

describe('README parsing', () => {
  const md = [
    '## Run it locally',
    `${fence}sh`,
    'cargo lambda invoke fn --data-file events/a.json',
    '# 200 {"message":"hi"}',
    'curl -s http://localhost:9000/x   # {"ok":true}',
    'cargo test',
    '# prose, not an expectation',
    `${fence}`,
    '### Unit tests',
    `${fence}sh`,
    'AWS_REGION=x \\',
    '  aws dynamodb create-table --table-name t \\',
    '  --output text',
    '# => t',
    `${fence}`,
  ].join('\n');

  it('reads commands, continuations and the expectations under or beside them', () => {
    const [first, second] = parseReadme(md);
    expect(first?.section).toEqual(['Run it locally']);
    expect(first?.commands.map((c) => c.expect?.status ?? c.expect?.json ?? null)).toEqual([200, { ok: true }, null]);
    expect(first?.commands[0]?.expect?.json).toEqual({ message: 'hi' });
    expect(second?.section).toEqual(['Run it locally', 'Unit tests']);
    expect(second?.commands).toHaveLength(1);
    expect(second?.commands[0]?.expect?.text).toBe('t');
  });

  it('a comment that looks like an expectation must be one', () => {
    expect(() => parseExpectation('200 {"a":')).toThrow(/not valid JSON/);
    expect(parseExpectation('the function zip: target/x')).toBeUndefined();
  });
});

describe('expectations', () => {
  const gateway = (status: number, body: unknown) => JSON.stringify({ statusCode: status, body: JSON.stringify(body) });
  it('matches an API Gateway answer, a curl answer and plain text', () => {
    expect(mismatch({ status: 200, json: { a: 1 }, source: '' }, gateway(200, { a: 1 }))).toBeUndefined();
    expect(mismatch({ status: 200, json: { a: 1 }, source: '' }, gateway(201, { a: 1 }))).toMatch(/status 200/);
    expect(mismatch({ json: { a: 1 }, source: '' }, gateway(200, { a: 2 }))).toMatch(/expected/);
    expect(mismatch({ status: 404, source: '' }, 'HTTP/1.1 404 Not Found\ncontent-type: x\n\n{}')).toBeUndefined();
    expect(mismatch({ text: 'ACTIVE', source: '' }, 'ACTIVE\r\n')).toBeUndefined();
    expect(mismatch({ text: 'ACTIVE', source: '' }, 'CREATING')).toMatch(/ACTIVE/);
  });
  it('"…" stands for the rest of a string, and extra keys fail', () => {
    expect(mismatch({ json: { error: 'bad: …' }, source: '' }, '{"error":"bad: EOF at 1"}')).toBeUndefined();
    expect(mismatch({ json: { error: 'bad: …' }, source: '' }, '{"error":"worse"}')).toMatch(/expected/);
    expect(mismatch({ json: { a: 1 }, source: '' }, '{"a":1,"b":2}')).toMatch(/expected/);
  });
  it('an `error:` comment promises a failure that prints its text, however the terminal wraps it', () => {
    const promise = parseExpectation('error: 1 of 1 records failed; id-1: message is not valid');
    expect(promise).toEqual({ error: '1 of 1 records failed; id-1: message is not valid', source: expect.any(String) });
    const report = 'Error: RecordsFailed\n\n  × 1 of 1 records failed; id-1: message\n  │ is not valid\n';
    expect(mismatch(promise as Expectation, report)).toBeUndefined();
    expect(mismatch(promise as Expectation, 'Error: RecordsFailed\n  × 1 of 2 records failed')).toMatch(/expected an error/);
  });
  it('splits a terminal transcript at the marks', () => {
    const { outputs, statuses } = splitOutputs('one\r\n\x1ecrl 0 0\r\ntwo\n\x1ecrl 1 3\n');
    expect(outputs.slice(0, 2)).toEqual(['one', 'two']);
    expect(statuses).toEqual([0, 3]);
  });
});

describe('shell reading', () => {
  it('finds assignments, substitutions and operators', () => {
    const commands = simpleCommands(
      `API=$(aws cloudformation describe-stacks --query "Stacks[0]" --output text) && curl -i "$API"/x | head`,
    );
    expect(commands.map((c) => c.argv[0])).toEqual([undefined, 'aws', 'curl', 'head']);
    expect(commands[0]?.assignments.API).toMatch(/^\$\(aws/);
    expect(commands[1]?.argv).toContain('Stacks[0]');
    expect(commands[2]?.raw[2]).toBe('"$API"/x');
  });

  it('reads `$(( … ))` as arithmetic, with the substitutions inside it as commands', () => {
    const commands = simpleCommands('aws logs start-query --start-time $(( $(date +%s) - 3600 )) --end-time $(date +%s)');
    expect(commands.map((c) => c.argv)).toEqual([
      ['aws', 'logs', 'start-query', '--start-time', '$(( $(date +%s) - 3600 ))', '--end-time', '$(date +%s)'],
      ['date', '+%s'],
      ['date', '+%s'],
    ]);
  });

  it('sets redirections apart from the arguments', () => {
    const [get] = simpleCommands('aws s3api get-bucket-notification-configuration --bucket b > "my file.json" 2> err.txt');
    expect(get?.argv).toEqual(['aws', 's3api', 'get-bucket-notification-configuration', '--bucket', 'b']);
    expect(get?.redirects).toEqual(['my file.json', 'err.txt']);
  });
});

describe('prerequisites', () => {
  it('maps listed prerequisites to tools and reports lines it cannot read', () => {
    const md = '## Prerequisites\n\n- [Rust](x) (stable)\n- [AWS CLI](y) v2\n- [Zorg](z)\n\n## Next\n';
    const { tools, unknown } = listedTools(md);
    expect(tools).toContain('cargo');
    expect(tools).toContain('aws');
    expect(tools).not.toContain('node');
    expect(unknown).toEqual(['- [Zorg](z)']);
  });
});

describe('static checks', () => {
  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'crl-readme-unit-'));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    return dir;
  }
  const facts = (dir: string) => ({ dir, name: 'fn', region: 'eu-west-1', iac: 'terraform' as const, stackName: 'fn' });
  const readme = (deploy: string, tryIt: string) =>
    parseReadme(`## Deploy\n\n${fence}sh\n${deploy}\n${fence}\n\n## Try it in AWS\n\n${fence}sh\n${tryIt}\n${fence}\n`);

  it('catches a URL output ending in / joined with a path, a missing output, a missing file and drifting next steps', async () => {
    const dir = project({
      'infra/variables.tf': 'variable "region" {\n  default = "eu-west-1"\n}\n',
      'infra/outputs.tf': 'output "api_url" {\n  value = aws_apigatewayv2_stage.default.invoke_url\n}\n',
    });
    const tryIt = [
      'API_URL=$(terraform -chdir=infra output -raw api_url)',
      'curl "$API_URL"/hello',
      'Q=$(terraform -chdir=infra output -raw queue_url)',
      'cat events/message.json',
    ].join('\n');
    const { problems } = await checkReadmeStatically(
      facts(dir),
      readme('terraform -chdir=infra apply', tryIt),
      ['cd fn', 'terraform apply'],
      'python3',
    );
    expect(problems.join('\n')).toMatch(/ends in `\/`/);
    expect(problems.join('\n')).toMatch(/no output `queue_url`/);
    expect(problems.join('\n')).toMatch(/events\/message\.json is not in the project/);
    expect(problems.join('\n')).toMatch(/next steps/);
  });

  it('passes a README that agrees with its IaC', async () => {
    const dir = project({
      'infra/variables.tf': 'variable "region" {\n  default = "eu-west-1"\n}\n',
      'infra/outputs.tf': 'output "api_url" {\n  value = aws_apigatewayv2_api.api.api_endpoint\n}\n',
    });
    const tryIt = 'API_URL=$(terraform -chdir=infra output -raw api_url)\ncurl "$API_URL"/hello';
    const result = await checkReadmeStatically(
      facts(dir),
      readme('terraform -chdir=infra apply', tryIt),
      ['cd fn', 'terraform -chdir=infra apply'],
      'python3',
    );
    expect(result.problems).toEqual([]);
    expect(result.checked.outputs).toBe(1);
  });

  it('reads the sections after the local one as one terminal: a cd stays in effect', async () => {
    const dir = project({ 'infra/variables.tf': 'default = "eu-west-1"', 'events/message.json': '{}' });
    const blocks = readme('cd infra\nterraform apply', 'cat file://events/message.json');
    const { problems } = await checkReadmeStatically(facts(dir), blocks, ['cd fn', 'cd infra', 'terraform apply'], 'python3');
    expect(problems.join('\n')).toMatch(/events\/message\.json is not in infra\//);
    const back = readme('cd infra\nterraform apply\ncd ..', 'cat file://events/message.json');
    const fixed = await checkReadmeStatically(facts(dir), back, ['cd fn', 'cd infra', 'terraform apply', 'cd ..'], 'python3');
    expect(fixed.problems).toEqual([]);
  });

  it('refuses exported AWS variables', async () => {
    const dir = project({ 'infra/variables.tf': 'default = "eu-west-1"' });
    const { problems } = await checkReadmeStatically(
      facts(dir),
      readme('export AWS_ACCESS_KEY_ID=x', ''),
      ['cd fn', 'export AWS_ACCESS_KEY_ID=x'],
      'python3',
    );
    expect(problems.join('\n')).toMatch(/exports AWS_/);
  });

  describe('a project of several functions', () => {
    const projectFile = [
      'version = "0.2.0"',
      'name = "shop"',
      'iac = "terraform"',
      'arch = "arm64"',
      'region = "eu-west-1"',
      ...['shop:http', 'orders:sqs'].flatMap((f) => {
        const [name, template] = f.split(':');
        return ['[[functions]]', `name = "${name}"`, `template = "${template}"`, 'memory = 128', 'timeout = 10'];
      }),
    ].join('\n');
    const files = {
      'rust-lambda.toml': projectFile,
      'infra/variables.tf': 'variable "region" {\n  default = "eu-west-1"\n}\n',
      'infra/outputs.tf': [
        'output "shop_api_url" {\n  value = aws_apigatewayv2_api.shop.api_endpoint\n}',
        'output "orders_queue_url" {\n  value = aws_sqs_queue.orders.url\n}\n',
      ].join('\n'),
      'functions/shop/events/hello.json': '{}',
      'functions/orders/events/batch.json': '{}',
      'functions/orders/events/message.json': '{}',
    };
    const md = (local: Record<string, string>, tryIt: Record<string, string>) =>
      [
        '## Run it locally',
        ...Object.entries(local).flatMap(([fn, code]) => [`### \`${fn}\`: a template`, `${fence}sh`, code, fence]),
        '## Deploy',
        `${fence}sh`,
        'terraform -chdir=infra apply',
        fence,
        '## Try it in AWS',
        ...Object.entries(tryIt).flatMap(([fn, code]) => [`### \`${fn}\`: a template`, `${fence}sh`, code, fence]),
      ].join('\n');
    const local = {
      shop: "cargo lambda invoke shop --data-file functions/shop/events/hello.json\ncurl -s 'http://localhost:9000/lambda-url/shop/hello'",
      orders: 'cargo lambda invoke orders --data-file functions/orders/events/batch.json',
    };
    const tryIt = {
      shop: 'API_URL=$(terraform -chdir=infra output -raw shop_api_url)\ncurl "$API_URL"/hello',
      orders: 'QUEUE_URL=$(terraform -chdir=infra output -raw orders_queue_url)\ncat file://functions/orders/events/message.json',
    };
    const check = async (readme: string) => {
      const dir = project(files);
      const { problems } = await checkReadmeStatically(
        facts(dir),
        parseReadme(readme),
        ['cd shop', 'terraform -chdir=infra apply'],
        'python3',
      );
      return problems.join('\n');
    };

    it('names the function of a subsection by its heading, and the output prefix of a function', () => {
      expect(functionOfHeading('`orders`: SQS consumer')).toBe('orders');
      expect(functionOfHeading('Unit tests')).toBeUndefined();
      expect(outputPrefix('terraform', 'my-fn')).toBe('my_fn_');
      expect(outputPrefix('sam', 'my-fn')).toBe('MyFn');
    });

    it('passes a README that invokes each function with its own events and reads its own outputs', async () => {
      expect(await check(md(local, tryIt))).toBe('');
    });

    it("catches an output of another function, an unprefixed output and another function's events", async () => {
      const problems = await check(
        md(
          { ...local, orders: 'cargo lambda invoke orders --data-file functions/shop/events/hello.json' },
          { shop: 'Q=$(terraform -chdir=infra output -raw orders_queue_url)', orders: 'U=$(terraform -chdir=infra output -raw queue_url)' },
        ),
      );
      expect(problems).toMatch(/`shop` reads output orders_queue_url, which is not one of its own \(they start with shop_\)/);
      expect(problems).toMatch(/no output `queue_url`/);
      expect(problems).toMatch(/`orders` reads output queue_url/);
      expect(problems).toMatch(/invokes `orders` with an event of `shop`/);
    });

    it('catches the layout before functions/ (events at the root), unknown functions and a function left out', async () => {
      const problems = await check(
        md(
          {
            shop: 'cargo lambda invoke shop --data-file events/hello.json\ncurl -s http://localhost:9000/lambda-url/nope/x\ncargo lambda invoke other',
          },
          tryIt,
        ),
      );
      expect(problems).toMatch(/events\/hello\.json is not in the project/);
      expect(problems).toMatch(/a function's events are in functions\/<name>\/events\//);
      expect(problems).toMatch(/\/lambda-url\/nope\/ is not a function of the project/);
      expect(problems).toMatch(/invokes `other`, which is not a function/);
      expect(problems).toMatch(/"Run it locally" has no subsection with commands for `orders`/);
    });

    it('reads the function of a remote invoke after its options', async () => {
      const problems = await check(
        md(local, {
          ...tryIt,
          shop: 'cargo lambda invoke --remote --region eu-west-1 --data-file functions/orders/events/batch.json shop',
        }),
      );
      expect(problems).toMatch(/invokes `shop` with an event of `orders`/);
    });
  });
});
