#!/usr/bin/env node
// Check the Node version before loading anything that may need a newer one.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  console.error(`create-rust-lambda needs Node.js 20.12 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}
const { run } = await import('../dist/index.js');
await run();
