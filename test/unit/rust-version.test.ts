// The workspace's rust-version: the highest the functions' crates declare, from a table that covers
// every crate of [workspace.dependencies]; doctor reads it back from the root Cargo.toml.
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import {
  CRATE_RUST_VERSIONS,
  declaredRustVersion,
  dependencyCrates,
  EDITION_2024_RUST,
  workspaceRustVersion,
} from '../../src/template/rust-version.js';
import { renderFiles } from './render-files.js';

const workspaceDeps = readFileSync(new URL('../../templates/base/partials/workspace-dependencies.hbs', import.meta.url), 'utf8');

describe('the crate table', () => {
  it('has a row for every crate of [workspace.dependencies]', () => {
    const crates = Object.keys((parse(workspaceDeps) as { workspace: { dependencies: object } }).workspace.dependencies);
    expect(crates.length).toBeGreaterThan(5);
    for (const crate of crates) expect(Object.keys(CRATE_RUST_VERSIONS), crate).toContain(crate);
  });
  it('asks 1.94.1 for the AWS SDK (aws-config and aws-sdk-*), as they declare', () => {
    for (const crate of ['aws-config', 'aws-sdk-dynamodb', 'aws-sdk-s3']) expect(CRATE_RUST_VERSIONS[crate], crate).toBe('1.94.1');
  });
});

describe('workspaceRustVersion', () => {
  const member = (deps: string, pkg = '') => `[package]\nname = "x"\n${pkg}\n[dependencies]\n${deps}\n`;
  it('is edition 2024’s minimum for crates that ask less, and the highest any member asks', () => {
    expect(workspaceRustVersion([member('lambda_runtime.workspace = true\nserde = "1"')])).toBe(EDITION_2024_RUST);
    expect(workspaceRustVersion([member('lambda_http.workspace = true'), member('aws-config = { workspace = true }')])).toBe('1.94.1');
  });
  it('counts renamed and dev dependencies, a member’s own rust-version, and ignores unknown crates and non-TOML', () => {
    expect(dependencyCrates(parse(member('sdk = { package = "aws-sdk-s3", workspace = true }')))).toEqual(['aws-sdk-s3']);
    expect(workspaceRustVersion([`${member('')}[dev-dependencies]\naws-sdk-dynamodb = "1"\n`])).toBe('1.94.1');
    expect(workspaceRustVersion([member('my-crate = "9"', 'rust-version = "1.96"')])).toBe('1.96');
    expect(workspaceRustVersion([member('my-crate = "9"'), 'not [toml'])).toBe(EDITION_2024_RUST);
  });
});

describe('the generated workspace', () => {
  const rustVersionOf = (files: Record<string, string>) => declaredRustVersion(files['Cargo.toml'] as string);
  it.each([
    [['http'], '1.85.0'],
    [['sqs'], '1.85.0'],
    [['extension'], '1.85.0'],
    [['dynamodb'], '1.94.1'],
    [['s3'], '1.94.1'],
    [['http', 'dynamodb'], '1.94.1'],
  ])('%j declares rust-version %s, and every function inherits it', async (templates, version) => {
    const files = await renderFiles(templates, 'none');
    expect(rustVersionOf(files)).toBe(version);
    const members = Object.entries(files).filter(([path]) => /^functions\/[^/]+\/Cargo\.toml$/.test(path));
    expect(members).toHaveLength(templates.length);
    for (const [path, text] of members)
      expect((parse(text) as { package: Record<string, unknown> }).package['rust-version'], path).toEqual({ workspace: true });
  });
});

describe('declaredRustVersion', () => {
  it('reads [workspace.package], else [package], and only a value cargo accepts', () => {
    expect(declaredRustVersion('[workspace.package]\nrust-version = "1.94.1"\n')).toBe('1.94.1');
    expect(declaredRustVersion('[package]\nname = "x"\nrust-version = "1.90"\n')).toBe('1.90');
    expect(declaredRustVersion('[package]\nrust-version = "1.90.0-beta"\n')).toBeUndefined();
    expect(declaredRustVersion('[workspace]\nmembers = []\n')).toBeUndefined();
  });
});
