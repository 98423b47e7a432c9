import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceTimes } from '../e2e/support/source-times.js';

/** A workspace with one crate; `main` is its src/main.rs. */
function workspace(root: string, name: string, main = 'fn main() {}\n'): string {
  const dir = join(root, name, 'ws');
  mkdirSync(join(dir, 'functions', 'app', 'src'), { recursive: true });
  writeFileSync(join(dir, 'Cargo.toml'), '[workspace]\nmembers = ["functions/app"]\nresolver = "2"\n');
  writeFileSync(join(dir, 'functions', 'app', 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n');
  writeFileSync(join(dir, 'functions', 'app', 'src', 'main.rs'), main);
  return dir;
}

const mtime = (dir: string) => statSync(join(dir, 'functions', 'app', 'src', 'main.rs')).mtimeMs;

describe('SourceTimes', () => {
  const setup = () => {
    const root = mkdtempSync(join(tmpdir(), 'crl-source-times-'));
    return { root, ledger: join(root, 'cache', 'ledger.json') };
  };

  it("gives a file with the content of the last run that content's first mtime, and a file with other content its own", () => {
    const { root, ledger } = setup();
    const changedMain = 'fn main() { println!("changed"); }\n';
    let hours = 0;
    const run = (name: string, main?: string) => {
      const times = new SourceTimes(ledger);
      const dir = workspace(root, name, main);
      // written an hour after the run before (whole ms, as file systems keep them)
      const at = new Date(Math.floor(Date.now() / 1000) * 1000 + ++hours * 3_600_000);
      for (const f of ['Cargo.toml', 'functions/app/Cargo.toml', 'functions/app/src/main.rs']) utimesSync(join(dir, f), at, at);
      const before = mtime(dir);
      const restored = times.settle(dir);
      const after = mtime(dir);
      times.save();
      return { restored, before, after };
    };
    const first = run('run1');
    expect(first.restored).toBe(0);
    expect(first.after).toBe(first.before);
    const same = run('run2');
    expect(same.restored).toBe(3);
    expect(same.after).toBe(first.before);
    const changed = run('run3', changedMain);
    expect(changed.restored).toBe(2); // the two Cargo.toml files
    expect(changed.after).toBe(changed.before);
    const changedAgain = run('run4', changedMain);
    expect(changedAgain.restored).toBe(3);
    expect(changedAgain.after).toBe(changed.before);
  });

  it('never restores a crate whose code names where it is (CARGO_MANIFEST_DIR): cargo would not build it again where it moved', () => {
    const { root, ledger } = setup();
    const locating = 'fn main() { println!("{}", env!("CARGO_MANIFEST_DIR")); }\n';
    const run1 = new SourceTimes(ledger);
    run1.settle(workspace(root, 'one', locating));
    run1.save();
    const run2 = new SourceTimes(ledger);
    expect(run2.settle(workspace(root, 'two', locating))).toBe(1); // the root Cargo.toml only
    run2.save();
    expect(Object.keys(JSON.parse(readFileSync(ledger, 'utf8')) as object)).toEqual(['Cargo.toml']);
  });

  it('keeps nothing for a path edited after it was settled, or given two contents in one run', () => {
    const { root, ledger } = setup();
    const run1 = new SourceTimes(ledger);
    const edited = workspace(root, 'edited');
    const other = workspace(root, 'other', 'fn main() { let _ = 1; }\n');
    run1.settle(edited);
    writeFileSync(join(edited, 'Cargo.toml'), `${readFileSync(join(edited, 'Cargo.toml'), 'utf8')}# edited\n`);
    run1.settle(other);
    run1.save();
    const kept = JSON.parse(readFileSync(ledger, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(kept)).toEqual(['functions/app/Cargo.toml']);
  });

  it('a project deleted during the run is judged when it is deleted: unchanged, its paths are kept; edited, dropped', () => {
    const { root, ledger } = setup();
    const keys = () => Object.keys(JSON.parse(readFileSync(ledger, 'utf8')) as object).sort();
    const run1 = new SourceTimes(ledger);
    const deleted = workspace(root, 'deleted');
    run1.settle(deleted);
    run1.settle(workspace(root, 'kept'));
    run1.release(deleted);
    rmSync(deleted, { recursive: true });
    run1.save();
    expect(keys()).toEqual(['Cargo.toml', 'functions/app/Cargo.toml', 'functions/app/src/main.rs']);

    const run2 = new SourceTimes(ledger);
    const edited = workspace(root, 'edited');
    run2.settle(edited);
    writeFileSync(join(edited, 'Cargo.toml'), '# edited\n');
    run2.release(edited);
    rmSync(edited, { recursive: true });
    run2.save();
    expect(keys()).toEqual(['functions/app/Cargo.toml', 'functions/app/src/main.rs']);
  });

  it('a run that stops before it saves leaves no ledger: the next run restores nothing', () => {
    const { root, ledger } = setup();
    const run1 = new SourceTimes(ledger);
    run1.settle(workspace(root, 'one'));
    run1.save();
    const crashed = new SourceTimes(ledger, 999_999_999);
    crashed.settle(workspace(root, 'two'));
    expect(existsSync(ledger)).toBe(false);
    // its lock names a process that is gone: taken over
    expect(new SourceTimes(ledger).settle(workspace(root, 'three'))).toBe(0);
  });

  it('while another live run holds the ledger: nothing restored, and the holder keeps no ledger', () => {
    const { root, ledger } = setup();
    const seed = new SourceTimes(ledger);
    seed.settle(workspace(root, 'seed'));
    seed.save();
    const holder = new SourceTimes(ledger, process.ppid);
    expect(holder.settle(workspace(root, 'holder'))).toBe(3);
    const beside = new SourceTimes(ledger);
    expect(beside.settle(workspace(root, 'beside'))).toBe(0);
    holder.save();
    expect(existsSync(ledger)).toBe(false);
    beside.save();
    expect(existsSync(ledger)).toBe(false);
  });

  it('cargo finds a workspace moved elsewhere fresh when its files keep their mtimes, and builds it when they are new', () => {
    const { root } = setup();
    const env = { ...process.env, CARGO_TARGET_DIR: join(root, 'target'), CARGO_TERM_COLOR: 'never' };
    const cargoBuild = (dir: string) => {
      const r = spawnSync('cargo', ['build', '--offline', '-v'], { cwd: dir, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      return r.stderr;
    };
    const first = workspace(root, 'first', 'fn main() { println!("{}", env!("CARGO_MANIFEST_DIR")); }\n');
    expect(cargoBuild(first)).toMatch(/Compiling app/);
    const moved = join(root, 'moved', 'ws');
    cpSync(first, moved, { recursive: true, preserveTimestamps: true });
    expect(cargoBuild(moved)).toMatch(/Fresh app/);
    // and what it built still names where it was built: why a crate naming CARGO_MANIFEST_DIR is never restored
    const said = spawnSync('cargo', ['run', '--offline', '-q'], { cwd: moved, env, encoding: 'utf8' }).stdout.trim();
    expect(said).toBe(join(first, 'functions', 'app'));
    const copied = join(root, 'copied', 'ws');
    cpSync(first, copied, { recursive: true });
    expect(cargoBuild(copied)).toMatch(/Compiling app/);
  }, 60_000);
});
