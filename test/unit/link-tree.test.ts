import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linkTree } from '../harness/link-tree.js';

describe('linkTree', () => {
  const made = () => {
    const root = mkdtempSync(join(tmpdir(), 'crl-link-tree-'));
    mkdirSync(join(root, 'from/release/deps'), { recursive: true });
    writeFileSync(join(root, 'from/release/deps/libx.rlib'), 'x');
    writeFileSync(join(root, 'from/.rustc_info.json'), '{}');
    symlinkSync('release/deps/libx.rlib', join(root, 'from/latest'));
    return root;
  };

  it('links every file (same inode) and keeps symbolic links as links', () => {
    const root = made();
    expect(linkTree(join(root, 'from'), join(root, 'to'))).toBe(2);
    expect(statSync(join(root, 'to/release/deps/libx.rlib')).ino).toBe(statSync(join(root, 'from/release/deps/libx.rlib')).ino);
    expect(readlinkSync(join(root, 'to/latest'))).toBe('release/deps/libx.rlib');
  });

  it('a second call adds what the source gained and keeps what the copy had', () => {
    const root = made();
    linkTree(join(root, 'from'), join(root, 'to'));
    writeFileSync(join(root, 'to/.rustc_info.json'), 'its own');
    writeFileSync(join(root, 'from/release/deps/liby.rlib'), 'y');
    expect(linkTree(join(root, 'from'), join(root, 'to'))).toBe(1);
    expect(readFileSync(join(root, 'to/.rustc_info.json'), 'utf8')).toBe('its own');
    expect(existsSync(join(root, 'to/release/deps/liby.rlib'))).toBe(true);
  });

  it('a missing source gives an empty copy, not a failure (an entry gone while walking is left out the same way)', () => {
    const root = made();
    expect(linkTree(join(root, 'nothing-here'), join(root, 'to'))).toBe(0);
    expect(existsSync(join(root, 'to'))).toBe(true);
  });
});
