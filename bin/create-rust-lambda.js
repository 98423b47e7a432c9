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
const { run } = await import('../dist/index.js');
await run(cancel.signal);
