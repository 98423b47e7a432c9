// The longest accepted name, rendered through every template × flavor: every AWS name the
// generated IaC really writes (read from the files, not from names.ts) follows its service's
// rule, and names.ts's table of derived names knows each of them. Every name that AWS keeps per
// account comes from the stack (CloudFormation names it, or it starts with the stack's name or
// Terraform's stack prefix), so a second stack of the same project never collides with the first.
import { describe, expect, it } from 'vitest';
import { DERIVED_NAMES, MAX_NAME_LENGTH, nameProblem } from '../../src/names.js';
import type { Answers } from '../../src/options.js';
import { detectPackageManager } from '../../src/package-manager.js';
import { planProject } from '../../src/project/plan.js';
import { projectFromAnswers } from '../../src/project-model.js';
import { builtinCatalog } from '../../src/template/catalog.js';
import { loadTemplate } from '../../src/template/load.js';

const NAME = `a${'b1-c'.repeat(20)}`.slice(0, MAX_NAME_LENGTH).replace(/-+$/, 'z');

/** Which derived-name rule each (resource type, attribute) of the Terraform templates follows. */
const TERRAFORM: Record<string, string> = {
  'aws_lambda_function.function_name': 'Lambda function name',
  'aws_lambda_layer_version.layer_name': 'Lambda layer name',
  'aws_sqs_queue.name': 'SQS queue name',
  'aws_dynamodb_table.name': 'DynamoDB table name',
  'aws_kinesis_stream.name': 'Kinesis data stream name',
  'aws_iam_role.name_prefix': 'IAM role name prefix (Terraform)',
  'aws_apigatewayv2_api.name': 'HTTP API name',
  'aws_cloudwatch_log_group.name': 'function log group',
};

/** The stack prefix of the Terraform templates: var.name, and the workspace outside the default one. */
const TERRAFORM_PREFIX = 'terraform.workspace == "default" ? var.name : "${var.name}-${terraform.workspace}"';

/**
 * Resolve `local.prefix`, `"${local.prefix}-x"` and `local.x` the way Terraform would for these
 * simple expressions, in the default workspace. A name must come from the stack prefix, never
 * from var.name alone (two workspaces would share it).
 */
function evaluate(expr: string, locals: Record<string, string>): string {
  if (expr === 'local.prefix') return NAME;
  const local = /^local\.(\w+)$/.exec(expr);
  if (local) return evaluate(locals[local[1] as string] as string, locals);
  expect(expr, 'a quoted name expression').toMatch(/^"[^"]*"$/);
  expect(expr, 'a name that starts with the stack prefix').toMatch(/^"(\/aws\/[a-z]+\/)?\$\{local\.prefix\}/);
  return expr.slice(1, -1).replace(/\$\{local\.prefix\}/g, NAME);
}

function terraformNames(text: string): Array<[string, string]> {
  expect(/^ {2}prefix\s+=\s+(.+)$/m.exec(text)?.[1], 'the stack prefix').toBe(TERRAFORM_PREFIX);
  // the longest name is also the longest prefix a workspace may make: a plan with more stops early
  expect(text).toContain(`length(local.prefix) <= ${MAX_NAME_LENGTH} && can(regex("^[A-Za-z0-9_-]+$", local.prefix))`);
  const locals = Object.fromEntries([...text.matchAll(/^\s+(\w+)\s+=\s+(.+)$/gm)].map((m) => [m[1], m[2]?.trim()]));
  const found: Array<[string, string]> = [];
  for (const block of text.split(/^resource /m).slice(1)) {
    const type = /^"(\w+)"/.exec(block)?.[1] as string;
    for (const m of block.matchAll(/^ {2}(name|function_name|layer_name|name_prefix)\s+=\s+(.+)$/gm)) {
      const rule = TERRAFORM[`${type}.${m[1]}`];
      if (rule) found.push([rule, evaluate((m[2] as string).trim(), locals as Record<string, string>)]);
    }
  }
  return found;
}

describe(`the longest name (${NAME.length} characters) through every template × flavor`, () => {
  it('is accepted, and one more character is not', () => {
    expect(nameProblem(NAME)).toBeUndefined();
    expect(nameProblem(`${NAME}x`)).toMatch(/at most/);
  });
  const { templates, flavors } = builtinCatalog();
  for (const t of templates) {
    for (const f of flavors) {
      it(`${t.id} × ${f.id}`, async () => {
        const template = await loadTemplate(t.id, { cwd: '/', env: {}, interactive: false });
        const answers: Answers = {
          directory: NAME,
          name: NAME,
          template: t.id,
          iac: f.id,
          arch: 'arm64',
          memory: 128,
          timeout: 10,
          region: 'us-east-1',
          git: false,
          vars: Object.fromEntries((t.variables ?? []).map((v) => [v.name, v.name === 'extensionApi' ? 'none' : v.default])),
        };
        const plan = await planProject(projectFromAnswers(answers, '0.2.0'), [template], detectPackageManager(undefined));
        const file = (path: string) => plan.files.find((x) => x.path === path)?.content.toString() ?? '';
        const crate = file(`functions/${NAME}/Cargo.toml`);
        const names: Array<[string, string]> = [['Rust crate', /^name = "(.*)"$/m.exec(crate)?.[1] as string]];
        if (f.id === 'sam') {
          const stack = /^stack_name = "(.*)"$/m.exec(file('samconfig.toml'))?.[1] as string;
          names.push(['CloudFormation stack name', stack]);
          const yaml = file('template.yaml');
          // CloudFormation names everything else (stack name, logical id, random suffix)
          const resources = yaml.slice(yaml.indexOf('\nResources:'), yaml.indexOf('\nOutputs:'));
          // (a mapping's or a permission's FunctionName is a reference to the function, not a name; a
          // name AWS requires — a WebSocket API's, a target group's to scope a permission — is made
          // from the stack's own name or id, so two stacks never clash)
          const named = resources
            .replace(/^\s+FunctionName: !(Ref|GetAtt) [\w.]+$/gm, '')
            .replace(/^\s+(- )?Name: .*AWS::Stack(Name|Id).*$/gm, '');
          expect(named).not.toMatch(/^\s+(FunctionName|TableName|QueueName|LogGroupName|RoleName|StreamName|Name):/m);
          for (const m of yaml.matchAll(/LayerName: (.*)/g)) {
            expect(m[1], 'the layer is named after the stack').toBe('!Ref AWS::StackName');
            names.push(['Lambda layer name', stack]);
          }
        }
        if (f.id === 'cdk') {
          const stack = /\(app, "(.*)",/.exec(file('infra/bin/app.ts'))?.[1] as string;
          names.push(['CloudFormation stack name', stack]);
          const ts = file('infra/lib/stack.ts');
          expect(ts.replace(/^\s+functionName: fn\.functionArn,$/gm, '')).not.toMatch(
            /^\s+(functionName|tableName|queueName|logGroupName|roleName|apiName):/m,
          );
          for (const m of ts.matchAll(/layerVersionName: (.*),/g)) {
            expect(m[1], 'the layer is named after the stack').toBe('this.stackName');
            names.push(['Lambda layer name', stack]);
          }
        }
        if (f.id === 'terraform') {
          const defaultName = /variable "name" \{[^}]*default\s+=\s+"(.*)"/.exec(file('infra/variables.tf'))?.[1];
          expect(defaultName).toBe(NAME);
          names.push(...terraformNames(file('infra/main.tf')));
          expect(names.length, 'Terraform names found').toBeGreaterThan(3);
        }
        if (f.id === 'none') names.push(['Lambda function name', /^name = "(.*)"$/m.exec(crate)?.[1] as string]);
        for (const [what, value] of names) {
          const derived = DERIVED_NAMES.find((d) => d.what === what);
          expect(derived, `names.ts describes "${what}"`).toBeDefined();
          expect(value, what).toMatch(derived?.rule as RegExp);
          const known = DERIVED_NAMES.some((d) => d.rule === derived?.rule && d.derive(NAME) === value);
          expect(known, `names.ts derives "${value}" (${what}) as the template does`).toBe(true);
        }
      });
    }
  }
});
