// Nothing fails unseen: rules over every built-in template in every flavor, alone, in each variant and
// all together in one project, read back from the rendered IaC:
// - every Lambda function (an extension's demo function aside) has an alarm on its Errors and one on
//   its Throttles (AWS/Lambda, Sum over 300 s >= 1);
// - every SQS queue that is a failure destination (a function's dead-letter queue, a queue's redrive
//   target, an event source mapping's on-failure destination) has an alarm on
//   ApproximateNumberOfMessagesVisible > 0 (it would otherwise fill silently and expire);
// - every stream consumer has an IteratorAge alarm;
// - the project has one alarm topic, encrypted with a key of the stack that CloudWatch may use, and an
//   output with its ARN; every alarm notifies it on ALARM and on OK, and no data is no breach;
// - the README's Deploy subscribes to it, reading that output; none's says alarms come with an IaC flavor.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPatternEngine } from '../../src/template/pattern.js';
import { everyTemplateProjects } from '../harness/every-template.js';
import { planFunctions } from '../harness/plan-functions.js';
import { type CfnTemplate, type Files, hclAttr, samTemplate, terraformBlocks } from '../harness/read-iac.js';
import { parseReadme } from '../harness/readme/parse.js';

const FLAVORS = ['sam', 'cdk', 'terraform'] as const;
type Flavor = (typeof FLAVORS)[number];

/** Values that change what the stack has, each rendered too. */
const VARIANTS = [{ template: 'stream', vars: { auth: 'NONE' } }];

interface Alarm {
  id: string;
  namespace: string;
  metric: string;
  /** the function or queue it watches */
  of: string;
  statistic: string;
  threshold: number;
  /** >= or > */
  operator: string;
  notBreaching: boolean;
  actions: string[];
  okActions: string[];
}

/** What a stack has to watch, what watches it and where the alarms go, in one flavor's ids. */
interface Watched {
  functions: string[];
  failureQueues: string[];
  streamConsumers: string[];
  alarms: Alarm[];
  /** topic id → whether its key lets CloudWatch publish */
  topics: Map<string, boolean>;
  /** the outputs whose value is a topic's ARN: output → topic */
  topicOutputs: Map<string, string>;
}

// --- SAM: template.yaml ---

const ref = (v: unknown) => (v as { Ref?: string } | undefined)?.Ref;
/** `!GetAtt X.Attr` → X when Attr is `attr` */
const getAtt = (v: unknown, attr: string) => {
  const g = (v as { GetAtt?: string | string[] } | undefined)?.GetAtt;
  const [id, at] = typeof g === 'string' ? g.split('.') : (g ?? []);
  return at === attr ? id : undefined;
};

function samWatched(file: Files): Watched {
  const { Resources: resources, Outputs: outputs = {} } = samTemplate(file) as CfnTemplate;
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const functions = of('AWS::Serverless::Function').filter(([, r]) => r.Properties?.Handler === 'bootstrap');
  const events = functions.flatMap(([, f]) => Object.values((f.Properties?.Events ?? {}) as Record<string, { Properties?: any }>));
  const mappings = of('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties ?? {});
  const failureQueues = [
    ...functions.map(([, f]) => getAtt(f.Properties?.DeadLetterQueue?.TargetArn, 'Arn')),
    ...of('AWS::SQS::Queue').map(([, q]) => getAtt(q.Properties?.RedrivePolicy?.deadLetterTargetArn, 'Arn')),
    ...mappings.map((m) => getAtt(m.DestinationConfig?.OnFailure?.Destination, 'Arn')),
    ...events.map((e) => getAtt(e.Properties?.RedrivePolicy?.deadLetterTargetArn ?? e.Properties?.DeadLetterConfig?.Arn, 'Arn')),
  ];
  const alarms = of('AWS::CloudWatch::Alarm').map(([id, a]): Alarm => {
    const p = a.Properties ?? {};
    const dimension = p.Dimensions?.[0]?.Value;
    return {
      id,
      namespace: p.Namespace,
      metric: p.MetricName,
      of: ref(dimension) ?? getAtt(dimension, 'QueueName') ?? '?',
      statistic: p.Statistic,
      threshold: p.Threshold,
      operator:
        p.ComparisonOperator === 'GreaterThanThreshold' ? '>' : p.ComparisonOperator === 'GreaterThanOrEqualToThreshold' ? '>=' : '?',
      notBreaching: p.TreatMissingData === 'notBreaching' && p.Period === 300,
      actions: (p.AlarmActions ?? []).map(ref),
      okActions: (p.OKActions ?? []).map(ref),
    };
  });
  const keyAllowsCloudWatch = (key: string | undefined) =>
    (resources[key ?? '']?.Properties?.KeyPolicy?.Statement ?? []).some(
      (s: any) => [s.Principal?.Service].flat().includes('cloudwatch.amazonaws.com') && [s.Action].flat().includes('kms:GenerateDataKey*'),
    );
  return {
    functions: functions.map(([id]) => id),
    failureQueues: [...new Set(failureQueues.filter((q): q is string => q !== undefined))],
    streamConsumers: mappings.filter((m) => m.StartingPosition).map((m) => ref(m.FunctionName) ?? '?'),
    alarms,
    topics: new Map(of('AWS::SNS::Topic').map(([id, t]) => [id, keyAllowsCloudWatch(ref(t.Properties?.KmsMasterKeyId))])),
    topicOutputs: new Map(Object.entries(outputs).flatMap(([key, o]) => (ref(o.Value) ? [[key, ref(o.Value) as string]] : []))),
  };
}

// --- Terraform: infra/*.tf ---

function terraformWatched(file: Files): Watched {
  const blocks = terraformBlocks(file);
  const text = blocks.map((b) => b.body).join('\n');
  const resources = (type: string) => blocks.filter((b) => b.kind === 'resource' && b.labels[0] === type);
  const address = (expr: string | undefined, type: string, attr: string) =>
    new RegExp(`^\\[?${type}\\.(\\w+)\\.${attr}\\]?$`).exec(expr ?? '')?.[1];
  const alarms = resources('aws_cloudwatch_metric_alarm').map((a): Alarm => {
    const dims = hclAttr(a.body, 'dimensions') ?? '';
    const operator = JSON.parse(hclAttr(a.body, 'comparison_operator') ?? '""');
    return {
      id: a.labels[1] as string,
      namespace: JSON.parse(hclAttr(a.body, 'namespace') ?? '""'),
      metric: JSON.parse(hclAttr(a.body, 'metric_name') ?? '""'),
      of: /aws_lambda_function\.(\w+)\.function_name|aws_sqs_queue\.(\w+)\.name/.exec(dims)?.slice(1).find(Boolean) ?? '?',
      statistic: JSON.parse(hclAttr(a.body, 'statistic') ?? '""'),
      threshold: Number(hclAttr(a.body, 'threshold')),
      operator: operator === 'GreaterThanThreshold' ? '>' : operator === 'GreaterThanOrEqualToThreshold' ? '>=' : '?',
      notBreaching: hclAttr(a.body, 'treat_missing_data') === '"notBreaching"' && hclAttr(a.body, 'period') === '300',
      actions: [address(hclAttr(a.body, 'alarm_actions'), 'aws_sns_topic', 'arn') ?? '?'],
      okActions: [address(hclAttr(a.body, 'ok_actions'), 'aws_sns_topic', 'arn') ?? '?'],
    };
  });
  const policyOf = (key: string | undefined) =>
    blocks.find((b) => b.kind === 'data' && b.labels[0] === 'aws_iam_policy_document' && b.labels[1] === key)?.body ?? '';
  const keyAllowsCloudWatch = (key: string | undefined) => {
    const keyBody = resources('aws_kms_key').find((k) => k.labels[1] === key)?.body ?? '';
    const policy = policyOf(address(hclAttr(keyBody, 'policy'), 'data.aws_iam_policy_document', 'json'));
    return /"cloudwatch\.amazonaws\.com"/.test(policy) && policy.includes('"kms:GenerateDataKey*"');
  };
  return {
    functions: resources('aws_lambda_function')
      .filter((f) => hclAttr(f.body, 'handler') === '"bootstrap"')
      .map((f) => f.labels[1] as string),
    failureQueues: [
      ...new Set(
        [...text.matchAll(/(?:target_arn|deadLetterTargetArn|destination_arn)\s*=\s*aws_sqs_queue\.(\w+)\.arn/g)].map(
          (m) => m[1] as string,
        ),
      ),
    ],
    streamConsumers: resources('aws_lambda_event_source_mapping')
      .filter((m) => /starting_position/.test(m.body))
      .map((m) => address(hclAttr(m.body, 'function_name'), 'aws_lambda_function', 'arn') ?? '?'),
    alarms,
    topics: new Map(
      resources('aws_sns_topic').map((t) => [
        t.labels[1] as string,
        keyAllowsCloudWatch(address(hclAttr(t.body, 'kms_master_key_id'), 'aws_kms_key', 'arn')),
      ]),
    ),
    topicOutputs: new Map(
      blocks
        .filter((b) => b.kind === 'output' && address(hclAttr(b.body, 'value'), 'aws_sns_topic', 'arn'))
        .map((b) => [b.labels[0] as string, address(hclAttr(b.body, 'value'), 'aws_sns_topic', 'arn') as string]),
    ),
  };
}

// --- CDK: infra/lib/stack.ts (its own test part asserts the synthesized template; here, the code) ---

function cdkWatched(file: Files): Watched {
  const ts = file('infra/lib/stack.ts');
  // each function's block: `// <name>: the crate in …` then its braces, four spaces in
  const blocks = [...ts.matchAll(/^ {4}\/\/ [a-z0-9-]+: the crate in [^\n]*\n {4}\{\n([\s\S]*?)\n {4}\}$/gm)].map((m) => m[1] as string);
  const watched: Watched = {
    functions: [],
    failureQueues: [],
    streamConsumers: [],
    alarms: [],
    topics: new Map(),
    topicOutputs: new Map(),
  };
  const helper =
    /const alarm = \([^)]*\) => \{[\s\S]*?treatMissingData: cloudwatch\.TreatMissingData\.NOT_BREACHING[\s\S]*?\n {4}\};/.exec(ts)?.[0] ??
    '';
  const topicOf = (action: 'Alarm' | 'Ok') => (helper.includes(`created.add${action}Action(alarmAction);`) ? 'alarmTopic' : '?');
  for (const block of blocks) {
    const fn = /const fn = new RustFunction\(this, '(\w+)'/.exec(block)?.[1];
    if (!fn) continue;
    watched.functions.push(fn);
    // the failure destinations are named so in every kind: a dead-letter queue (the function's, or a queue's), a mapping's on-failure queue
    const consts = new Map(
      [...block.matchAll(/const (\w+) = new sqs\.Queue\(this, '(\w+)'/g)].map((m) => [m[1] as string, m[2] as string]),
    );
    for (const [name, id] of consts) if (name === 'deadLetterQueue' || name === 'onFailureQueue') watched.failureQueues.push(id);
    if (/new lambda\.EventSourceMapping\(this, '\w+', \{\s*target: fn,/.test(block)) watched.streamConsumers.push(fn);
    for (const m of block.matchAll(/alarm\(this, '(\w+)', \{([\s\S]*?)\n\s*\}\);/g)) {
      const body = m[2] as string;
      const metric = /metric: (\w+)\.(metric\w*)\((?:'(\w+)')?/.exec(body);
      const metricName = metric?.[2] === 'metric' ? metric[3] : metric?.[2]?.replace(/^metric/, '');
      const statistic = /statistic: '(\w+)'/.exec(body)?.[1] ?? '?';
      const operator = /ComparisonOperator\.(\w+)/.exec(body)?.[1];
      watched.alarms.push({
        id: m[1] as string,
        namespace: metric?.[1] === 'fn' ? 'AWS/Lambda' : 'AWS/SQS',
        metric: metricName ?? '?',
        of: metric?.[1] === 'fn' ? fn : (consts.get(metric?.[1] ?? '') ?? '?'),
        statistic,
        threshold: Number(/threshold: (\d+)/.exec(body)?.[1]),
        operator: operator === 'GREATER_THAN_THRESHOLD' ? '>' : operator === 'GREATER_THAN_OR_EQUAL_TO_THRESHOLD' ? '>=' : '?',
        notBreaching: helper !== '' && /period: alarmPeriod/.test(body) && /const alarmPeriod = Duration\.seconds\(300\);/.test(block),
        actions: [topicOf('Alarm')],
        okActions: [topicOf('Ok')],
      });
    }
  }
  // the alarm topic: the one `alarm` notifies, its key and its output
  if (/const alarmTopic = new sns\.Topic\(this, '\w+', \{ masterKey: alarmTopicKey/.test(ts))
    watched.topics.set(
      'alarmTopic',
      /alarmTopicKey\.addToResourcePolicy\([\s\S]*?'cloudwatch\.amazonaws\.com'[\s\S]*?'kms:GenerateDataKey\*'/.test(ts),
    );
  for (const m of ts.matchAll(/new sns\.Topic\(this, '(\w+)'/g))
    if (!/AlarmTopic$/.test(m[1] as string)) watched.topics.set(m[1] as string, false);
  for (const m of ts.matchAll(/new CfnOutput\(this, '(\w+)', \{\s*value: alarmTopic\.topicArn,/g))
    watched.topicOutputs.set(m[1] as string, 'alarmTopic');
  return watched;
}

const READ: Record<Flavor, (file: Files) => Watched> = { sam: samWatched, cdk: cdkWatched, terraform: terraformWatched };

// --- the rules ---

/** What a rendered project lacks. */
function problems(w: Watched): string[] {
  const found: string[] = [];
  const has = (of: string, metric: string, want: Partial<Alarm>) =>
    w.alarms.some((a) => a.of === of && a.metric === metric && Object.entries(want).every(([k, v]) => a[k as keyof Alarm] === v));
  for (const fn of w.functions) {
    for (const metric of ['Errors', 'Throttles'])
      if (!has(fn, metric, { namespace: 'AWS/Lambda', statistic: 'Sum', threshold: 1, operator: '>=' }))
        found.push(`${fn} has no ${metric} alarm (Sum >= 1)`);
  }
  for (const queue of w.failureQueues)
    if (!has(queue, 'ApproximateNumberOfMessagesVisible', { namespace: 'AWS/SQS', threshold: 0, operator: '>' }))
      found.push(`the failure destination ${queue} has no alarm on a message waiting in it`);
  for (const fn of w.streamConsumers)
    if (!has(fn, 'IteratorAge', { namespace: 'AWS/Lambda', statistic: 'Maximum', operator: '>=' }))
      found.push(`${fn} has no IteratorAge alarm`);
  const targets = new Set(w.alarms.flatMap((a) => [...a.actions, ...a.okActions]));
  if (w.alarms.length > 0 && targets.size !== 1) found.push(`the alarms notify ${targets.size} targets: ${[...targets].join(', ')}`);
  const [topic] = [...targets];
  for (const a of w.alarms) {
    if (a.actions.length !== 1 || a.okActions.length !== 1) found.push(`${a.id} does not notify the topic on ALARM and on OK`);
    if (!a.notBreaching) found.push(`${a.id}: not a period of 300 s where no data is no breach`);
  }
  if (topic !== undefined) {
    if (!w.topics.has(topic)) found.push(`the alarms notify ${topic}, which is not a topic of the stack`);
    else if (!w.topics.get(topic)) found.push(`the key of ${topic} does not let CloudWatch publish`);
    if (![...w.topicOutputs.values()].includes(topic)) found.push(`no output has the ARN of ${topic}`);
  }
  return found;
}

/** The README's Deploy: subscribes to the alarm topic, reading the output that has its ARN (none: no alarms, said so). */
function readmeProblems(file: Files, w: Watched | undefined): string[] {
  const blocks = parseReadme(file('README.md')).filter((b) => b.section[0] === 'Deploy');
  const alarms = blocks.filter((b) => b.section[1] === 'Alarms');
  if (!w) return /creates no alarms/.test(file('README.md')) ? [] : ['the none README does not say it creates no alarms'];
  if (w.functions.length === 0) return alarms.length > 0 ? ['an Alarms section without alarms'] : [];
  const code = alarms.map((b) => b.code).join('\n');
  const output = /OutputKey=='(\w+)'|output -raw (\w+)/.exec(code)?.slice(1).find(Boolean);
  const found: string[] = [];
  if (!/^aws sns subscribe .*--topic-arn "\$TOPIC_ARN"/m.test(code)) found.push('Deploy does not subscribe to the alarm topic');
  if (!output || !w.topicOutputs.has(output)) found.push(`Deploy reads ${output} for the alarm topic, not an output with its ARN`);
  return found;
}

describe('alarms: rules over every template in every flavor', () => {
  beforeAll(loadPatternEngine);

  for (const flavor of FLAVORS) {
    it(`${flavor}: every function, failure destination and stream consumer is watched, and every alarm goes to the one topic`, async () => {
      const found: string[] = [];
      for (const { what, functions } of everyTemplateProjects(flavor, VARIANTS)) {
        const file = await planFunctions(flavor, functions);
        const watched = READ[flavor](file);
        found.push(...[...problems(watched), ...readmeProblems(file, watched)].map((p) => `${what}: ${p}`));
      }
      expect(found).toEqual([]);
    });
  }

  it('none: the README says the functions have no alarms, and gives no command for any', async () => {
    for (const { what, functions } of everyTemplateProjects('none', VARIANTS)) {
      const file = await planFunctions('none', functions);
      // an extension alone has no function to watch
      if (functions.some((f) => f.template !== 'extension')) expect(readmeProblems(file, undefined), what).toEqual([]);
      expect(file('README.md'), what).not.toMatch(/put-metric-alarm|AlarmTopic|alarm_topic/);
    }
  });

  it('the rules see what they check: a project with every kind has every kind of alarm', async () => {
    // a reader that finds nothing proves nothing: every kind of watched thing is there to find
    const project = everyTemplateProjects('sam').at(-1)?.functions ?? [];
    for (const flavor of FLAVORS) {
      const w = READ[flavor](await planFunctions(flavor, project));
      expect(w.functions.length, flavor).toBe(project.filter((f) => f.template !== 'extension').length);
      // the dead-letter queues of sqs, sns, s3, schedule and event, the on-failure queues of the two stream kinds
      expect(w.failureQueues.length, flavor).toBe(7);
      expect(w.streamConsumers.length, flavor).toBe(2);
      // 2 of each function, one of each failure destination, one of each stream consumer
      expect(w.alarms.length, flavor).toBe(2 * w.functions.length + 7 + 2);
      // the alarm topic and the sns function's
      expect(w.topics.size, flavor).toBe(2);
    }
  });
});
