// A command's CPU time and peak memory, from GNU time: it waits for the command, so what it
// reports covers the command and every process the command waited for. run() (exec.ts) and the
// benchmarks measure through here. Where GNU time is missing or is another `time` (BSD, BusyBox),
// commands run as they are and nothing is measured.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';

/** A marked line, so that GNU time's report is never mistaken for the command's own output. */
const MARK = 'crl-time';
const FORMAT = `${MARK} %U %S %M`;

export interface ResourceUse {
  /** user + system */
  cpuSeconds: number;
  userSeconds: number;
  systemSeconds: number;
  maxRssKb: number;
  /** the signal that ended the command, if one did */
  signal?: number;
}

/** What GNU time wrote (its `-o` file, or the end of stderr): the last report in it, or null. */
export function parseGnuTime(text: string): ResourceUse | null {
  const reports = [...text.matchAll(new RegExp(`^${MARK} (\\d+(?:\\.\\d+)?) (\\d+(?:\\.\\d+)?) (\\d+)$`, 'gm'))];
  const last = reports.at(-1);
  if (!last) return null;
  const userSeconds = Number(last[1]);
  const systemSeconds = Number(last[2]);
  const signal = /^Command terminated by signal (\d+)$/m.exec(text);
  return {
    // GNU time counts in hundredths; the sum of two is rounded back to them
    cpuSeconds: Math.round((userSeconds + systemSeconds) * 100) / 100,
    userSeconds,
    systemSeconds,
    maxRssKb: Number(last[3]),
    ...(signal ? { signal: Number(signal[1]) } : {}),
  };
}

/** True when GNU time ran but could not start the command (not found: exit 127, as its manual says). */
export function commandNotFound(code: number | null, stderr: string): boolean {
  return code === 127 && /^\S*time: cannot run .*: No such file or directory$/m.test(stderr);
}

let scratch: string | undefined;
let reports = 0;

/** This process's folder of report files, removed when it exits. */
function reportFile(): string {
  if (!scratch) {
    const dir = mkdtempSync(join(tmpdir(), 'crl-time-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    scratch = dir;
  }
  return join(scratch, `${++reports}.txt`);
}

let works: boolean | undefined;

/** Whether GNU time is here and reports in our format (asked once, by timing `true`). */
export function gnuTimeWorks(): boolean {
  if (works === undefined) {
    const file = reportFile();
    const probe = spawnSync(GNU_TIME, ['-f', FORMAT, '-o', file, 'true'], { stdio: 'ignore' });
    works = probe.status === 0 && parseGnuTime(readIfThere(file)) !== null;
    rmSync(file, { force: true });
  }
  return works;
}

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export interface Timed {
  cmd: string;
  args: string[];
  /** false: GNU time is not usable here, the command runs as it is */
  measured: boolean;
  /** once the process has exited: what it used (null when not measured, or when GNU time was killed before it could report) */
  collect(): ResourceUse | null;
}

/** `cmd args` under GNU time, reporting to a file of its own (the command's stdout and stderr stay its own). */
export function underGnuTime(cmd: string, args: readonly string[]): Timed {
  if (!gnuTimeWorks()) return { cmd, args: [...args], measured: false, collect: () => null };
  const file = reportFile();
  return {
    cmd: GNU_TIME,
    args: ['-f', FORMAT, '-o', file, '--', cmd, ...args],
    measured: true,
    collect: () => {
      const use = parseGnuTime(readIfThere(file));
      rmSync(file, { force: true });
      return use;
    },
  };
}
