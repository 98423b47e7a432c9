import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { gitAuthEnv } from '../../src/template/fetch-git.js';
import { validateFunctionManifest, variableProblem } from '../../src/template/manifest.js';
import { parseTemplateSource } from '../../src/template/source.js';

const IDS = ['http', 'sqs'];
const parse = (value: string) => parseTemplateSource(value, IDS, '/work/here');

describe('parseTemplateSource', () => {
  it.each([
    ['http', { kind: 'builtin', id: 'http' }],
    ['./my-template', { kind: 'local', path: '/work/here/my-template' }],
    ['../t', { kind: 'local', path: '/work/t' }],
    ['/abs/t', { kind: 'local', path: '/abs/t' }],
    ['~/t', { kind: 'local', path: `${homedir()}/t` }],
    ['github:acme/templates', { kind: 'git', url: 'https://github.com/acme/templates.git', ref: undefined, subdir: undefined, host: 'github.com' }],
    ['github:acme/templates/rust/http#v2', { kind: 'git', url: 'https://github.com/acme/templates.git', ref: 'v2', subdir: 'rust/http', host: 'github.com' }],
    ['gitlab:grp/repo#main', { kind: 'git', url: 'https://gitlab.com/grp/repo.git', ref: 'main', subdir: undefined, host: 'gitlab.com' }],
    ['bitbucket:team/repo/sub', { kind: 'git', url: 'https://bitbucket.org/team/repo.git', ref: undefined, subdir: 'sub', host: 'bitbucket.org' }],
    ['https://git.example.com/org/repo.git', { kind: 'git', url: 'https://git.example.com/org/repo.git', ref: undefined, subdir: undefined, host: 'git.example.com' }],
    ['https://git.example.com/org/repo.git/templates/http#a1b2c3', { kind: 'git', url: 'https://git.example.com/org/repo.git', ref: 'a1b2c3', subdir: 'templates/http', host: 'git.example.com' }],
    ['git@github.com:acme/t.git/x#dev', { kind: 'git', url: 'git@github.com:acme/t.git', ref: 'dev', subdir: 'x', host: 'github.com' }],
    ['file:///srv/repo.git/tpl#v1', { kind: 'git', url: 'file:///srv/repo.git', ref: 'v1', subdir: 'tpl', host: undefined }],
  ])('%s', (value, expected) => {
    expect(parse(value)).toEqual(expected);
  });
  it.each(['graphql', 'github:only-owner', 'ftp:/x', ''])('does not recognise %j', (value) => {
    expect(parse(value)).toBeUndefined();
  });
});

describe('gitAuthEnv', () => {
  it('sends a token from the environment as a header for its host only, never in the URL', () => {
    const env = gitAuthEnv('github.com', { GITHUB_TOKEN: 'sekret' });
    expect(env.GIT_CONFIG_KEY_0).toBe('http.https://github.com/.extraheader');
    expect(Buffer.from((env.GIT_CONFIG_VALUE_0 ?? '').replace('Authorization: Basic ', ''), 'base64').toString()).toBe('x-access-token:sekret');
    expect(gitAuthEnv('gitlab.com', { GITHUB_TOKEN: 'sekret' })).toEqual({});
    expect(gitAuthEnv(undefined, { GITHUB_TOKEN: 'sekret' })).toEqual({});
  });
});

describe('manifest validation', () => {
  const good = {
    id: 'x', title: 'X', description: 'an x', kind: 'function', architectures: ['arm64'], flavors: ['sam'],
    infra: { trigger: { type: 'http', routes: [{ method: 'GET', path: '/x' }] } },
  };
  it('accepts a good manifest', () => expect(validateFunctionManifest(good, ['sam'])).toEqual([]));
  it('reports every problem with its field', () => {
    const problems = validateFunctionManifest(
      {
        ...good, id: 'Bad Id', kind: 'lambda', flavors: ['pulumi'],
        infra: { trigger: { type: 'http', routes: [{ method: 'FETCH', path: 'x' }] }, table: { partitionKey: 'id', envVar: 'table', actions: ['dynamodb:*'] } },
        variables: [{ name: '1x', type: 'colour', description: '' }, { name: 'n', type: 'number', description: 'n', default: 'ten' }],
      },
      ['sam'],
    );
    for (const field of ['id:', 'kind:', 'flavors:', 'infra.trigger.routes[0].method:', 'infra.trigger.routes[0].path:', 'infra.table.envVar:', 'infra.table.actions:', 'variables[0].name:', 'variables[0].type:', 'variables[0].default:', 'variables[1].default:']) {
      expect(problems.join('\n')).toContain(field);
    }
  });
  it('checks variable values by type', () => {
    expect(variableProblem({ name: 'a', description: 'a', type: 'string', default: 'x', pattern: '[a-z]+' }, 'Abc')).toMatch(/must match/);
    expect(variableProblem({ name: 'a', description: 'a', type: 'number', default: 1, min: 1, max: 5 }, 9)).toMatch(/at most 5/);
    expect(variableProblem({ name: 'a', description: 'a', type: 'choice', default: 'x', choices: ['x', 'y'] }, 'z')).toMatch(/one of x, y/);
    expect(variableProblem({ name: 'a', description: 'a', type: 'boolean', default: true }, 'yes')).toMatch(/true or false/);
  });
});
