// Judges a function's log output as Lambda's JSON log format wants it: every line one JSON object
// with a level and the event's fields (the Rust runtime's subscriber, given AWS_LAMBDA_LOG_FORMAT=JSON),
// and every line logged inside an invocation carrying that invocation's request id, which the
// runtime puts on its "Lambda runtime invoke" span.

interface LogLine {
  level?: unknown;
  fields?: unknown;
  /** every span the line is inside, outermost first (`span` is the innermost) */
  spans?: { requestId?: unknown }[];
}

const requestIdOf = (line: LogLine): string | undefined => {
  const id = line.spans?.find((s) => typeof s?.requestId === 'string' && s.requestId !== '')?.requestId;
  return id as string | undefined;
};

/**
 * Throws at the first line that is not such an object, or that is inside a span but not inside an
 * invocation's; and when no line carries a request id (the case logs nothing per invocation, or the
 * span lost it). `output`: the text, or its lines; `truncated`: it is a tail, so its first line may be cut.
 */
export function judgeJsonLogs(output: string | string[], truncated = false): string {
  const lines = (typeof output === 'string' ? output.split(/\r?\n/) : output).filter((l) => l.trim() !== '');
  if (truncated) lines.shift();
  if (lines.length === 0) throw new Error('the function logged nothing');
  const ids = new Set<string>();
  for (const [i, text] of lines.entries()) {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      throw new Error(`line ${i + 1} is not JSON: ${text.slice(0, 300)}`);
    }
    if (typeof line !== 'object' || line === null || typeof line.level !== 'string' || typeof line.fields !== 'object')
      throw new Error(`line ${i + 1} is not a log event with a level and fields: ${text.slice(0, 300)}`);
    const id = requestIdOf(line);
    if (line.spans && line.spans.length > 0 && !id)
      throw new Error(`line ${i + 1} is logged inside a span that is not an invocation's (no requestId): ${text.slice(0, 300)}`);
    if (id) ids.add(id);
  }
  if (ids.size === 0)
    throw new Error(`none of the ${lines.length} lines carries a request id (span.requestId); the first: ${lines[0]?.slice(0, 300)}`);
  return `${lines.length} JSON lines, ${ids.size} request ids`;
}

/** A line the function logged at ERROR: a JSON event (the format every stack sets) or a text line. */
export function loggedAtError(line: string): boolean {
  const text = line.trim();
  if (!text.startsWith('{')) return /^ERROR\b/.test(text);
  try {
    return (JSON.parse(text) as LogLine).level === 'ERROR';
  } catch {
    return false;
  }
}
