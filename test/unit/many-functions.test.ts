// A project of several functions renders each function with its own settings and wires each
// trigger to its own function, in every flavor: read back from the generated files.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { planFunctions } from '../harness/plan-functions.js';

const FUNCTIONS = [
  { name: 'shop', template: 'http', memory: 256, timeout: 10 },
  { name: 'orders', template: 'sqs', memory: 1024, timeout: 30 },
];

const render = (iac: string) => planFunctions(iac, FUNCTIONS);

const tags = ['Ref', 'GetAtt', 'Sub'].map((name) => ({ tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) }));

describe('a project of an http and an sqs function', () => {
  it('sam: each function its own memory, timeout and trigger', async () => {
    const doc = parseYaml((await render('sam'))('template.yaml'), { customTags: tags }) as { Resources: Record<string, any> };
    const { ShopFunction: shop, OrdersFunction: orders, OrdersQueue: queue, OrdersFunctionQueue: mapping } = doc.Resources;
    expect([shop.Properties.MemorySize, shop.Properties.Timeout]).toEqual([256, 10]);
    expect([orders.Properties.MemorySize, orders.Properties.Timeout]).toEqual([1024, 30]);
    expect(queue.Properties.VisibilityTimeout).toBe(180);
    // the queue's event source mapping is a resource of its own, not an event of the function
    expect(orders.Properties.Events).toEqual({});
    expect(mapping.Properties).toEqual(
      expect.objectContaining({ FunctionName: { Ref: 'OrdersFunction' }, EventSourceArn: { GetAtt: 'OrdersQueue.Arn' } }),
    );
    for (const event of Object.values(shop.Properties.Events) as any[]) expect(event.Properties.ApiId).toEqual({ Ref: 'ShopHttpApi' });
    expect(shop.Metadata.BuildProperties.Binary).toBe('shop');
    expect(orders.Metadata.BuildProperties.Binary).toBe('orders');
  });

  it('terraform: each function its own variables, role and trigger', async () => {
    const file = await render('terraform');
    const [main, variables] = [file('infra/main.tf'), file('infra/variables.tf')];
    const defaultOf = (v: string) => new RegExp(`variable "${v}" \\{[^}]*default\\s+=\\s+(\\d+)`).exec(variables)?.[1];
    expect([
      defaultOf('shop_memory_size'),
      defaultOf('shop_timeout'),
      defaultOf('orders_memory_size'),
      defaultOf('orders_timeout'),
    ]).toEqual(['256', '10', '1024', '30']);
    expect(main).toMatch(/visibility_timeout_seconds = var\.orders_timeout \* 6/);
    expect(main).toMatch(/event_source_arn\s+= aws_sqs_queue\.orders\.arn\n\s+function_name\s+= aws_lambda_function\.orders\.arn/);
    const fn = (id: string) => main.slice(main.indexOf(`resource "aws_lambda_function" "${id}" {`)).split('\n}\n')[0];
    expect(fn('shop')).toMatch(/role\s+= aws_iam_role\.shop\.arn\n[\s\S]*memory_size\s+= var\.shop_memory_size/);
    expect(fn('orders')).toMatch(/role\s+= aws_iam_role\.orders\.arn\n[\s\S]*memory_size\s+= var\.orders_memory_size/);
    expect(fn('orders')).toMatch(/filename\s+= "\$\{local\.lambda_dir\}\/orders\/bootstrap\.zip"/);
  });

  it('cdk: each function its own block with its memory and timeout', async () => {
    const ts = (await render('cdk'))('infra/lib/stack.ts');
    const block = (id: string) => ts.slice(ts.indexOf(`'${id}Function'`), ts.indexOf(`'${id}FunctionName'`));
    expect(block('Shop')).toMatch(/memorySize: 256,/);
    expect(block('Orders')).toMatch(/memorySize: 1024,/);
    expect(ts).toMatch(/const timeout = Duration\.seconds\(30\);/);
    expect(block('Orders')).toMatch(/binaryName: "orders"/);
  });

  // built together, Cargo would give their shared dependencies both functions' features (and
  // each binary the other's code): every build path builds one crate at a time
  it('every flavor builds each function from its own crate', async () => {
    const sam = parseYaml((await render('sam'))('template.yaml'), { customTags: tags }) as { Resources: Record<string, any> };
    expect([sam.Resources.ShopFunction.Properties.CodeUri, sam.Resources.OrdersFunction.Properties.CodeUri]).toEqual([
      'functions/shop',
      'functions/orders',
    ]);
    const cdk = (await render('cdk'))('infra/lib/stack.ts');
    expect(cdk.match(/manifestPath: .*/g)).toEqual([
      'manifestPath: crateManifest("functions/shop"),',
      'manifestPath: crateManifest("functions/orders"),',
    ]);
    for (const iac of ['sam', 'cdk', 'terraform', 'none']) {
      const file = await render(iac);
      // the commands (a line of a README code block, a CI step), not the prose that names one
      const commands = (text: string) => text.match(/^\s*(?:- run: )?cargo lambda build .*$/gm) ?? [];
      const readme = iac === 'terraform' || iac === 'none' ? commands(file('README.md')) : [];
      for (const command of [...commands(file('.github/workflows/ci.yml')), ...readme])
        expect(command, iac).toMatch(/ --package (shop|orders) /);
      expect(commands(file('.github/workflows/ci.yml')), iac).toHaveLength(2);
      if (readme.length > 0) expect(readme.filter((c) => c.includes('--package orders')).length, iac).toBeGreaterThanOrEqual(1);
    }
  });

  it('none: each crate its own deploy settings, one deploy command each', async () => {
    const file = await render('none');
    expect(file('functions/shop/Cargo.toml')).toMatch(/memory = 256\ntimeout = 10/);
    expect(file('functions/orders/Cargo.toml')).toMatch(/memory = 1024\ntimeout = 30/);
    expect(file('README.md')).toMatch(/cargo lambda deploy .*shop$/m);
    expect(file('README.md')).toMatch(/cargo lambda deploy .*orders$/m);
  });
});
