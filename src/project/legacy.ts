// Projects made before rust-lambda.toml existed (create-rust-lambda 0.1): one crate at the root.
// Upgrading one describes it with the flags that made it (the "same project again" command
// 0.1 printed), renders its base with that version, and moves the crate into the workspace
// layout (functions/<name>/) before the three-way merge.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The version whose projects have no project file. */
export const LEGACY_VERSION = '0.1.0';

/** What of a 0.1 project is the function's crate: these move to functions/<name>/, with everything in them. */
export const CRATE_ENTRIES = ['Cargo.toml', 'build.rs', 'src', 'events', 'examples', 'tests', 'benches'];

/** Paths (relative, posix) of the crate's files in a 0.1 project folder, as the walk finds them. */
export function legacyCrateFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (rel: string) => {
    const abs = join(root, rel);
    const stat = lstatSync(abs);
    if (stat.isDirectory()) for (const entry of readdirSync(abs).sort()) walk(`${rel}/${entry}`);
    else found.push(rel); // a link or a special file is refused later, by the updater's path check
  };
  for (const entry of CRATE_ENTRIES) if (existsSync(join(root, entry))) walk(entry);
  return found;
}

/** Where a 0.1 path lives in the workspace layout. */
export function relocate(path: string, functionDir: string): string {
  const top = path.split('/')[0] as string;
  return CRATE_ENTRIES.includes(top) ? `${functionDir}/${path}` : path;
}
