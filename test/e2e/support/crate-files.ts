// What cargo reads of a generated workspace: the files that decide whether a build is fresh.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The Rust files of a workspace, relative to its root: the root Cargo.toml and every crate under functions/. */
export function crateFiles(dir: string): string[] {
  const files = ['Cargo.toml'];
  const functions = join(dir, 'functions');
  if (existsSync(functions)) {
    for (const entry of readdirSync(functions, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(join(entry.parentPath, entry.name).slice(dir.length + 1));
    }
  }
  return files.sort();
}
