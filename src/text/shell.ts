// Words for a POSIX shell: what the CLI prints for the user to paste, and the `sh` template helper.
import { printable } from './printable.js';

/**
 * Quote for a POSIX shell only when needed. Control characters go in bash's `$'…'` as visible escapes, so the
 * printed line cannot repaint the terminal and still pastes as the same word.
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_\-./:@+,][A-Za-z0-9_\-./=:@+,]*$/.test(value)) return value; // not `=…`: zsh expands it
  if (printable(value) === value) return `'${value.replace(/'/g, `'\\''`)}'`;
  const bytes = (c: string) => [...Buffer.from(c)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
  // `\u…` becomes its UTF-8 bytes: bash reads `\x..` the same in every locale
  const escaped = printable(value.replace(/[\\'!]/g, bytes)).replace(
    /\\u([0-9a-f]{4})|\\U([0-9a-f]{8})/g,
    (_, bmp?: string, astral?: string) => bytes(String.fromCodePoint(parseInt((bmp ?? astral) as string, 16))),
  );
  return `$'${escaped}'`;
}
