// How a function's template source is written into rust-lambda.toml, so `add` and `upgrade` find
// it again from the project's folder: a folder relative to the project, a git URL without the
// credentials it may have carried (a token must never land in a file that gets committed).
import { isAbsolute, relative, sep } from 'node:path';
import type { TemplateSource } from '../template/source.js';

export function recordedSource(value: string, source: TemplateSource, projectDir: string): string {
  if (source.kind === 'builtin') return source.id;
  if (source.kind === 'local') {
    const rel = relative(projectDir, source.path).split(sep).join('/');
    if (isAbsolute(rel)) return rel; // another drive on Windows
    return rel.startsWith('..') ? rel : `./${rel}`;
  }
  // scheme://user:password@host/… → scheme://host/…; scp-like user@host:… keeps its user (it names no secret)
  return value.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@]*@/, '$1');
}
