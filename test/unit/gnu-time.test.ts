// GNU time's report as run() reads it, and run() under GNU time: the CPU of the command's whole
// tree is charged to the caller's tally, while what run() returns and throws stays as spawn gives it.
import { describe, expect, it } from 'vitest';
import { CpuTally, tallyCpu } from '../harness/cpu-tally.js';
import { Unavailable } from '../harness/errors.js';
import { run } from '../harness/exec.js';
import { commandNotFound, gnuTimeWorks, parseGnuTime } from '../harness/gnu-time.js';

describe('parseGnuTime', () => {
  it('reads user, system and peak memory from the marked line', () => {
    expect(parseGnuTime('crl-time 12.34 1.05 204800\n')).toEqual({
      cpuSeconds: 13.39,
      userSeconds: 12.34,
      systemSeconds: 1.05,
      maxRssKb: 204800,
    });
  });

  it('reads past the line GNU time writes for a failed command', () => {
    expect(parseGnuTime('Command exited with non-zero status 3\ncrl-time 0.50 0.25 3196\n')?.cpuSeconds).toBe(0.75);
  });

  it('names the signal that ended the command', () => {
    expect(parseGnuTime('Command terminated by signal 9\ncrl-time 0.00 0.01 3148\n')).toMatchObject({ signal: 9, cpuSeconds: 0.01 });
    expect(parseGnuTime('crl-time 0.00 0.01 3148\n')).not.toHaveProperty('signal');
  });

  it('takes the last report when a command printed one of its own before (stderr without -o)', () => {
    expect(parseGnuTime('crl-time 9.00 9.00 1\nwarning: something\ncrl-time 1.00 2.00 300\n')?.cpuSeconds).toBe(3);
  });

  it('returns null without a report: GNU time killed before it wrote one, or another time', () => {
    expect(parseGnuTime('')).toBeNull();
    expect(parseGnuTime('0.01 0.00 3148\n')).toBeNull();
    expect(parseGnuTime('        0.00 real         0.00 user         0.00 sys\n')).toBeNull();
    expect(parseGnuTime('crl-time ? ? 1\n')).toBeNull();
  });
});

describe('commandNotFound', () => {
  it('is GNU time failing to start the command', () => {
    expect(commandNotFound(127, '/usr/bin/time: cannot run nosuchcmd: No such file or directory\n')).toBe(true);
  });
  it('is not a command that exits 127 itself, nor another failure to start', () => {
    expect(commandNotFound(127, 'bash: line 1: nosuchcmd: command not found\n')).toBe(false);
    expect(commandNotFound(126, '/usr/bin/time: cannot run ./script: Permission denied\n')).toBe(false);
    expect(commandNotFound(1, '/usr/bin/time: cannot run nosuchcmd: No such file or directory\n')).toBe(false);
  });
});

describe('run() under GNU time', () => {
  const measured = gnuTimeWorks();

  it('keeps the exit code, the output and the input as spawn has them', async () => {
    const r = await run('sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'in\n', allowFailure: true });
    expect(r).toMatchObject({ code: 3, stdout: 'in\n', stderr: 'err\n' });
  });

  it('reports a command ended by a signal with code null', async () => {
    expect((await run('sh', ['-c', 'kill -TERM $$'], { allowFailure: true })).code).toBeNull();
  });

  it('names a command that is not on PATH as unavailable', async () => {
    await expect(run('crl-no-such-command', [])).rejects.toBeInstanceOf(Unavailable);
  });

  it('charges each command to the tally of the work that ran it, with lanes side by side', async () => {
    const [a, b] = [new CpuTally(), new CpuTally()];
    const three = () =>
      tallyCpu(a, async () => {
        for (let i = 0; i < 3; i++) await run('sh', ['-c', 'sleep 0.01']);
      });
    const one = () => tallyCpu(b, () => run('true', []));
    await Promise.all([three(), one(), run('true', [])]);
    expect([a.measured + a.unmeasured, b.measured + b.unmeasured]).toEqual([3, 1]);
    expect([a.unmeasured, b.unmeasured]).toEqual(measured ? [0, 0] : [3, 1]);
  });

  it.runIf(measured)('counts the CPU of the processes the command waited for', async () => {
    const busy = 'i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done';
    const { cpuSeconds } = await run('sh', ['-c', `sh -c '${busy}'`]);
    expect(cpuSeconds).toBeGreaterThan(0);
  });
});
