// Hostile forked templates and hostile answers, against the built bin. Each case asserts the exit
// code, a one-line (or one-problem-per-line) message, and that neither the work folder nor the
// canary changed and no marker appeared.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { type Arena, arena, attempt, forkOf, type Outcome, refusal, refused } from './harness.js';

let a: Arena;
afterEach(() => a?.dispose());

const FLAGS = ['--iac', 'sam', '--arch', 'arm64', '--no-git'];
type Mutation = (dir: string, marker: string) => void;
const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'template.json'), 'utf8'));
const editManifest =
  (change: (m: Record<string, any>) => void): Mutation =>
  (dir) => {
    const m = manifestOf(dir);
    change(m);
    writeFileSync(join(dir, 'template.json'), JSON.stringify(m));
  };
const put =
  (path: string, text: string): Mutation =>
  (dir) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

/** Run a fork mutated by `mutate`; extra args after the flags. */
function forkRun(base: string, mutate: Mutation, extra: string[] = []) {
  a = arena(base);
  const dir = forkOf(a, base);
  mutate(dir, a.marker);
  return attempt(a, ['out', '--template', dir, ...FLAGS, ...extra]);
}

// ---- version-control metadata anywhere in a template: it would run code at `git add` / `git status`
const fsmonitor = (marker: string) => `[core]\n\tfsmonitor = "touch ${marker}; false"\n`;
describe('version-control metadata in a template is refused', () => {
  it.each<[string, Mutation]>([
    ['files/.git/config with core.fsmonitor', (d, m) => put('files/.git/config', fsmonitor(m))(d, m)],
    ['files/.git/hooks/post-commit', (d, m) => put('files/.git/hooks/post-commit', `#!/bin/sh\ntouch ${m}\n`)(d, m)],
    ['a nested src/.git/config', (d, m) => put('files/src/.git/config', fsmonitor(m))(d, m)],
    ['.GIT in upper case', (d, m) => put('files/.GIT/config', fsmonitor(m))(d, m)],
    ['.Git. with a trailing dot (Windows)', (d, m) => put('files/.Git./config', fsmonitor(m))(d, m)],
    ['GIT~1 (a Windows short name)', (d, m) => put('files/GIT~1/config', fsmonitor(m))(d, m)],
    ['.hg/hgrc', (d, m) => put('files/.hg/hgrc', `[hooks]\nupdate = touch ${m}\n`)(d, m)],
    ['.svn', (d, m) => put('files/.svn/entries', 'x')(d, m)],
    ['a .git folder in partials/', (d, m) => put('partials/.git/config', fsmonitor(m))(d, m)],
    ['a .git folder at the template root', (d, m) => put('.git/config', fsmonitor(m))(d, m)],
    ['a .git file (gitdir: link)', (d, m) => put('files/.git', `gitdir: ${m}\n`)(d, m)],
  ])('%s', (_, mutate) => {
    const o = forkRun('http', mutate);
    expect(refusal(o)).toMatchObject(refused(1, /version-control metadata/));
  });
});

describe('the fsmonitor exploit, with git on', () => {
  it('a template .git/config never reaches git: refused, and git runs nothing of it', () => {
    a = arena('fsmonitor-git');
    const dir = forkOf(a, 'http');
    put('files/.git/config', fsmonitor(a.marker))(dir, a.marker);
    const o = attempt(a, ['out', '--template', dir, '--iac', 'sam', '--arch', 'arm64', '--git'], {
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    });
    expect(refusal(o)).toMatchObject(refused(1, /version-control metadata/));
  });
});

describe('file names and kinds', () => {
  it.each<[string, Mutation, RegExp]>([
    ['a terminal escape in a file name', put('files/\u001b[2Jx.md', 'x'), /control character/],
    ['a newline in a folder name', put('files/a\nb/x.md', 'x'), /control character/],
    ['a right-to-left override', put('files/evil\u202egpj.exe', 'x'), /control character/],
    ['a backslash (a separator on Windows)', put('files/..\\..\\x', 'x'), /backslash/],
    ['a symbolic link to a file outside', (d) => symlinkSync('/etc/passwd', join(d, 'files', 'passwd')), /symbolic links are not allowed/],
    ['a symbolic link in partials/', (d) => symlinkSync('/etc/passwd', join(d, 'partials', 'p.hbs')), /symbolic links are not allowed/],
    ['a link to the template folder itself (a cycle)', (d) => symlinkSync(d, join(d, 'files', 'loop')), /symbolic links are not allowed/],
  ])('%s', (_, mutate, message) => {
    expect(refusal(forkRun('http', mutate))).toMatchObject(refused(1, message));
  });
  it('messages show control characters as escapes', () => {
    const o = forkRun('http', put('files/\u001b]0;owned\u0007.md', 'x'));
    expect(o.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('size: what a template reads and what it writes are bounded', () => {
  it('every file counts toward the file limit, hidden or not', () => {
    const o = forkRun('http', (d) => {
      mkdirSync(join(d, 'files', '.hidden'), { recursive: true });
      for (let i = 0; i < 501; i++) writeFileSync(join(d, 'files', '.hidden', `${i}`), '');
    });
    expect(refusal(o)).toMatchObject(refused(1, /more than 500 files/));
  });
  it('a file that is not rendered still counts toward the byte limit', () => {
    const o = forkRun('http', (d) => {
      for (let i = 0; i < 6; i++) writeFileSync(join(d, `blob-${i}.bin`), Buffer.alloc(1000 * 1024));
    });
    expect(refusal(o)).toMatchObject(refused(1, /larger than 5\.0 MiB/));
  });
  it('self-doubling partials stop at the output bound, quickly', () => {
    const start = Date.now();
    const o = forkRun('http', (d) => {
      put('partials/p0.hbs', 'x'.repeat(3000))(d, '');
      for (let i = 1; i <= 22; i++) put(`partials/p${i}.hbs`, `{{> function/p${i - 1}}}{{> function/p${i - 1}}}`)(d, '');
      put('files/big.txt.hbs', '{{> function/p22}}')(d, '');
    });
    expect(refusal(o)).toMatchObject(refused(1, /renders more than 20\.0 MiB/));
    expect(Date.now() - start).toBeLessThan(30_000);
  });
  it('nested loops stop at the work bound even when they write nothing', () => {
    // 4 flavors, 12 levels deep: 4^12 iterations that write nothing
    const loops = (depth: number): string => (depth === 0 ? '' : `{{#each @root.manifest.flavors}}${loops(depth - 1)}{{/each}}`);
    const o = forkRun('http', put('files/quiet.txt.hbs', `${loops(12)}x`));
    expect(refusal(o)).toMatchObject(refused(1, /more than 200000 partial calls and loop iterations/));
  });
  it('a partial that calls itself fails as a template error', () => {
    const o = forkRun('http', (d) => {
      put('partials/self.hbs', 'a{{> function/self}}')(d, '');
      put('files/x.txt.hbs', '{{> function/self}}')(d, '');
    });
    expect(refusal(o)).toMatchObject(refused(1, /template error|partial calls/));
  });
});

// ---- rendered paths: every output path (after `.hbs` and `_gitignore` renames) is checked by one rule before
// anything is staged; create and add both refuse it in one line naming the template file, and leave nothing behind
describe('rendered paths a project cannot hold are refused by create and add', () => {
  let project: string;
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'crl-hostile-paths-'));
    const r = runCli(['shop', '--template', 'http', ...FLAGS, '--yes'], { cwd: scratch });
    expect(r.code, r.stderr).toBe(0);
    project = join(scratch, 'shop');
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** [case, the files to add to the fork's files/ (path → text), the template file the message must name, the message] */
  const SHAPES: Array<[string, Record<string, string>, string, RegExp]> = [
    ['"..hbs" (renders to ".")', { '..hbs': 'x' }, '..hbs', /the output path "\." has an empty, "\." or "\.\." part$/],
    ['"...hbs" (renders to "..")', { '...hbs': 'x' }, '...hbs', /the output path "\.\." has an empty, "\." or "\.\." part$/],
    ['".hbs" (renders to an empty name)', { '.hbs': 'x' }, '.hbs', /the output path "" is empty$/],
    ['"sub/..hbs" (renders to "sub/.")', { 'sub/..hbs': 'x' }, 'sub/..hbs', /the output path "sub\/\." has an empty/],
    ['"sub/...hbs" (renders to "sub/..")', { 'sub/...hbs': 'x' }, 'sub/...hbs', /the output path "sub\/\.\." has an empty/],
    ['a name ending in a dot', { 'notes..hbs': 'x' }, 'notes..hbs', /"notes\.", which ends in a dot or a space/],
    ['a name ending in a space', { 'notes .hbs': 'x' }, 'notes .hbs', /"notes ", which ends in a dot or a space/],
    ['a folder ending in a dot', { 'dir./x.txt': 'x' }, 'dir./x.txt', /"dir\.", which ends in a dot or a space/],
    ['a drive letter', { 'c:x.txt.hbs': 'x' }, 'c:x.txt.hbs', /the output path "c:x\.txt" is absolute/],
    ['an NTFS stream (a colon)', { 'README.md:evil.hbs': 'x' }, 'README.md:evil.hbs', /a character Windows does not allow/],
    ['a Windows device name', { 'con.txt.hbs': 'x' }, 'con.txt.hbs', /"con\.txt", a device name on Windows/],
    [
      '".git.hbs" (renders to ".git")',
      { '.git.hbs': 'gitdir: /tmp/x\n' },
      '.git.hbs',
      /the output path "\.git" is refused: .*version-control metadata/,
    ],
    ['".GIT.hbs" in a folder', { 'src/.GIT.hbs': 'x' }, 'src/.GIT.hbs', /version-control metadata/],
    ['a backslash', { 'a\\b.txt.hbs': 'x' }, 'a\\b.txt.hbs', /backslash/],
    ['a newline in a name', { 'a\nb.txt.hbs': 'x' }, 'a\\x0ab.txt.hbs', /control character/],
    ['_gitignore beside .gitignore (one output)', { _gitignore: 'a\n', '.gitignore': 'b\n' }, '_gitignore', /both write \.gitignore/],
    [
      'a case-only clash of two files',
      { 'NOTES.md': 'a', 'notes.md': 'b' },
      'notes.md',
      /both write notes\.md and NOTES\.md, one path where case does not count/,
    ],
    [
      'a case-only clash of two folders',
      { 'SRC/extra.rs': 'a' },
      'SRC/extra.rs',
      /both write src and SRC, one path where case does not count/,
    ],
    [
      'a file where a folder goes',
      { 'a.txt.hbs': 'x', 'a.txt/b.txt': 'y' },
      'a.txt',
      /both write a\.txt, one as a file and one as a folder/,
    ],
  ];
  const fork = (files: Record<string, string>) => {
    const dir = forkOf(a, 'http', 'paths-fork');
    for (const [path, text] of Object.entries(files)) put(`files/${path}`, text)(dir, a.marker);
    return dir;
  };
  const expectRefusal = (o: Outcome, dir: string, named: string, message: RegExp) => {
    expect(refusal(o), o.stderr).toMatchObject({ ...refused(1, message), lines: 1 });
    expect(o.stderr).toContain(`${dir}/files/${named}`); // names the template file
    expect(o.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]|\n./);
    expect(o.stderr).not.toMatch(/put back|a part of the path is a file/);
  };
  it.each(SHAPES)('create: %s', (_, files, named, message) => {
    a = arena('paths-create');
    const dir = fork(files);
    expectRefusal(attempt(a, ['out', '--template', dir, ...FLAGS, '--yes']), dir, named, message);
  });
  it.each(SHAPES)('add: %s', (_, files, named, message) => {
    a = arena('paths-add');
    cpSync(project, a.cwd, { recursive: true });
    const dir = fork(files);
    expectRefusal(attempt(a, ['add', dir, '--name', 'two', '--yes']), dir, named, message);
  });
});

// ---- manifest values: each must match its pattern, whatever flavor would render it
describe('manifest values that would change the generated infrastructure are refused', () => {
  it.each<[string, string, (m: Record<string, any>) => void, RegExp]>([
    [
      'a demo runtime that adds a policy (YAML)',
      'extension',
      (m) => (m.infra.layer.demoRuntime = 'python3.13\n    Policies:\n      - AdministratorAccess'),
      /infra\.layer\.demoRuntime: must be a Lambda Python runtime/,
    ],
    ['a non-Python demo runtime', 'extension', (m) => (m.infra.layer.demoRuntime = 'nodejs22.x'), /infra\.layer\.demoRuntime/],
    [
      'a partition key with ": "',
      'dynamodb',
      (m) => (m.infra.table.partitionKey = 'pk: x'),
      /infra\.table\.partitionKey: must be an attribute name/,
    ],
    [
      'a partition key with a HCL interpolation',
      'dynamodb',
      (m) => (m.infra.table.partitionKey = '${file("/etc/passwd")}'),
      /infra\.table\.partitionKey/,
    ],
    [
      'an env var Lambda reserves',
      'dynamodb',
      (m) => (m.infra.table.envVar = 'AWS_ACCESS_KEY_ID'),
      /infra\.table\.envVar: must not be a name Lambda reserves/,
    ],
    ['an env var that changes how code loads', 'dynamodb', (m) => (m.infra.table.envVar = 'LD_PRELOAD'), /infra\.table\.envVar/],
    [
      'a wildcard action',
      'dynamodb',
      (m) => (m.infra.table.actions = ['dynamodb:*']),
      /infra\.table\.actions\[0\]: must be a DynamoDB action/,
    ],
    ['an action of another service', 'dynamodb', (m) => (m.infra.table.actions = ['iam:PassRole']), /infra\.table\.actions\[0\]/],
    [
      'a YAML list smuggled into an action',
      'dynamodb',
      (m) => (m.infra.table.actions = ['dynamodb:GetItem\n          - "*"']),
      /infra\.table\.actions\[0\]/,
    ],
    [
      'a route path with a quote',
      'http',
      (m) => (m.infra.trigger.routes[0].path = '/x"; curl evil #'),
      /infra\.trigger\.routes\[0\]\.path/,
    ],
    ['a route path with "..": a segment', 'http', (m) => (m.infra.trigger.routes[0].path = '/a/../b'), /infra\.trigger\.routes\[0\]\.path/],
    [
      'a route path with a shell substitution',
      'http',
      (m) => (m.infra.trigger.routes[0].path = '/$(touch x)'),
      /infra\.trigger\.routes\[0\]\.path/,
    ],
    [
      'the same route twice',
      'http',
      (m) => m.infra.trigger.routes.push({ ...m.infra.trigger.routes[0] }),
      /infra\.trigger\.routes: must not repeat/,
    ],
    [
      'a title with a newline (YAML, HCL, Markdown)',
      'http',
      (m) => (m.title = 'x\nPolicies: AdministratorAccess'),
      /title: may only contain/,
    ],
    [
      'a description with Markdown and HTML',
      'http',
      (m) => (m.description = 'x <img src=x onerror=alert(1)> `rm -rf`'),
      /description: may only contain/,
    ],
    [
      'an unknown field that a flavor might read',
      'http',
      (m) => (m.infra.policies = ['arn:aws:iam::aws:policy/AdministratorAccess']),
      /infra\.policies: is not a known field/,
    ],
    [
      'too many routes',
      'http',
      (m) => (m.infra.trigger.routes = Array.from({ length: 21 }, (_, i) => ({ method: 'GET', path: `/r${i}` }))),
      /at most 20/,
    ],
    [
      'a batch size SQS refuses',
      'sqs',
      (m) => (m.infra.queue.batchSize = 10_001),
      /infra\.queue\.batchSize: must be an integer from 1 to 10/,
    ],
    [
      'an S3 prefix without its trailing /',
      's3',
      (m) => (m.infra.trigger.prefix = 'uploads'),
      /infra\.trigger\.prefix: must be a key prefix/,
    ],
    [
      'an S3 prefix that climbs out with ..',
      's3',
      (m) => (m.infra.trigger.prefix = 'a/../'),
      /infra\.trigger\.prefix: must not have a \. or \.\. part/,
    ],
    [
      'an S3 prefix with a quote and a shell substitution',
      's3',
      (m) => (m.infra.trigger.prefix = 'up"$(touch x)/'),
      /infra\.trigger\.prefix: must be a key prefix/,
    ],
    ['an S3 prefix with a YAML line break', 's3', (m) => (m.infra.trigger.prefix = 'a/\n  Policies: x/'), /infra\.trigger\.prefix/],
    [
      'an object size limit of 0 bytes',
      's3',
      (m) => (m.infra.trigger.maxObjectBytes = 0),
      /infra\.trigger\.maxObjectBytes: must be an integer from 1 to 1073741824/,
    ],
    [
      'an object size limit over 1 GiB',
      's3',
      (m) => (m.infra.trigger.maxObjectBytes = 2 ** 31),
      /infra\.trigger\.maxObjectBytes: must be an integer from 1 to 1073741824/,
    ],
    [
      'an object size limit that is not an integer',
      's3',
      (m) => (m.infra.trigger.maxObjectBytes = '10; rm -rf /'),
      /infra\.trigger\.maxObjectBytes/,
    ],
    [
      'an event feature that adds Cargo features (TOML)',
      'event',
      (m) => (m.infra.trigger.event.types['s3.S3Event'].feature = 's3", "sqs'),
      /infra\.trigger\.event\.types\.s3\.S3Event\.feature: must be a Cargo feature/,
    ],
    [
      'an event type path that adds Rust code',
      'event',
      (m) => (m.infra.trigger.event.types['s3.S3Event'].path = 's3::S3Event; fn evil() {}'),
      /infra\.trigger\.event\.types\.s3\.S3Event\.path: must be a type path/,
    ],
    [
      'an event fixture outside the template',
      'event',
      (m) => (m.infra.trigger.event.types['s3.S3Event'].fixture = '../../etc/passwd.json'),
      /infra\.trigger\.event\.types\.s3\.S3Event\.fixture: must be a file name/,
    ],
    [
      'an event invocation that is not one of the modes',
      'event',
      (m) => (m.infra.trigger.event.types['s3.S3Event'].invocation = 'sometimes'),
      /infra\.trigger\.event\.types\.s3\.S3Event\.invocation: must be one of sync, async, poll/,
    ],
    [
      'an event response that names a partial outside the responses',
      'event',
      (m) => (m.infra.trigger.event.types['s3.S3Event'].response = '../readme.md'),
      /infra\.trigger\.event\.types\.s3\.S3Event\.response: must be a response name/,
    ],
    [
      'an event response feature that adds Cargo features (TOML)',
      'event',
      (m) => (m.infra.trigger.event.types['s3.S3Event'].responseFeature = 'streams", "s3'),
      /infra\.trigger\.event\.types\.s3\.S3Event\.responseFeature: must be a Cargo feature/,
    ],
    [
      'an event type named with a quote',
      'event',
      (m) =>
        (m.infra.trigger.event.types['s3".x'] = {
          feature: 's3',
          path: 's3::S3Event',
          fixture: 'example-s3-event.json',
          invocation: 'async',
          response: 'ignored',
        }),
      /infra\.trigger\.event\.types/,
    ],
    [
      'an event variable whose choices are not the types',
      'event',
      (m) => (m.variables[0].choices = ['s3.S3Event']),
      /infra\.trigger\.event\.variable: must name a choice variable whose choices are exactly the keys of types/,
    ],
    [
      'more than 64 event types',
      'event',
      (m) => {
        for (let i = 0; m.variables[0].choices.length <= 64; i++) {
          m.infra.trigger.event.types[`x.T${i}`] = {
            feature: 's3',
            path: 's3::S3Event',
            fixture: 'example-s3-event.json',
            invocation: 'async',
            response: 'ignored',
          };
          m.variables[0].choices.push(`x.T${i}`);
        }
      },
      /infra\.trigger\.event\.types: must have 1 to 64 entries/,
    ],
  ])('%s', (_, base, change, message) => {
    expect(refusal(forkRun(base, editManifest(change)))).toMatchObject(refused(1, message));
  });
});

describe('what a template supports is checked when the answers are resolved', () => {
  it.each<[string, (m: Record<string, any>) => void, string[], RegExp]>([
    [
      'a flavor the template does not offer',
      (m) => (m.flavors = ['sam']),
      ['--iac', 'cdk', '--arch', 'x86_64'],
      /template "http" does not support --iac cdk \(supported: sam\)/,
    ],
    [
      'an architecture the template does not offer',
      (m) => (m.architectures = ['x86_64']),
      ['--iac', 'sam', '--arch', 'arm64'],
      /does not support --arch arm64 \(supported: x86_64\)/,
    ],
  ])('%s is bad input', (_, change, args, message) => {
    a = arena('support');
    const dir = forkOf(a, 'http');
    editManifest(change)(dir, '');
    expect(refusal(attempt(a, ['out', '--template', dir, '--no-git', ...args]))).toMatchObject(refused(2, message));
  });
});

describe('template variables', () => {
  const withVariable =
    (variable: Record<string, unknown>, file = 'x={{vars.v}}\n'): Mutation =>
    (d) => {
      editManifest((m) => (m.variables = [{ name: 'v', description: 'v', type: 'string', default: 'a', ...variable }]))(d, '');
      put('files/VAR.txt.hbs', file)(d, '');
    };
  it('a catastrophic pattern answers at once (RE2: linear time)', () => {
    const start = Date.now();
    const o = forkRun('http', withVariable({ pattern: '(a+)+', default: 'a' }), ['--var', `v=${'a'.repeat(40)}!`]);
    expect(refusal(o)).toMatchObject(refused(2, /invalid --var v=.*must match \(a\+\)\+/));
    expect(Date.now() - start).toBeLessThan(20_000);
  });
  it('a pattern RE2 does not support (backreference) is refused when the template loads', () => {
    expect(refusal(forkRun('http', withVariable({ pattern: '(a)\\1' })))).toMatchObject(
      refused(1, /variables\[0\]\.pattern: is not a valid RE2 regular expression/),
    );
  });
  it.each(['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'])('a variable named %s is an ordinary variable', (name) => {
    a = arena(name);
    const dir = forkOf(a, 'http');
    editManifest((m) => (m.variables = [{ name: name === '__proto__' ? 'proto' : name, description: 'x', type: 'string', default: 'd' }]))(
      dir,
      '',
    );
    if (name === '__proto__') {
      // not an identifier by the schema's rule: refused with the field named
      editManifest((m) => (m.variables[0].name = '__proto__'))(dir, '');
      expect(refusal(attempt(a, ['out', '--template', dir, ...FLAGS, '--var', '__proto__=x']))).toMatchObject(
        refused(1, /variables\[0\]\.name: must be an identifier/),
      );
      return;
    }
    put('files/VAR.txt.hbs', `{{vars.${name}}}\n`)(dir, '');
    const o = attempt(a, ['out', '--template', dir, ...FLAGS, '--var', `${name}=given`]);
    expect(o.code, o.stderr).toBe(0);
    expect(readFileSync(join(a.cwd, 'out', 'functions', 'out', 'VAR.txt'), 'utf8')).toBe('given\n');
  });
  it('an undeclared variable named like an Object member is "not defined", not an empty string', () => {
    expect(refusal(forkRun('http', put('files/X.txt.hbs', '{{vars.toString}}')))).toMatchObject(refused(1, /"toString" not defined/));
  });
  it('an empty number is not a number', () => {
    const o = forkRun('http', withVariable({ type: 'number', default: 3 }), ['--var', 'v=']);
    expect(refusal(o)).toMatchObject(refused(2, /invalid --var v="": not a number/));
  });
  it.each(['0x10', '1e3', 'Infinity', ' 5'])('a number written as %j is not a number', (raw) => {
    const o = forkRun('http', withVariable({ type: 'number', default: 3 }), ['--var', `v=${raw}`]);
    expect(refusal(o)).toMatchObject(refused(2, /not a number/));
  });
  it('a value with a control character is refused', () => {
    const o = forkRun('http', withVariable({}), ['--var', 'v=a\u001b[2Jb']);
    expect(refusal(o)).toMatchObject(refused(2, /must not contain control characters/));
  });
  it('the same variable twice with different values is refused', () => {
    const o = forkRun('http', withVariable({}), ['--var', 'v=a', '--var', 'v=b']);
    expect(refusal(o)).toMatchObject(refused(2, /--var v is given twice with different values/));
  });
});

describe('names and flags', () => {
  const run = (args: string[]) => {
    a = arena('flags');
    return attempt(a, args);
  };
  it.each<[string, string[], RegExp]>([
    [
      '"a_b" (its stack would be "a-b")',
      ['x', '--yes', '--no-git', '--name', 'a_b'],
      /only contain lowercase letters, digits and single hyphens/,
    ],
    ['an upper-case name (IAM role names ignore case)', ['x', '--yes', '--no-git', '--name', 'MyFn'], /lowercase/],
    ['a double hyphen', ['x', '--yes', '--no-git', '--name', 'a--b'], /Try "a-b"/],
    ['a name one character too long', ['x', '--yes', '--no-git', '--name', 'a'.repeat(38)], /38 characters; at most 37/],
    ['a name with a terminal escape', ['x', '--yes', '--no-git', '--name', 'a\u001b[31mb'], /only contain/],
    ['a folder whose name is no valid function name', ['My_Project', '--yes', '--no-git'], /Pass --name my-project/],
    [
      '--iac twice with different values',
      ['x', '--yes', '--no-git', '--iac', 'sam', '--iac', 'cdk'],
      /--iac is given twice with different values \("sam" and "cdk"\)/,
    ],
    ['-t and --template disagreeing', ['x', '--yes', '--no-git', '-t', 'http', '--template', 'sqs'], /given twice with different values/],
    ['--git and --no-git', ['x', '--yes', '--git', '--no-git'], /--git \/ --no-git is given twice/],
    ['--memory twice', ['x', '--yes', '--no-git', '--memory', '256', '--memory=512'], /--memory is given twice/],
    ['an empty --memory', ['x', '--yes', '--no-git', '--memory='], /invalid --memory "": not a number/],
    ['--memory 0x100', ['x', '--yes', '--no-git', '--memory', '0x100'], /not a number/],
    ['--timeout 1e2', ['x', '--yes', '--no-git', '--timeout', '1e2'], /not a number/],
    ['a region that is not one', ['x', '--yes', '--no-git', '--region', 'us-east-1"; rm -rf /'], /must look like us-east-1/],
    ['two directories', ['x', 'y', '--yes', '--no-git'], /at most one directory/],
  ])('%s', (_, args, message) => {
    expect(refusal(run(args))).toMatchObject(refused(2, message));
  });
  it('the same value twice is fine', () => {
    const o = run(['x', '--yes', '--no-git', '--iac', 'sam', '--iac', 'sam', '--dry-run']);
    expect(o.code, o.stderr).toBe(0);
  });
});
