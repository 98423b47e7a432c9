import { describe, expect, it } from 'vitest';
import { mergeText, plan3Way } from '../../src/project/merge.js';
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
});
