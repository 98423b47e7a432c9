// Text from the user, a template or the file system, made safe to print on a terminal.

/** Controls (C0, DEL, C1), invisible formatting marks (bidi overrides and isolates, zero-width, BOM) and line/paragraph separators. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const ANY_UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Whether `text` has a character that printable() would escape. */
export function hasUnsafe(text: string): boolean {
  return ANY_UNSAFE.test(text);
}

/**
 * `text` with every control character shown as a visible escape (`\x1b`, `\u202e`), so a folder name cannot
 * repaint the terminal or reverse what is shown. The escapes are also what bash's `$'…'` reads back.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0) as number;
    if (code < 0x80) return `\\x${code.toString(16).padStart(2, '0')}`;
    return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\U${code.toString(16).padStart(8, '0')}`;
  });
}

/** A message from elsewhere (a parser, another program) that may span lines, as one printable line. */
export function oneLine(text: string): string {
  return printable(text.trim().replace(/\s*[\r\n]+\s*/g, ' '));
}
