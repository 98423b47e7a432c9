// Where a function template comes from: a built-in id, a local folder, or a git repository.
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';

export type TemplateSource =
  | { kind: 'builtin'; id: string }
  | { kind: 'local'; path: string }
  | { kind: 'git'; url: string; ref?: string; subdir?: string; host?: string };

/** Shorthand hosts: `github:owner/repo/sub/dir#ref`. */
const HOSTS: Record<string, string> = {
  github: 'https://github.com',
  gitlab: 'https://gitlab.com',
  bitbucket: 'https://bitbucket.org',
};

export const SOURCE_FORMS = './path, /abs/path, ~/path, github:owner/repo[/dir][#ref], gitlab:…, bitbucket:…, https://…/repo.git[/dir][#ref], git@host:repo.git[/dir][#ref]';

function splitRef(value: string): [string, string | undefined] {
  const hash = value.lastIndexOf('#');
  return hash < 0 ? [value, undefined] : [value.slice(0, hash), value.slice(hash + 1) || undefined];
}

const cleanSubdir = (dir: string | undefined) => {
  const trimmed = dir?.replace(/^\/+|\/+$/g, '');
  return trimmed ? trimmed : undefined;
};

/**
 * Parse `--template`. Returns undefined when the value is neither a built-in id nor any
 * recognised source form (the caller reports the valid values).
 */
export function parseTemplateSource(value: string, builtinIds: readonly string[], cwd: string): TemplateSource | undefined {
  if (builtinIds.includes(value)) return { kind: 'builtin', id: value };

  if (value === '~' || value.startsWith('~/')) return { kind: 'local', path: resolve(homedir(), value.slice(2)) };
  if (value === '.' || value === '..' || value.startsWith('./') || value.startsWith('../') || isAbsolute(value)) {
    return { kind: 'local', path: resolve(cwd, value) };
  }

  const shorthand = /^(github|gitlab|bitbucket):([^/#]+)\/([^/#]+)(\/[^#]*)?(?:#(.*))?$/.exec(value);
  if (shorthand) {
    const [, host, owner, repo, subdir, ref] = shorthand as unknown as [string, string, string, string, string?, string?];
    const name = repo.replace(/\.git$/, '');
    return { kind: 'git', url: `${HOSTS[host]}/${owner}/${name}.git`, ref: ref || undefined, subdir: cleanSubdir(subdir), host: new URL(HOSTS[host] as string).host };
  }

  if (/^(https?|ssh|git|file):\/\//.test(value) || /^[\w.-]+@[\w.-]+:/.test(value)) {
    const [location, ref] = splitRef(value);
    // a subfolder follows the repository's ".git": https://host/org/repo.git/templates/http
    const at = location.indexOf('.git/');
    const url = at < 0 ? location : location.slice(0, at + 4);
    const subdir = at < 0 ? undefined : cleanSubdir(location.slice(at + 5));
    let host: string | undefined;
    try {
      host = new URL(url).host || undefined;
    } catch {
      host = /@([\w.-]+):/.exec(url)?.[1];
    }
    return { kind: 'git', url, ref, subdir, host };
  }
  return undefined;
}

/** How a source is shown in messages (never with a token). */
export function describeSource(source: TemplateSource): string {
  switch (source.kind) {
    case 'builtin':
      return `built-in template "${source.id}"`;
    case 'local':
      return source.path;
    case 'git':
      return `${source.url}${source.subdir ? ` (folder ${source.subdir})` : ''}${source.ref ? ` at ${source.ref}` : ''}`;
  }
}
