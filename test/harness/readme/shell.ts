// Enough of the POSIX shell grammar to read README commands statically: words with their
// quotes removed, `$(…)` substitutions taken out as commands of their own, leading VAR=value
// assignments, redirections (`> file`, `>> file`, `< file`) set apart from the arguments, and `&&`,
// `||`, `;`, `|` between commands.

export interface SimpleCommand {
  /** VAR=value words before the command */
  assignments: Record<string, string>;
  /** the command and its arguments, unquoted; `$(…)` stays as written */
  argv: string[];
  /** the raw words, to see how a word was quoted (e.g. a URL join) */
  raw: string[];
  /** the files it redirects to or from, unquoted (`> notification.json`: `notification.json`) */
  redirects: string[];
}

/** A redirection operator written as a word of its own (`>`, `>>`, `<`, `2>`). */
const REDIRECT = /^\d?(>>?|<)$/;

/** Splits `text` into words (quotes kept) and operators. */
function lex(text: string): string[] {
  const tokens: string[] = [];
  let word = '';
  let inWord = false;
  const flush = () => {
    if (inWord) tokens.push(word);
    word = '';
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === '\\' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      flush();
      continue;
    }
    if (ch === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const op = /^(&&|\|\||;|\||\n)/.exec(text.slice(i))?.[1];
    if (op) {
      flush();
      tokens.push(op);
      i += op.length - 1;
      continue;
    }
    inWord = true;
    if (ch === "'" || ch === '"') {
      const end = closing(text, i, ch);
      word += text.slice(i, end + 1);
      i = end;
    } else if (ch === '$' && text[i + 1] === '(') {
      const end = closingParen(text, i + 1);
      word += text.slice(i, end + 1);
      i = end;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new Error(`unclosed \` in: ${text}`);
      word += text.slice(i, end + 1);
      i = end;
    } else {
      word += ch;
    }
  }
  flush();
  return tokens;
}

function closing(text: string, start: number, quote: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (quote === '"' && text[i] === '$' && text[i + 1] === '(') i = closingParen(text, i + 1);
    else if (text[i] === quote) return i;
  }
  throw new Error(`unclosed ${quote} in: ${text}`);
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" || ch === '"') i = closing(text, i, ch);
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  throw new Error(`unclosed $( in: ${text}`);
}

/** A word without its quotes (variables and substitutions stay as written). */
export function unquote(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] as string;
    if (ch === "'" || ch === '"') {
      const end = closing(word, i, ch);
      const inner = word.slice(i + 1, end);
      out += ch === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
      i = end;
    } else if (ch === '$' && word[i + 1] === '(') {
      const end = closingParen(word, i + 1);
      out += word.slice(i, end + 1);
      i = end;
    } else if (ch === '\\') {
      out += word[++i] ?? '';
    } else {
      out += ch;
    }
  }
  return out;
}

/** The `$(…)` substitutions inside a word, as command texts. */
export function substitutions(word: string): string[] {
  const found: string[] = [];
  for (let i = word.indexOf('$('); i >= 0; i = word.indexOf('$(', i + 1)) {
    const end = closingParen(word, i + 1);
    const inner = word.slice(i + 2, end);
    // `$(( … ))` is arithmetic, not a command; the substitutions inside it still run
    if (inner.startsWith('(') && inner.endsWith(')')) found.push(...substitutions(inner.slice(1, -1)));
    else found.push(inner);
    i = end;
  }
  return found;
}

/** Every simple command in `text`, those inside `$(…)` included (after the command that holds them). */
export function simpleCommands(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let raw: string[] = [];
  const end = () => {
    if (raw.length === 0) return;
    const assignments: Record<string, string> = {};
    let i = 0;
    for (; i < raw.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(raw[i] as string); i++) {
      const [name, ...value] = (raw[i] as string).split('=');
      assignments[name as string] = unquote(value.join('='));
    }
    const words: string[] = [];
    const redirects: string[] = [];
    for (let w = i; w < raw.length; w++) {
      if (REDIRECT.test(raw[w] as string)) redirects.push(unquote(raw[++w] ?? ''));
      else words.push(raw[w] as string);
    }
    commands.push({ assignments, argv: words.map(unquote), raw: words, redirects });
    for (const word of raw) for (const inner of substitutions(word)) commands.push(...simpleCommands(inner));
    raw = [];
  };
  for (const token of lex(text)) {
    if (['&&', '||', ';', '|', '\n'].includes(token)) end();
    else raw.push(token);
  }
  end();
  return commands;
}
