// Text from the user, a template or the file system, made safe to print on a terminal.

// C0 controls, DEL, C1 controls, and the invisible marks that reorder text (bidi overrides, isolates, line separators)
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character shown as a visible escape (`\x1b`, `\u202e`), so a folder name cannot
 * repaint the terminal or reverse what is shown. The escapes are also what bash's `$'…'` reads back.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
