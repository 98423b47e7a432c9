import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { gitAuthEnv } from '../../src/template/fetch-git.js';
import { describeSource, parseTemplateSource, redact, refProblem } from '../../src/template/source.js';

const IDS = ['http', 'sqs'];
const parse = (value: string) => parseTemplateSource(value, IDS, '/work/here');

describe('parseTemplateSource', () => {
  it.each([
    ['http', { kind: 'builtin', id: 'http' }],
    ['./my-template', { kind: 'local', path: '/work/here/my-template' }],
    ['../t', { kind: 'local', path: '/work/t' }],
    ['/abs/t', { kind: 'local', path: '/abs/t' }],
    ['~/t', { kind: 'local', path: `${homedir()}/t` }],
    [
      'github:acme/templates',
      { kind: 'git', url: 'https://github.com/acme/templates.git', ref: undefined, subdir: undefined, host: 'github.com' },
    ],
    [
      'github:acme/templates/rust/http#v2',
      { kind: 'git', url: 'https://github.com/acme/templates.git', ref: 'v2', subdir: 'rust/http', host: 'github.com' },
    ],
    ['gitlab:grp/repo#main', { kind: 'git', url: 'https://gitlab.com/grp/repo.git', ref: 'main', subdir: undefined, host: 'gitlab.com' }],
    [
      'bitbucket:team/repo/sub',
      { kind: 'git', url: 'https://bitbucket.org/team/repo.git', ref: undefined, subdir: 'sub', host: 'bitbucket.org' },
    ],
    [
      'https://git.example.com/org/repo.git',
      { kind: 'git', url: 'https://git.example.com/org/repo.git', ref: undefined, subdir: undefined, host: 'git.example.com' },
    ],
    [
      'https://git.example.com/org/repo.git/templates/http#a1b2c3',
      { kind: 'git', url: 'https://git.example.com/org/repo.git', ref: 'a1b2c3', subdir: 'templates/http', host: 'git.example.com' },
    ],
    ['git@github.com:acme/t.git/x#dev', { kind: 'git', url: 'git@github.com:acme/t.git', ref: 'dev', subdir: 'x', host: 'github.com' }],
    ['file:///srv/repo.git/tpl#v1', { kind: 'git', url: 'file:///srv/repo.git', ref: 'v1', subdir: 'tpl', host: undefined }],
    // the go-getter / Terraform form: "//" ends the repository
    [
      'https://git.example.com/org/repo//templates/http#v1',
      { kind: 'git', url: 'https://git.example.com/org/repo', ref: 'v1', subdir: 'templates/http', host: 'git.example.com' },
    ],
    [
      'https://git.example.com/org/repo.git//templates/http#v1',
      { kind: 'git', url: 'https://git.example.com/org/repo.git', ref: 'v1', subdir: 'templates/http', host: 'git.example.com' },
    ],
    ['file:///srv/repo.git//tpl#v1', { kind: 'git', url: 'file:///srv/repo.git', ref: 'v1', subdir: 'tpl', host: undefined }],
    [
      'git@host.example:org/repo.git//tpl',
      { kind: 'git', url: 'git@host.example:org/repo.git', ref: undefined, subdir: 'tpl', host: 'host.example' },
    ],
    [
      'ssh://git@host.example:2222/org/repo//a/b/',
      { kind: 'git', url: 'ssh://git@host.example:2222/org/repo', ref: undefined, subdir: 'a/b', host: 'host.example:2222' },
    ],
    [
      'git://host.example/repo.git#refs/tags/v1.2',
      { kind: 'git', url: 'git://host.example/repo.git', ref: 'refs/tags/v1.2', subdir: undefined, host: 'host.example' },
    ],
    [
      'github:acme/templates//rust/http#v2',
      { kind: 'git', url: 'https://github.com/acme/templates.git', ref: 'v2', subdir: 'rust/http', host: 'github.com' },
    ],
    // a host that ends in ".git" is not the end of the repository
    [
      'https://code.git/org/repo.git/tpl',
      { kind: 'git', url: 'https://code.git/org/repo.git', ref: undefined, subdir: 'tpl', host: 'code.git' },
    ],
    // a full commit id, and a ref that holds "#"
    [
      'https://h.example/r.git#0123456789abcdef0123456789abcdef01234567',
      {
        kind: 'git',
        url: 'https://h.example/r.git',
        ref: '0123456789abcdef0123456789abcdef01234567',
        subdir: undefined,
        host: 'h.example',
      },
    ],
    ['https://h.example/r.git#a#b', { kind: 'git', url: 'https://h.example/r.git', ref: 'a#b', subdir: undefined, host: 'h.example' }],
  ])('%s', (value, expected) => {
    expect(parse(value)).toEqual(expected);
  });
  it.each(['graphql', 'github:only-owner', 'ftp:/x', ''])('does not recognise %j', (value) => {
    expect(parse(value)).toBeUndefined();
  });

  const refusedAs = (value: string) => {
    try {
      parse(value);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error(`${JSON.stringify(value)} was accepted`);
  };
  it.each([
    // a ref that is an option, refspec syntax, or not a ref name
    ['file:///r.git/http#--upload-pack=touch /tmp/x', /ref "--upload-pack=touch \/tmp\/x": a ref may not start with "-"/],
    ['https://h.example/r.git#-n', /ref "-n"/],
    ['github:a/b#--output=/tmp/x', /ref "--output=\/tmp\/x"/],
    ['https://h.example/r.git#+main', /ref "\+main"/],
    ['https://h.example/r.git#main:refs/heads/x', /not a valid git ref name/],
    ['https://h.example/r.git#^main', /not a valid git ref name/],
    ['https://h.example/r.git#refs/heads/*', /not a valid git ref name/],
    ['https://h.example/r.git#v1..v2', /not a valid git ref name/],
    ['https://h.example/r.git#@{-1}', /not a valid git ref name/],
    ['https://h.example/r.git#main\nfatal: x', /ref "main\\nfatal: x"/],
    ['https://h.example/r.git#.hidden', /not a valid git ref name/],
    ['https://h.example/r.git#x.lock', /not a valid git ref name/],
    ['https://h.example/r.git#a b', /not a valid git ref name/],
    ['https://h.example/r.git#été', /not a valid git ref name/],
    // transports other than https, ssh, git, file, and helper syntax
    ['ext::sh -c touch% /tmp/x', /"::" \(git transport helper syntax\)/],
    ['fd::17', /"::"/],
    ['http://h.example/r.git', /transport "http" is not allowed \(allowed: https, ssh, git, file\)/],
    ['HTTPS://h.example/r.git', /transport "HTTPS" is not allowed/],
    ['git+ssh://h.example/r.git', /transport "git\+ssh" is not allowed/],
    ['ftp://h.example/r.git', /transport "ftp"/],
    ['https://h.example/a::b.git', /"::"/],
    // anything that ssh or git could read as an option, whitespace, control characters
    ['ssh://-oProxyCommand=touch%20/tmp/x/r.git', /may start with "-"/],
    ['ssh://%2DoProxyCommand=x/r.git', /may start with "-"/],
    ['ssh://-l@h.example/r.git', /may start with "-"/],
    ['ssh://h.example/-r.git', /may start with "-"/],
    ['-oProxyCommand=x@h.example:r.git', /may start with "-"/],
    ['git@-oProxyCommand=x:r.git', /may start with "-"/],
    ['git@h.example:--upload-pack=x', /may start with "-"/],
    ['file://-x/r.git', /file:\/\/ URL takes no host/],
    ['https://h.example/r.git\t', /whitespace and control characters/],
    ['ssh://h.example/r%0a.git', /whitespace and control characters/],
    ['https://h.example/r%zz.git', /percent-encoding/],
    ['file://h.example/srv/r.git', /file:\/\/ URL takes no host/],
    ['https://h.example', /names no repository/],
    // a folder that could leave the checkout
    ['https://h.example/r.git//../../etc', /folder "\.\.\/\.\.\/etc": a folder may not have empty, "\." or "\.\." parts/],
    ['https://h.example/r.git/a/../../b', /folder "a\/\.\.\/\.\.\/b"/],
    ['file:///r.git/./http', /folder "\.\/http"/],
    ['file:///r.git//a//b', /folder "a\/\/b"/],
    ['file:///r.git///abs', /folder "\/abs"/],
    ['github:a/b/x/../../..', /folder "x\/\.\.\/\.\.\/\.\."/],
    ['file:///r.git/a\u0007b', /control characters/],
    ['file:///r.git/..\\..\\x', /control characters and "\\" are not allowed in a folder/],
  ])('refuses %j with exit 2', (value, message) => {
    expect(refusedAs(value)).toMatch(message);
  });

  it('never shows a token from a URL', () => {
    expect(refusedAs('https://user:sekret@h.example/r.git#-x')).not.toContain('sekret');
    expect(refusedAs('https://sekret@h.example/r.git#-x')).not.toContain('sekret');
    expect(describeSource(parse('https://user:sekret@h.example/r.git#v1') as never)).toBe('https://user:***@h.example/r.git at v1');
    expect(redact("fatal: repository 'https://ghp_abc@github.com/a/b.git/' not found")).toBe(
      "fatal: repository 'https://***@github.com/a/b.git/' not found",
    );
  });
});

describe('refProblem', () => {
  const gitAccepts = (ref: string) => spawnSync('git', ['check-ref-format', '--allow-onelevel', ref]).status === 0;
  it('accepts what git accepts for ordinary refs', () => {
    for (const ref of ['main', 'v1.2.3', 'refs/tags/v1', 'feature/x-y_z', 'HEAD', 'a#b', '0123456789abcdef0123456789abcdef01234567']) {
      expect(gitAccepts(ref), ref).toBe(true);
      expect(refProblem(ref), ref).toBeUndefined();
    }
  });
  it('is never looser than git check-ref-format (random refs from the characters that matter)', () => {
    const alphabet = ['a', 'b', '1', '.', '/', '-', '+', '@', '{', '}', '~', '^', ':', '?', '*', '[', '\\', ' ', '#', 'lock', '\t', 'é'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % alphabet.length;
    for (let i = 0; i < 300; i++) {
      const ref = Array.from({ length: 1 + (i % 7) }, () => alphabet[next()]).join('');
      if (refProblem(ref) === undefined) expect(gitAccepts(ref), JSON.stringify(ref)).toBe(true);
    }
  });
});

describe('gitAuthEnv', () => {
  it('sends a token from the environment as a header for its host only, never in the URL', () => {
    const env = gitAuthEnv('github.com', { GITHUB_TOKEN: 'sekret' });
    expect(env.GIT_CONFIG_KEY_0).toBe('http.https://github.com/.extraheader');
    expect(Buffer.from((env.GIT_CONFIG_VALUE_0 ?? '').replace('Authorization: Basic ', ''), 'base64').toString()).toBe(
      'x-access-token:sekret',
    );
    expect(gitAuthEnv('gitlab.com', { GITHUB_TOKEN: 'sekret' })).toEqual({});
    expect(gitAuthEnv(undefined, { GITHUB_TOKEN: 'sekret' })).toEqual({});
  });
  it('adds to the configuration the environment already carries', () => {
    const env = gitAuthEnv('github.com', { GITHUB_TOKEN: 'sekret', GIT_CONFIG_COUNT: '2' });
    expect(env.GIT_CONFIG_COUNT).toBe('3');
    expect(env.GIT_CONFIG_KEY_2).toBe('http.https://github.com/.extraheader');
  });
});
