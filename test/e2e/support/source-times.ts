// Warm builds across runs. Cargo judges a crate fresh by its source files' mtimes against its last
// build, not by their content, and a workspace member's build does not depend on where the
// workspace is (its paths are relative). Every run generates its projects anew in new folders, so
// every source would be newer than every build and every function crate (and its LTO link) would
// compile again although nothing changed. So a crate file generated with the content the same
// file (same path in its workspace, so the same package) had in the last run gets the mtime of
// the moment that content first appeared, and cargo finds its build of that content fresh; a
// file with other content keeps its new mtime and is built again.
//
// Safe only if every build since that moment was of that content, so the ledger must know every
// content a run gave those files: it is read and removed when a run starts (a run that stops
// halfway leaves none, and the next run builds as if cold), and written when the run ends with the
// paths whose files held their content to the end (or, in a project deleted during the run, to
// its deletion): not edited after they were settled, not two contents in two projects. A run that finds another run holding the ledger neither uses nor keeps
// one, and voids it when it starts and ends: it builds other content into the same target folders.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CACHE_DIR } from '../../harness/paths.js';
import { crateFiles } from './crate-files.js';

interface Entry {
  sha: string;
  /** ms since the epoch: when this content first appeared at this path */
  since: number;
}

/** a settled file's path in its workspace (its ledger key), its digest, and whether its project was deleted with the content held */
interface Settled {
  key: string;
  sha: string;
  released?: boolean;
}

interface RunState {
  entries: Map<string, Entry>;
  /** the latest content each settled file was given, by file */
  settled: Map<string, Settled>;
}

/**
 * A crate whose code names where it is (a test reading its sample events through
 * `env!("CARGO_MANIFEST_DIR")`) holds that path in what it builds, and cargo does not build it
 * again when it moves: it keeps its new mtimes, so it is built where it is.
 */
const LOCATION_BOUND = /\bCARGO_MANIFEST_(DIR|PATH)\b/;
/** functions/<name> of a crate file; the root Cargo.toml belongs to none */
const crateOf = (rel: string) => rel.split('/').slice(0, 2).join('/');

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export class SourceTimes {
  private readonly lockFile: string;
  /** left by a run that could not take the lock: the holder must not keep its ledger */
  private readonly voidFile: string;
  /** undefined: not opened this run; null: another run holds the ledger */
  private state: RunState | null | undefined;

  constructor(
    private readonly file: string,
    private readonly pid = process.pid,
  ) {
    this.lockFile = `${file}.lock`;
    this.voidFile = `${file}.void`;
  }

  /**
   * Settles the crate files of the workspace at `dir` once its content is final (generated,
   * edited, upgraded, grown): each whose content is the ledger's for its path gets that content's
   * mtime. Returns how many it gave an earlier mtime.
   */
  settle(dir: string): number {
    const run = this.open();
    if (!run) return 0;
    let restored = 0;
    const files = crateFiles(dir);
    const bound = new Set(files.filter((rel) => LOCATION_BOUND.test(readFileSync(join(dir, rel), 'utf8'))).map(crateOf));
    for (const rel of files) {
      if (bound.has(crateOf(rel))) {
        run.entries.delete(rel);
        continue;
      }
      const file = join(dir, rel);
      const sha = digest(file);
      const entry = run.entries.get(rel);
      if (entry?.sha === sha) {
        const at = new Date(entry.since);
        utimesSync(file, at, at);
        restored++;
      } else {
        run.entries.set(rel, { sha, since: Math.floor(statSync(file).mtimeMs) });
      }
      run.settled.set(file, { key: rel, sha });
    }
    return restored;
  }

  /**
   * Before the project at `dir` is deleted, during the run: its files are judged as at the end (a
   * file that no longer holds the content it was settled with costs its path its ledger entry).
   */
  release(dir: string): void {
    const run = this.state;
    if (!run) return;
    for (const [file, s] of run.settled) {
      if (!file.startsWith(`${dir}/`)) continue;
      if (existsSync(file) && digest(file) === s.sha) s.released = true;
      else s.sha = '';
    }
  }

  /** At the end of a run: keeps the paths whose every settled file still holds the one content. */
  save(): void {
    const run = this.state;
    this.state = undefined;
    if (run === null) this.voidLedger();
    if (!run) return;
    try {
      if (existsSync(this.voidFile)) return; // another run built beside this one
      const byKey = new Map<string, (Settled & { file: string })[]>();
      for (const [file, s] of run.settled) byKey.set(s.key, [...(byKey.get(s.key) ?? []), { file, ...s }]);
      for (const [key, files] of byKey) {
        const entry = run.entries.get(key);
        const held = files.every((f) => f.sha === entry?.sha && (f.released || (existsSync(f.file) && digest(f.file) === f.sha)));
        if (!held) run.entries.delete(key);
      }
      writeFileSync(`${this.file}.new`, JSON.stringify(Object.fromEntries(run.entries)));
      renameSync(`${this.file}.new`, this.file);
    } finally {
      rmSync(this.voidFile, { force: true });
      rmSync(this.lockFile, { force: true });
    }
  }

  private open(): RunState | null {
    if (this.state !== undefined) return this.state;
    if (!this.lock()) {
      this.voidLedger();
      this.state = null;
      return null;
    }
    rmSync(this.voidFile, { force: true });
    const entries = new Map<string, Entry>();
    if (existsSync(this.file)) {
      try {
        for (const [key, e] of Object.entries(JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, Entry>))
          if (typeof e?.sha === 'string' && Number.isFinite(e.since)) entries.set(key, e);
      } catch {
        // unreadable: a cold start
      }
      rmSync(this.file, { force: true });
    }
    this.state = { entries, settled: new Map() };
    return this.state;
  }

  /** Takes the lock (a stale one, whose run is gone, is taken over); false when a live run holds it. */
  private lock(): boolean {
    mkdirSync(dirname(this.file), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.lockFile, 'wx');
        writeFileSync(fd, String(this.pid));
        closeSync(fd);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(readFileSync(this.lockFile, 'utf8'));
        if (holder === this.pid) return true;
        if (Number.isInteger(holder) && holder > 0 && alive(holder)) return false;
        rmSync(this.lockFile, { force: true });
      }
    }
    return false;
  }

  /** A run that could not take the lock, when it starts and ends: the holder keeps no ledger, none is left. */
  private voidLedger(): void {
    writeFileSync(this.voidFile, String(this.pid));
    rmSync(this.file, { force: true });
  }
}

const thisRun = new SourceTimes(join(CACHE_DIR, 'e2e-source-times.json'));
export const settleSourceTimes = (dir: string) => thisRun.settle(dir);
export const saveSourceTimes = () => thisRun.save();
export const releaseSourceTimes = (dir: string) => thisRun.release(dir);
