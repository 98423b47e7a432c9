import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderLayers } from '../../src/template/render.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'crl-render-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function put(path: string, text: string) {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
}
const layers = () => [
  { name: 'base' as const, dir: join(root, 'base') },
  { name: 'function' as const, dir: join(root, 'fn') },
];
const text = (files: Awaited<ReturnType<typeof renderLayers>>, path: string) => files.find((f) => f.path === path)?.content.toString();

describe('renderLayers', () => {
  it('renders .hbs, copies the rest verbatim, renames _gitignore, uses partials across layers', async () => {
    await put('base/files/README.md.hbs', '# {{name}}\n{{> function/usage}}');
    await put('fn/partials/usage.hbs', 'run {{toml name}}');
    await put('fn/files/ci.yml', 'x: ${{ secrets.TOKEN }}');
    await put('fn/files/_gitignore', 'target/');
    const files = await renderLayers(layers(), { name: 'a<b>' });
    expect(text(files, 'README.md')).toBe('# a<b>\nrun "a<b>"'); // noEscape: no HTML entities
    expect(text(files, 'ci.yml')).toBe('x: ${{ secrets.TOKEN }}');
    expect(text(files, '.gitignore')).toBe('target/');
  });
  it('fails on an unknown variable (strict), naming the file', async () => {
    await put('fn/files/a.txt.hbs', '{{nope}}');
    await expect(renderLayers(layers(), { name: 'x' })).rejects.toThrow(/a\.txt\.hbs.*"nope" not defined/);
  });
  it('skips a file whose render is empty', async () => {
    await put('fn/files/only-sam.yaml.hbs', '{{#if sam}}sam: true{{/if}}\n');
    expect(await renderLayers(layers(), { sam: false })).toEqual([]);
    expect(text(await renderLayers(layers(), { sam: true }), 'only-sam.yaml')).toBe('sam: true\n');
  });
  it('keeps file modes', async () => {
    await put('fn/files/run.sh', '#!/bin/sh');
    await chmod(join(root, 'fn/files/run.sh'), 0o755);
    expect((await renderLayers(layers(), {}))[0]?.mode).toBe(0o755);
  });
  it('refuses two layers writing the same path', async () => {
    await put('base/files/x.txt', '1');
    await put('fn/files/x.txt.hbs', '2');
    await expect(renderLayers(layers(), {})).rejects.toThrow(/both write x.txt/);
  });
  it('refuses a symlink in a template', async () => {
    await mkdir(join(root, 'fn/files'), { recursive: true });
    await symlink('/etc/passwd', join(root, 'fn/files/passwd'));
    await expect(renderLayers(layers(), {})).rejects.toThrow(/symbolic links are not allowed/);
  });
});
