// Escaping for values that land inside generated code. Each returns a complete string literal,
// quotes included, so a template writes `name = {{toml name}}` and never has to think about quoting.

const COMMON: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** Backslash-escape quotes, backslashes and control characters; `other` spells the rest. */
function quoted(value: string, other: (code: number) => string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is this function's job
  const body = value.replace(/[\\"\u0000-\u001f\u007f]/g, (ch) => COMMON[ch] ?? other(ch.charCodeAt(0)));
  return `"${body}"`;
}

const hex4 = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;

/** TOML basic string. */
export function tomlString(value: string): string {
  return quoted(value, hex4);
}

/** YAML double-quoted scalar (JSON strings are valid YAML 1.2 double-quoted scalars). */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** HCL (Terraform) quoted string; `${` and `%{` would start an interpolation or directive. */
export function hclString(value: string): string {
  return quoted(value, hex4)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
}

/** TypeScript / JavaScript string literal. */
export function tsString(value: string): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Rust string literal. */
export function rustString(value: string): string {
  return quoted(value, (code) => (code === 0 ? '\\0' : `\\u{${code.toString(16)}}`));
}

/** POSIX shell word: as it is when it is plain, else quoted (the same quoting the CLI prints). */
export { shellQuote as shString } from '../text/shell.js';
