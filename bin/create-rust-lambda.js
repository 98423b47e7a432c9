#!/usr/bin/env node
// Ctrl-C and SIGTERM are caught first thing, before anything loads: a signal at any point, start-up
// included, cancels the run (exit 130) and leaves the project as it was, or complete. A second
// signal while the run is still winding down ends the process at once.
const cancel = new AbortController();
const onSignal = () => {
  if (cancel.signal.aborted) process.exit(130);
  process.exitCode = 130;
  cancel.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// Check the Node version before loading anything that may need a newer one.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  console.error(`create-rust-lambda needs Node.js 22 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}
// `--help` or `--version` alone is answered from what the build wrote (dist/help.txt, from the same
// helpText()), without loading the CLI: loading it costs more than Node's own start-up.
const [word, ...more] = process.argv.slice(2);
const quick = more.length === 0 && { '--version': 'version.txt', '-v': 'version.txt', '--help': 'help', '-h': 'help' }[word];
if (quick) {
  const { readFileSync } = await import('node:fs');
  // kleur's rule, as the CLI would apply it: bold only on a terminal that takes colours
  const { FORCE_COLOR, NODE_DISABLE_COLORS, NO_COLOR, TERM } = process.env;
  const colours =
    !NODE_DISABLE_COLORS && NO_COLOR == null && TERM !== 'dumb' && ((FORCE_COLOR != null && FORCE_COLOR !== '0') || process.stdout.isTTY);
  const file = quick === 'help' ? (colours ? 'help.color.txt' : 'help.txt') : quick;
  process.stdout.write(readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8'));
} else {
  const { run } = await import('../dist/index.js');
  await run(cancel.signal);
}
