import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hclString, rustString, tomlString, tsString, yamlString } from '../../src/template/escape.js';

const NASTY = [
  'plain',
  'quote " inside',
  'back\\slash',
  'new\nline\ttab\r',
  'ctrl \u0001\u001f\u007f',
  'unicode é 函数 😀',
  '${var} %{if x}',
  "it's",
  '\u2028\u2029',
  '',
];

describe('tomlString', () => {
  it('round-trips through a real TOML parser (Python tomllib)', () => {
    const doc = NASTY.map((s, i) => `k${i} = ${tomlString(s)}`).join('\n');
    const py = spawnSync('python3', ['-c', 'import sys,tomllib,json; print(json.dumps(tomllib.loads(sys.stdin.read())))'], {
      input: doc,
      encoding: 'utf8',
    });
    expect(py.status, py.stderr).toBe(0);
    const parsed = JSON.parse(py.stdout) as Record<string, string>;
    NASTY.forEach((s, i) => expect(parsed[`k${i}`]).toBe(s));
  });
});

describe('yamlString', () => {
  it('round-trips (a YAML double-quoted scalar read as JSON)', () => {
    for (const s of NASTY) expect(JSON.parse(yamlString(s))).toBe(s);
  });
});

describe('tsString', () => {
  it('round-trips through the JavaScript parser', () => {
    for (const s of NASTY) expect(new Function(`return ${tsString(s)};`)()).toBe(s);
  });
});

/** Decoder for the escapes HCL and Rust strings use, to check the encoders round-trip. */
function decode(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  const body = literal.slice(1, -1);
  expect(body).not.toMatch(/(^|[^\\])(\\\\)*"/); // no unescaped quote inside
  return body.replace(/\\(u\{([0-9a-f]+)\}|u([0-9a-f]{4})|.)/g, (_, esc: string, braced?: string, four?: string) => {
    if (braced || four) return String.fromCodePoint(parseInt((braced ?? four) as string, 16));
    return { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\' }[esc] ?? `\\${esc}`;
  });
}

describe('hclString', () => {
  it('round-trips and never starts an interpolation or directive', () => {
    for (const s of NASTY) {
      const literal = hclString(s);
      expect(literal).not.toMatch(/(^|[^$])\$\{/);
      expect(literal).not.toMatch(/(^|[^%])%\{/);
      expect(
        decode(literal)
          .replace(/\$\$\{/g, '${')
          .replace(/%%\{/g, '%{'),
      ).toBe(s);
    }
  });
});

describe('rustString', () => {
  it('round-trips with only Rust escapes', () => {
    for (const s of NASTY) {
      const literal = rustString(s);
      expect(literal).not.toMatch(/\\u[0-9a-f]{4}/); // Rust needs \u{…}
      expect(decode(literal)).toBe(s);
    }
  });
});
