// Messages that echo what the user gave: a line break or another control character in a refused value is
// shown as an escape, so every refusal stays one line. And `upgrade --from-cli` is checked before it runs:
// a path that is no runnable bin is bad input (exit 2), an older CLI that fails is said in one line (exit 1).
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../cli/run-cli.js';
import { type Arena, arena, attempt, type Outcome, refusal, refused } from './harness.js';

let a: Arena;
afterEach(() => a?.dispose());

/** Exit `code`, exactly one line, no raw control character (a newline only at the end), nothing written. */
function expectOneLine(o: Outcome, code: number, message: RegExp): void {
  expect(refusal(o), o.stderr).toMatchObject({ ...refused(code, message), lines: 1 });
  expect(o.stderr.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
}

const CREATE = ['--yes', '--no-git'];
describe('a line break or control character in a refused value is escaped: one line, exit 2', () => {
  it.each<[string, string[], RegExp]>([
    ['--memory with a newline', ['x', ...CREATE, '--memory', '1\n2'], /invalid --memory "1\\x0a2": not a number/],
    ['--timeout with a carriage return', ['x', ...CREATE, '--timeout', '3\r0'], /invalid --timeout "3\\x0d0"/],
    ['--iac with a newline', ['x', ...CREATE, '--iac', 's\nam'], /invalid --iac "s\\x0aam"\. Valid values/],
    ['--arch with a line separator', ['x', ...CREATE, '--arch', 'arm\u202864'], /invalid --arch "arm\\u202864"/],
    ['--region with a newline', ['x', ...CREATE, '--region', 'eu-west-1\nus-east-1'], /invalid --region "eu-west-1\\x0aus-east-1"/],
    ['--name with a newline', ['x', ...CREATE, '--name', 'a\nb'], /invalid --name "a\\x0ab"/],
    ['a directory name with a newline', ['A\nB', ...CREATE], /the directory name gives the function name "A\\x0aB"/],
    ['--var with a newline in its name', ['x', ...CREATE, '--var', 'a\nb=c'], /--var a\\x0ab: the template declares no variable "a\\x0ab"/],
    ['--var with a newline in its value', ['x', ...CREATE, '--var', 'v=a', '--var', 'v=b\nc'], /given twice with different values/],
    ['a local --template with a newline', ['x', ...CREATE, '--template', './a\nb'], /template folder .*a\\x0ab does not exist/],
    ['a built-in-like --template with a newline', ['x', ...CREATE, '--template', 'ht\ntp'], /invalid --template "ht\\ntp"\. Valid values/],
    ['--iac twice, one with a newline', ['x', ...CREATE, '--iac', 'sam', '--iac', 'c\ndk'], /--iac is given twice/],
    ['an unknown option with a newline', ['x', '--bogus\nx'], /unknown option/],
    ['a second directory with a newline', ['x', 'y\nz', ...CREATE], /expected at most one directory/],
    ['eject of a template id with a newline', ['eject', 'ht\ntp', 'out'], /invalid template "ht\\x0atp" for eject/],
    ['--from-cli with a newline', ['upgrade', '--from-cli', 'a\nb'], /--from-cli "a\\x0ab": .*a\\x0ab does not exist/],
  ])('%s', (_, args, message) => {
    a = arena('newline');
    expectOneLine(attempt(a, args), 2, message);
  });
});

describe('upgrade --from-cli is checked before it runs', () => {
  let scratch: string;
  let project: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'crl-hostile-from-cli-'));
    const r = runCli(['shop', '--template', 'http', '--iac', 'sam', '--arch', 'arm64', '--yes', '--no-git'], { cwd: scratch });
    expect(r.code, r.stderr).toBe(0);
    project = join(scratch, 'shop');
    // as if an earlier version had made it: upgrade renders its base with the --from-cli bin
    const file = join(project, 'rust-lambda.toml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^version = ".*"$/m, 'version = "0.1.9"'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const upgrade = (fromCli: (a: Arena) => string) => {
    a = arena('from-cli');
    cpSync(project, a.cwd, { recursive: true });
    return attempt(a, ['upgrade', '--from-cli', fromCli(a)]);
  };
  const script = (a: Arena, name: string, text: string, mode = 0o644) => {
    const path = join(a.root, name);
    writeFileSync(path, text);
    chmodSync(path, mode);
    return path;
  };

  it.each<[string, (a: Arena) => string, RegExp]>([
    [
      'an empty value',
      () => '',
      /^error: --from-cli needs the path of the older create-rust-lambda's bin\/create-rust-lambda\.js, got an empty value$/,
    ],
    ['a blank value', () => ' ', /--from-cli needs .*, got an empty value$/],
    [
      'a path that does not exist',
      (a) => join(a.root, 'missing.js'),
      /--from-cli ".*missing\.js": .*missing\.js does not exist; give the path/,
    ],
    ['a path through a file', (a) => join(script(a, 'file.js', ''), 'x'), /does not exist \(a part of the path is a file\)/],
    ['a folder', (a) => a.root, /--from-cli ".*": .* is a folder; give the path/],
    ['the current folder', () => '.', /--from-cli "\.": .* is a folder/],
    ['a device', () => '/dev/null', /--from-cli "\/dev\/null": \/dev\/null is not a regular file/],
    [
      'a file neither JavaScript nor executable',
      (a) => script(a, 'notes.txt', 'hello\n'),
      /notes\.txt is neither a JavaScript file nor executable/,
    ],
  ])('%s is bad input: exit 2, one line, nothing written', (_, fromCli, message) => {
    expectOneLine(upgrade(fromCli), 2, message);
  });

  it.each<[string, (a: Arena) => string, RegExp]>([
    [
      '/bin/false (runs, fails without a word)',
      () => '/bin/false',
      /--from-cli \/bin\/false\) could not render the project's base: it failed \(exit 1: no output\)\.$/,
    ],
    [
      'a script that crashes (Node prints a stack)',
      (a) => script(a, 'crash.js', 'const x = 1;\nthrow new TypeError("the old CLI broke");\n'),
      /could not render the project's base: it failed \(exit 1: TypeError: the old CLI broke\)\.$/,
    ],
    [
      'a script that is not JavaScript',
      (a) => script(a, 'broken.js', 'this is not { javascript\n'),
      /it failed \(exit 1: SyntaxError: [^\n]+\)\.$/,
    ],
    [
      'a CLI that refuses, over several lines',
      (a) =>
        script(a, 'refuses.mjs', 'console.log("working");\nconsole.error("error: no such version\\nmore\\nand more");\nprocess.exit(2);\n'),
      /it failed \(exit 2: error: no such version\)\.$/,
    ],
    ['a CLI killed by a signal', (a) => script(a, 'killed.mjs', 'process.kill(process.pid, "SIGKILL");\n'), /it was stopped by SIGKILL\.$/],
  ])('an older CLI that fails is said in one line, exit 1: %s', (_, fromCli, message) => {
    const o = upgrade(fromCli);
    expectOneLine(o, 1, message);
    expect(o.stderr).not.toMatch(/node:internal|\bat .+:\d+:\d+|Node\.js v\d/);
  });

  it('the real CLI as --from-cli works (the check lets a bin through)', () => {
    const o = upgrade(() => BIN);
    expect(o.code, o.stderr).toBe(0);
    expect(o.stdout).toMatch(/Upgraded/);
  });
});
