import { describe, expect, it } from 'vitest';
import { lineEndings, mergeText, plan3Way } from '../../src/project/merge.js';
import type { RenderedFile } from '../../src/template/render.js';

const file = (path: string, text: string | Buffer): RenderedFile => ({
  path,
  content: Buffer.isBuffer(text) ? text : Buffer.from(text),
  mode: 0o644,
});
const labels = { ours: 'yours', base: 'base', theirs: 'templates' };
const disk = (files: Record<string, string | Buffer>) => (path: string) => {
  const text = files[path];
  return text === undefined ? undefined : Buffer.isBuffer(text) ? text : Buffer.from(text);
};
const plan = (base: RenderedFile[], theirs: RenderedFile[], ours: Record<string, string | Buffer>) =>
  plan3Way(base, theirs, disk(ours), labels).map((c) => ({
    path: c.path,
    action: c.action,
    result: c.result?.toString(),
    reason: c.reason,
  }));

describe('three-way update', () => {
  it('takes the new text of a file the user never touched', () => {
    expect(plan([file('a', '1\n2\n')], [file('a', '1\n2\n3\n')], { a: '1\n2\n' })).toEqual([
      { path: 'a', action: 'update', result: '1\n2\n3\n', reason: undefined },
    ]);
  });

  it('leaves a file alone when the templates did not change it, whatever the user did', () => {
    expect(plan([file('a', 'x')], [file('a', 'x')], { a: 'mine' })).toEqual([]);
    expect(plan([file('a', 'x')], [file('a', 'x')], {})).toEqual([]);
  });

  it('merges a user edit and a template edit in different places', () => {
    const base = 'one\ntwo\nthree\nfour\nfive\n';
    const ours = 'ONE\ntwo\nthree\nfour\nfive\n';
    const theirs = 'one\ntwo\nthree\nfour\nfive\nsix\n';
    expect(plan([file('a', base)], [file('a', theirs)], { a: ours })).toEqual([
      { path: 'a', action: 'merge', result: 'ONE\ntwo\nthree\nfour\nfive\nsix\n', reason: undefined },
    ]);
  });

  it('reports overlapping edits as a conflict with its hunk, and marks it like git', () => {
    const [change] = plan3Way([file('a', 'a\nb\nc\n')], [file('a', 'a\nT\nc\n')], disk({ a: 'a\nU\nc\n' }), labels);
    expect(change?.action).toBe('conflict');
    expect(change?.hunks).toEqual([{ line: 2, ours: ['U'], base: ['b'], theirs: ['T'] }]);
    expect(change?.result?.toString()).toBe('a\n<<<<<<< yours\nU\n||||||| base\nb\n=======\nT\n>>>>>>> templates\nc\n');
  });

  it('does not call the same edit on both sides a conflict', () => {
    expect(mergeText(Buffer.from('a\nX\n'), Buffer.from('a\nb\n'), Buffer.from('a\nX\n'), labels).hunks).toEqual([]);
  });

  it('creates new files, and refuses to replace a file of the user that is in the way', () => {
    expect(plan([], [file('new', 'n')], {})).toEqual([{ path: 'new', action: 'create', result: 'n', reason: undefined }]);
    expect(plan([], [file('new', 'n')], { new: 'mine' })[0]?.action).toBe('conflict');
    expect(plan([], [file('new', 'n')], { new: 'n' })).toEqual([]);
  });

  it('does not bring back a file the user deleted when the templates change it', () => {
    expect(plan([file('a', '1')], [file('a', '2')], {})[0]).toMatchObject({
      action: 'conflict',
      reason: 'you deleted a file the new templates change',
    });
  });

  it('deletes a file the templates dropped only if the user left it as it was', () => {
    expect(plan([file('gone', 'x')], [], { gone: 'x' })[0]?.action).toBe('delete');
    expect(plan([file('gone', 'x')], [], { gone: 'edited' })[0]?.action).toBe('conflict');
    expect(plan([file('gone', 'x')], [], {})).toEqual([]);
  });

  it('never merges binary files line by line', () => {
    const bin = (n: number) => Buffer.from([0, 1, n]);
    expect(plan([file('b', bin(1))], [file('b', bin(2))], { b: bin(3) })[0]).toMatchObject({
      action: 'conflict',
      reason: 'a binary file changed on both sides',
    });
    expect(plan([file('b', bin(1))], [file('b', bin(2))], { b: bin(1) })[0]?.action).toBe('update');
  });

  describe('line endings', () => {
    const crlf = (t: string) => t.replace(/\n/g, '\r\n');

    it('sees a CRLF checkout of a file the user never touched as untouched, and updates it in CRLF', () => {
      expect(plan([file('a', '1\n2\n')], [file('a', '1\n2\n3\n')], { a: crlf('1\n2\n') })).toEqual([
        { path: 'a', action: 'update', result: crlf('1\n2\n3\n'), reason: undefined },
      ]);
      // already the new text, but for the endings: nothing to do
      expect(plan([file('a', '1\n')], [file('a', '1\n2\n')], { a: crlf('1\n2\n') })).toEqual([]);
      expect(plan([file('gone', 'x\n')], [], { gone: crlf('x\n') })[0]?.action).toBe('delete');
    });

    it('merges an appended function into a CRLF file with the user edit kept, all in CRLF', () => {
      const base = 'name = "p"\n\n[[functions]]\nname = "p"\n';
      const theirs = `${base}\n[[functions]]\nname = "orders"\n`;
      const ours = crlf(base.replace('name = "p"\n\n', 'name = "p"\n# mine\n\n'));
      expect(plan([file('a', base)], [file('a', theirs)], { a: ours })).toEqual([
        {
          path: 'a',
          action: 'merge',
          result: crlf('name = "p"\n# mine\n\n[[functions]]\nname = "p"\n\n[[functions]]\nname = "orders"\n'),
          reason: undefined,
        },
      ]);
    });

    it('keeps each line of a mixed file as it was, and gives new lines the ending most lines have', () => {
      const ours = 'mine\r\na\r\nb\nc\r\n';
      const merged = mergeText(Buffer.from(ours), Buffer.from('a\nb\nc\n'), Buffer.from('a\nb\nc\nd\n'), labels);
      expect(merged.hunks).toEqual([]);
      expect(merged.text.toString()).toBe('mine\r\na\r\nb\nc\r\nd\r\n');
      const mostlyLf = mergeText(Buffer.from('a\nb\nc\r\n'), Buffer.from('a\nb\nc\n'), Buffer.from('a\nB\nc\n'), labels);
      expect(mostlyLf.text.toString()).toBe('a\nB\nc\r\n');
    });

    it('writes conflict markers in the endings of the file, and reports hunks without CRs', () => {
      const [change] = plan3Way([file('a', 'a\nb\nc\n')], [file('a', 'a\nT\nc\n')], disk({ a: crlf('a\nU\nc\n') }), labels);
      expect(change?.hunks).toEqual([{ line: 2, ours: ['U'], base: ['b'], theirs: ['T'] }]);
      expect(change?.result?.toString()).toBe(crlf('a\n<<<<<<< yours\nU\n||||||| base\nb\n=======\nT\n>>>>>>> templates\nc\n'));
    });

    it('leaves an LF file exactly as before', () => {
      expect(lineEndings(Buffer.from('a\nb\n')).dominant).toBe('\n');
      expect(mergeText(Buffer.from('A\nb\n'), Buffer.from('a\nb\n'), Buffer.from('a\nb\nc'), labels).text.toString()).toBe('A\nb\nc');
    });
  });
});
