// Where a function template comes from: a built-in id, a local folder, or a git repository.
// A git source is untrusted input and is checked here, before git sees any of it: no part of it
// may become a git option, a transport helper or a path outside the checkout.
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { hasUnsafe, printable } from '../text/printable.js';

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

/** The only transports git may use for a template (the fetch also sets GIT_ALLOW_PROTOCOL to these). */
export const GIT_TRANSPORTS = ['https', 'ssh', 'git', 'file'];

export const SOURCE_FORMS =
  './path, /abs/path, ~/path, github:owner/repo[/dir][#ref], gitlab:…, bitbucket:…, ' +
  'https://…/repo.git[/dir][#ref], https://…/repo[//dir][#ref], git@host:repo.git[/dir][#ref], ssh://…, git://…, file:///…';

/**
 * Hide credentials in `scheme://user:password@host`, and the user of `http(s)://user@host`
 * (often a token): a token in a URL must never be shown.
 */
export function redact(text: string): string {
  return text.replace(/(\/\/[^/@\s:]*):[^/@\s]*@/g, '$1:***@').replace(/(https?:\/\/)[^/@\s:]+@/gi, '$1***@');
}

const refused = (what: string, value: string, why: string) =>
  new UsageError(`invalid --template ${what} ${printable(JSON.stringify(redact(value)))}: ${printable(why)}`);

/**
 * Why `ref` is not a ref we pass to git, or undefined. The rules of `git check-ref-format
 * --allow-onelevel`, made stricter: printable ASCII only, and no leading "-" (an option) or
 * "+" (refspec syntax). A 40-hex commit id passes these rules too.
 */
export function refProblem(ref: string): string | undefined {
  if (ref.startsWith('-') || ref.startsWith('+')) return 'a ref may not start with "-" or "+"';
  if (/[^\x21-\x7e]|[~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$|^@$|(^|\/)\.|\.lock(\/|$)/.test(ref)) {
    return 'not a valid git ref name (see git check-ref-format)';
  }
  return undefined;
}

function subdirProblem(dir: string): string | undefined {
  if (hasUnsafe(dir) || dir.includes('\\')) return 'control characters and "\\" are not allowed in a folder';
  if (dir.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'a folder may not have empty, "." or ".." parts';
  return undefined;
}

const SCP = /^([^@/:]+)@([^@/:]+):(.*)$/;

function urlProblem(url: string): string | undefined {
  if (/\s/.test(url) || hasUnsafe(url)) return 'whitespace and control characters are not allowed in a repository URL';
  if (url.includes('::')) return '"::" (git transport helper syntax) is not allowed';
  let parts: string[];
  const scp = SCP.exec(url);
  if (scp) {
    parts = [scp[1] as string, scp[2] as string, ...(scp[3] as string).split('/')];
  } else {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1] ?? '';
    if (!GIT_TRANSPORTS.includes(scheme)) return `the transport "${scheme}" is not allowed (allowed: ${GIT_TRANSPORTS.join(', ')})`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'not a valid URL';
    }
    if ((scheme === 'file') !== (parsed.hostname === '')) return scheme === 'file' ? 'a file:// URL takes no host' : 'the URL has no host';
    parts = [parsed.username, parsed.hostname, ...parsed.pathname.split('/')];
  }
  let decoded: string[];
  try {
    decoded = parts.map((p) => decodeURIComponent(p));
  } catch {
    return 'bad percent-encoding in the repository URL';
  }
  // ssh and git would take a leading "-" in a user, host or path as an option
  if (decoded.some((p) => p.startsWith('-'))) return 'no user, host or path part of a repository URL may start with "-"';
  if (decoded.some((p) => /\s/.test(p) || hasUnsafe(p))) return 'whitespace and control characters are not allowed in a repository URL';
  if (!decoded.slice(2).some(Boolean)) return 'the URL names no repository';
  return undefined;
}

/** The one place a git source is made: every part is checked, or the run stops with exit 2. */
function gitSource(url: string, subdir: string | undefined, ref: string | undefined): TemplateSource {
  const urlWhy = urlProblem(url);
  if (urlWhy) throw refused('repository URL', url, urlWhy);
  const dir = subdir?.replace(/\/+$/, '') || undefined; // "repo.git/tpl/" is "tpl"
  const dirWhy = dir === undefined ? undefined : subdirProblem(dir);
  if (dirWhy) throw refused('folder', dir as string, dirWhy);
  const refWhy = ref === undefined ? undefined : refProblem(ref);
  if (refWhy) throw refused('ref', ref as string, refWhy);
  const host = SCP.exec(url)?.[2] ?? (new URL(url).host || undefined);
  return { kind: 'git', url, ref, subdir: dir, host };
}

/**
 * Parse `--template`. Returns undefined when the value is neither a built-in id nor any
 * recognised source form (the caller reports the valid values); throws a UsageError for a git
 * source with a part that is not allowed.
 */
export function parseTemplateSource(value: string, builtinIds: readonly string[], cwd: string): TemplateSource | undefined {
  if (builtinIds.includes(value)) return { kind: 'builtin', id: value };

  if (value === '~' || value.startsWith('~/')) return { kind: 'local', path: resolve(homedir(), value.slice(2)) };
  if (value === '.' || value === '..' || value.startsWith('./') || value.startsWith('../') || isAbsolute(value)) {
    return { kind: 'local', path: resolve(cwd, value) };
  }

  // the ref is everything after the first "#" (a URL has no "#"; a ref may)
  const hash = value.indexOf('#');
  const location = hash < 0 ? value : value.slice(0, hash);
  const ref = hash < 0 ? undefined : value.slice(hash + 1) || undefined;

  const shorthand = /^(github|gitlab|bitbucket):([^/]+)\/([^/]+)(?:\/\/?(.*))?$/.exec(location);
  if (shorthand) {
    const [, host, owner, repo, subdir] = shorthand as unknown as [string, string, string, string, string?];
    return gitSource(`${HOSTS[host]}/${owner}/${repo.replace(/\.git$/, '')}.git`, subdir, ref);
  }

  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(location))
    throw refused('repository URL', location, '"::" (git transport helper syntax) is not allowed');
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(location);
  if (scheme || SCP.test(location)) {
    // the repository's path starts after the host ("scheme://host/…", "user@host:…"); within it,
    // "//" ends the repository (https://host/org/repo//templates/http), else ".git/" does
    const hostEnd = scheme ? location.indexOf('/', scheme[0].length) : location.indexOf(':') + 1;
    const pathStart = hostEnd < 0 ? location.length : hostEnd;
    const slashes = location.indexOf('//', pathStart);
    const dotGit = location.indexOf('.git/', pathStart);
    const [end, skip] = slashes >= 0 ? [slashes, 2] : dotGit >= 0 ? [dotGit + 4, 1] : [location.length, 0];
    return gitSource(location.slice(0, end), location.slice(end + skip) || undefined, ref);
  }
  return undefined;
}

/** How a source is shown in messages (never with a token). */
export function describeSource(source: TemplateSource): string {
  switch (source.kind) {
    case 'builtin':
      return `built-in template "${printable(source.id)}"`;
    case 'local':
      return printable(source.path);
    case 'git':
      return printable(`${redact(source.url)}${source.subdir ? ` (folder ${source.subdir})` : ''}${source.ref ? ` at ${source.ref}` : ''}`);
  }
}
