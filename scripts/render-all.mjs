#!/usr/bin/env node
// Renders every built-in combination (template × variant × flavor × arch) and a grown project per
// flavor and arch (one function of every template, made by `create` then `add`) with the built CLI,
// into <out>/<combination>/. Run it at two revisions and `diff -r` the folders to prove that a
// change leaves every generated file as it was (or to see exactly what it changes):
//   npm run build && node scripts/render-all.mjs /tmp/before
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node scripts/render-all.mjs <out-dir>');
  process.exit(2);
}
const bin = resolve(import.meta.dirname, '../bin/create-rust-lambda.js');
const cli = (args, cwd) => execFileSync(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });

/** Variants beyond the defaults: the variables whose values change what is generated. */
const VARIANTS = {
  stream: [[], ['--var', 'auth=NONE']],
  event: [[], ['--var', 'eventType=sqs.SqsEvent'], ['--var', 'eventType=apigw.ApiGatewayProxyRequest']],
};
/** The answers `--yes` leaves open: a variable without a default the CLI takes as is. */
const REQUIRED = { event: ['--var', 'eventType=cloudwatch_events.CloudWatchEvent'] };

const catalog = JSON.parse(execFileSync(process.execPath, [bin, '--list', '--json'], { encoding: 'utf8' }));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let count = 0;
for (const template of catalog.templates) {
  for (const flavor of template.flavors) {
    for (const arch of template.architectures) {
      for (const [i, variant] of (VARIANTS[template.id] ?? [[]]).entries()) {
        const args = variant.length ? variant : (REQUIRED[template.id] ?? []);
        const dir = `${template.id}${i ? `-v${i}` : ''}-${flavor}-${arch}`;
        cli([dir, '--name', 'my-fn', '--template', template.id, '--iac', flavor, '--arch', arch, '--no-git', '--yes', ...args], out);
        count += 1;
      }
    }
  }
}
for (const flavor of catalog.flavors.map((f) => f.id)) {
  for (const arch of ['arm64', 'x86_64']) {
    const dir = `grown-${flavor}-${arch}`;
    const [first, ...rest] = catalog.templates.filter((t) => t.flavors.includes(flavor) && t.architectures.includes(arch));
    cli([dir, '--name', 'grown', '--template', first.id, '--iac', flavor, '--arch', arch, '--no-git', '--yes'], out);
    for (const t of rest) cli(['add', t.id, '--name', `${t.id}-fn`, '--yes', ...(REQUIRED[t.id] ?? [])], join(out, dir));
    count += 1;
  }
}
console.log(`rendered ${count} projects into ${out}`);
