// Escaping for values that land inside generated code. Each returns a complete string literal,
// quotes included, so a template writes `name = {{toml name}}` and never has to think about quoting.

const hex4 = (code: number) => code.toString(16).padStart(4, '0');

/** TOML basic string. */
export function tomlString(value: string): string {
  const body = value.replace(/[\\"\u0000-\u001f\u007f]/g, (ch) => {
    switch (ch) {
      case '\\': return '\\\\';
      case '"': return '\\"';
      case '\n': return '\\n';
      case '\t': return '\\t';
      case '\r': return '\\r';
      default: return `\\u${hex4(ch.charCodeAt(0))}`;
    }
  });
  return `"${body}"`;
}

/** YAML double-quoted scalar (JSON strings are valid YAML 1.2 double-quoted scalars). */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** HCL (Terraform) quoted string; `${` and `%{` would start an interpolation or directive. */
export function hclString(value: string): string {
  const body = value
    .replace(/[\\"\u0000-\u001f\u007f]/g, (ch) => {
      switch (ch) {
        case '\\': return '\\\\';
        case '"': return '\\"';
        case '\n': return '\\n';
        case '\t': return '\\t';
        case '\r': return '\\r';
        default: return `\\u${hex4(ch.charCodeAt(0))}`;
      }
    })
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${body}"`;
}

/** TypeScript / JavaScript string literal. */
export function tsString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Rust string literal. */
export function rustString(value: string): string {
  const body = value.replace(/[\\"\u0000-\u001f\u007f]/g, (ch) => {
    switch (ch) {
      case '\\': return '\\\\';
      case '"': return '\\"';
      case '\n': return '\\n';
      case '\t': return '\\t';
      case '\r': return '\\r';
      case '\0': return '\\0';
      default: return `\\u{${ch.charCodeAt(0).toString(16)}}`;
    }
  });
  return `"${body}"`;
}
