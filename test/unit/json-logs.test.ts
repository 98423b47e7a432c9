import { describe, expect, it } from 'vitest';
import { judgeJsonLogs, loggedAtError } from '../harness/json-logs.js';

const invoke = (id: string) => ({ name: 'Lambda runtime invoke', requestId: id });
const event = (fields: object, spans: object[] = []) =>
  JSON.stringify({ level: 'INFO', fields, ...(spans.length > 0 ? { span: spans.at(-1), spans } : {}) });

describe('JSON logs', () => {
  it('counts the lines and the request ids of the invocations they were logged in', () => {
    const output = [event({ message: 'a' }, [invoke('r1')]), event({ message: 'b' }, [invoke('r2'), { name: 'sdk' }]), ''].join('\n');
    expect(judgeJsonLogs(output)).toBe('2 JSON lines, 2 request ids');
  });

  it('refuses a text line, a line in a span outside any invocation, and output with no request id', () => {
    expect(() => judgeJsonLogs(`INFO hello\n${event({}, [invoke('r1')])}`)).toThrow(/line 1 is not JSON/);
    expect(() => judgeJsonLogs(event({}, [{ name: 'worker' }]))).toThrow(/not an invocation's/);
    expect(() => judgeJsonLogs(event({ message: 'init' }))).toThrow(/none of the 1 lines carries a request id/);
    expect(() => judgeJsonLogs('')).toThrow(/logged nothing/);
  });

  it('drops the first line of a truncated tail', () => {
    expect(judgeJsonLogs(`l":"INFO"}\n${event({}, [invoke('r1')])}`, true)).toBe('1 JSON lines, 1 request ids');
  });

  it('finds an ERROR in JSON and in text, and nothing else', () => {
    expect(loggedAtError('{"level":"ERROR","fields":{"message":"boom"}}')).toBe(true);
    expect(loggedAtError('  ERROR Lambda runtime invoke{requestId="r1"}: boom')).toBe(true);
    expect(loggedAtError('{"level":"WARN","fields":{"message":"ERROR in text"}}')).toBe(false);
    expect(loggedAtError('{not json')).toBe(false);
    expect(loggedAtError('START RequestId: r1 Version: $LATEST')).toBe(false);
  });
});
