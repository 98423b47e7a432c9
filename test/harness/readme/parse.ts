// The generated README as data: its sections, the `sh` blocks in each, the commands of a block
// (continuation lines joined) and what a comment says a command prints. The README runner runs
// these commands and the static checker reads them, so both see the README the way a user does.

export interface Expectation {
  /** an HTTP status the answer must carry (API Gateway response or `curl -i`) */
  status?: number;
  /** the JSON the answer's body must equal; a string "…" matches any string */
  json?: unknown;
  /** a plain word or line the output must equal (e.g. `ACTIVE`) */
  text?: string;
  /** the command must fail (exit non-zero) and print this text, white space and box drawing aside (`# error: …`) */
  error?: string;
  /** the comment as written, for messages */
  source: string;
}

export interface Command {
  /** the command as the user types it (continuations joined with their backslash-newline) */
  text: string;
  /** 1-based line of the README where it starts */
  line: number;
  expect?: Expectation;
}

export interface Block {
  /** the heading path, e.g. ['Run it locally', 'Unit tests'] */
  section: string[];
  line: number;
  /** the block's text as written */
  code: string;
  commands: Command[];
}

/**
 * `# 200 {"a":1}`, `# {"a":1}`, `# 404`, `# => ACTIVE`, `# error: message`: what a comment promises.
 * Prose comments give undefined.
 */
export function parseExpectation(comment: string): Expectation | undefined {
  const source = comment.trim();
  const error = /^error:\s*(.+)$/.exec(source);
  if (error) return { error: (error[1] as string).trim(), source };
  const arrow = /^=>\s*(.+)$/.exec(source);
  if (arrow) return { text: (arrow[1] as string).trim(), source };
  const m = /^(?:(\d{3})\b\s*)?([[{].*)?$/.exec(source);
  if (!m || (!m[1] && !m[2])) return undefined;
  const expectation: Expectation = { source };
  if (m[1]) expectation.status = Number(m[1]);
  if (m[2]) {
    try {
      expectation.json = JSON.parse(m[2]);
    } catch (err) {
      // a comment that looks like an expectation must be one: a typo must not silently pass
      throw new Error(`README expectation is not valid JSON: # ${source} (${(err as Error).message})`);
    }
  }
  return expectation;
}

/** The comment at the end of a shell line (a `#` after white space, outside quotes). */
export function trailingComment(line: string): { code: string; comment?: string } {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '\\') i++;
    else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] as string)))
      return { code: line.slice(0, i).trimEnd(), comment: line.slice(i + 1) };
  }
  return { code: line };
}

/** Splits a block into commands; a comment line right after a command, or at its end, may be its expectation. */
export function commandsOf(code: string, firstLine: number): Command[] {
  const commands: Command[] = [];
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const { code: head, comment } = trailingComment(raw);
    if (head.trim() === '') {
      // a comment line: it belongs to the command just before it when it is an expectation
      const expect = parseExpectation(comment ?? '');
      const last = commands.at(-1);
      if (expect && last && !last.expect && lines[i - 1]?.trim() !== '' && !lines[i - 1]?.trim().startsWith('#')) last.expect = expect;
      continue;
    }
    const start = i;
    let text = raw;
    let tail = comment;
    while (/\\$/.test(trailingComment(lines[i] as string).code) && i + 1 < lines.length) {
      i++;
      text += `\n${lines[i]}`;
      tail = trailingComment(lines[i] as string).comment;
    }
    const command: Command = { text, line: firstLine + start };
    const expect = tail === undefined ? undefined : parseExpectation(tail);
    if (expect) command.expect = expect;
    commands.push(command);
  }
  return commands;
}

/** Every fenced `sh` block with the headings above it. Blocks inside list items count too. */
export function parseReadme(markdown: string): Block[] {
  const blocks: Block[] = [];
  const headings: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const depth = (heading[1] as string).length;
      headings.length = Math.max(0, depth - 2);
      if (depth >= 2) headings[depth - 2] = (heading[2] as string).trim();
      continue;
    }
    const fence = /^(\s*)```(\S*)\s*$/.exec(line);
    if (!fence) continue;
    const indent = (fence[1] as string).length;
    const body: string[] = [];
    const start = i + 1;
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] as string); i++) body.push((lines[i] as string).slice(indent));
    if (fence[2] !== 'sh') continue;
    const code = body.join('\n');
    blocks.push({ section: headings.filter(Boolean), line: start, code, commands: commandsOf(code, start + 1) });
  }
  return blocks;
}

/** The top-level section names, in order, for checks on the README's shape. */
export function sectionsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^## (.+)$/gm)].map((m) => (m[1] as string).trim());
}
