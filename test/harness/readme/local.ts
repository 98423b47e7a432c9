// Runs a generated project's "Run it locally" section as written: block by block, each in a fresh
// terminal at the project's root with only the tools its Prerequisites list (sandbox.ts); servers
// (dynalite, the emulator at the root that serves every function, an extension) in the
// background; every output a comment promises asserted (run.ts, expect.ts). The e2e matrix calls
// it (test/e2e/support/readme.ts); by hand, for any project, one function or many:
//   npx tsx test/harness/readme/local.ts <project-dir>
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Unavailable } from '../errors.js';
import { HOST, targetDir } from '../toolchain.js';
import { type Block, parseReadme } from './parse.js';
import { isServerBlock, ReadmeRunner } from './run.js';
import { listedTools, sandbox } from './sandbox.js';
import { functionOfHeading, LOCAL_SECTION, projectFunctions } from './static.js';

/** A command that names something only the reader can fill in: the local section must run as written. */
export const placeholder = (block: Block) => block.commands.find((c) => /<[a-z][\w -]*>/.test(c.text));

export interface LocalRun {
  commands: number;
  expectations: number;
  /** the functions whose subsections ran */
  functions: string[];
  tools: string[];
}

/**
 * Runs the local section of the project in `dir`. Throws on the first command that fails or
 * breaks its promise, and Unavailable when a listed prerequisite is not installed here.
 * `onBlock` hears of each block as it starts (progress for long first builds).
 */
export async function runLocalSection(dir: string, onBlock?: (block: Block) => void): Promise<LocalRun> {
  const markdown = readFileSync(join(dir, 'README.md'), 'utf8');
  const { tools, unknown } = listedTools(markdown);
  if (unknown.length > 0) throw new Error(`prerequisites the runner cannot map to tools: ${unknown.join('; ')}`);
  const blocks = parseReadme(markdown).filter((b) => b.section[0] === LOCAL_SECTION);
  if (blocks.length === 0) throw new Error(`no sh block under "${LOCAL_SECTION}"`);
  // every function of the project is run, in a subsection of its own
  const ran = [...new Set(blocks.map((b) => functionOfHeading(b.section[1])).filter((n) => n !== undefined))];
  const missing = (projectFunctions(dir) ?? []).filter((name) => !ran.includes(name));
  if (missing.length > 0) throw new Error(`"${LOCAL_SECTION}" has no commands for ${missing.map((n) => `\`${n}\``).join(', ')}`);
  const box = sandbox(tools, { CARGO_TARGET_DIR: targetDir(HOST), npm_config_cache: join(process.env.HOME ?? '/root', '.npm') });
  if (box.missing.length > 0) {
    box.cleanup();
    throw new Unavailable(`listed prerequisites not installed here: ${box.missing.join(', ')} (npm run toolchains)`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'crl-readme-blocks-'));
  const runner = new ReadmeRunner({ dir, env: box.env, scratch });
  let commands = 0;
  let expectations = 0;
  try {
    for (const block of blocks) {
      const blank = placeholder(block);
      if (blank) throw new Error(`README line ${blank.line}: a placeholder in the local section, which must run as written: ${blank.text}`);
      onBlock?.(block);
      if (isServerBlock(block)) await runner.serve(block);
      else await runner.run(block);
      commands += block.commands.length;
      expectations += block.commands.filter((c) => c.expect).length;
    }
  } finally {
    await runner.stop();
    box.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
  if (expectations === 0) throw new Error('the local section promises no output to check');
  return { commands, expectations, functions: ran, tools };
}

if (process.argv[1] && resolve(process.argv[1]).endsWith(join('readme', 'local.ts'))) {
  const [dir] = process.argv.slice(2);
  if (!dir) throw new Error('usage: local.ts <project-dir>');
  const started = Date.now();
  const result = await runLocalSection(resolve(dir), (block) => {
    const first = block.commands[0]?.text.split('\n')[0] ?? '';
    console.log(`[${Math.round((Date.now() - started) / 1000)}s] ${block.section.join(' > ')} (line ${block.line}): ${first}`);
  });
  console.log(
    `ok: ${result.commands} commands, ${result.expectations} expected outputs, functions ${result.functions.join(', ')}, PATH: ${result.tools.length} listed tools`,
  );
}
