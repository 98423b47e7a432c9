// Writes the event template's table of event types (templates/functions/event/template.json:
// infra.trigger.event.types and the eventType choices) and one sample event per type
// (files/events/<fixture>.hbs, written only for the chosen type) from the aws_lambda_events crate
// the workspace uses: every top-level event type its own tests read from a fixture. How AWS
// invokes a function with each type and what the function answers (invocation, response,
// responseFeature) are decisions, not the crate's: they are kept from the table, and a type new
// to the crate stops the script until it has them.
//   node scripts/event-types.mjs ~/.cargo/registry/src/*/aws_lambda_events-1.2.1
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const crate = process.argv[2];
if (!crate) throw new Error('usage: node scripts/event-types.mjs <aws_lambda_events source folder>');
const template = join(import.meta.dirname, '..', 'templates', 'functions', 'event');
/** Types the crate's tests read that are parts of an event or answers to one, not events. */
const NOT_EVENTS = /Response|^Test|Identity$|Record$/;
/** Event types whose tests read no fixture of their own, with a fixture of the crate they read. */
const EXTRA = {
  'cloudwatch_events.CloudWatchEvent': {
    feature: 'cloudwatch_events',
    path: 'cloudwatch_events::CloudWatchEvent',
    fixture: 'example-eventbridge-schedule.json',
  },
};

const types = new Map();
for (const mod of readdirSync(join(crate, 'src/event')).sort()) {
  const dir = join(crate, 'src/event', mod);
  if (!statSync(dir).isDirectory()) continue;
  const modrs = readFileSync(join(dir, 'mod.rs'), 'utf8');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.rs'))
    .sort((a, b) => (a === 'mod.rs' ? -1 : b === 'mod.rs' ? 1 : a.localeCompare(b)));
  for (const file of files) {
    const sub = file.replace(/\.rs$/, '');
    // a submodule's types are the module's when it re-exports them, under the module's own feature
    if (file !== 'mod.rs' && !new RegExp(`pub use (self::)?${sub}::\\*`).test(modrs)) continue;
    const gate = modrs.match(new RegExp(`#\\[cfg\\(feature = "(\\w+)"\\)\\]\\s*(pub )?mod ${sub};`));
    if (gate && gate[1] !== mod) continue;
    const src = readFileSync(join(dir, file), 'utf8');
    const lines = src.split('\n');
    lines.forEach((line, i) => {
      const fixture = line.match(/fixtures\/([\w.-]+\.json)/)?.[1];
      if (!fixture) return;
      const near = lines.slice(i - 1, i + 4).join('\n');
      const type = (near.match(/let parsed: (\w+) =/) ?? near.match(/verify_serde_roundtrip::<(\w+)>/))?.[1];
      if (!type || NOT_EVENTS.test(type) || !new RegExp(`pub (struct|enum|type) ${type}\\b`).test(src)) return;
      const choice = `${mod}.${type}`;
      if (!types.has(choice)) types.set(choice, { feature: mod, path: `${mod}::${type}`, fixture });
    });
  }
}
for (const [choice, row] of Object.entries(EXTRA)) types.set(choice, row);
const sorted = new Map([...types].sort(([a], [b]) => a.localeCompare(b)));

const manifestFile = join(template, 'template.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
/** The decisions per type the crate does not make (src/kinds/event-types.ts). */
const DECIDED = ['invocation', 'response', 'responseFeature'];
const undecided = [];
for (const [choice, row] of sorted) {
  const before = manifest.infra.trigger.event.types[choice] ?? {};
  for (const key of DECIDED) if (before[key] !== undefined) row[key] = before[key];
  if (row.invocation === undefined || row.response === undefined) undecided.push(choice);
}
if (undecided.length > 0) {
  throw new Error(`decide "invocation" and "response" in ${manifestFile} for: ${undecided.join(', ')}`);
}
manifest.infra.trigger.event.types = Object.fromEntries(sorted);
manifest.variables[0].choices = [...sorted.keys()];
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

const events = join(template, 'files', 'events');
rmSync(events, { recursive: true, force: true });
mkdirSync(events, { recursive: true });
for (const fixture of new Set([...sorted.values()].map((row) => row.fixture))) {
  const text = readFileSync(join(crate, 'src/fixtures', fixture), 'utf8');
  if (text.includes('{{')) throw new Error(`${fixture} holds {{, which Handlebars would read`);
  const choices = [...sorted].filter(([, row]) => row.fixture === fixture).map(([choice]) => `(eq @root.vars.eventType "${choice}")`);
  const guard = choices.length === 1 ? choices[0] : `(or ${choices.join(' ')})`;
  writeFileSync(join(events, `${fixture}.hbs`), `{{#if ${guard}}}\n${text.trimEnd()}\n{{/if}}\n`);
}
console.log(`${sorted.size} event types, ${new Set([...sorted.values()].map((r) => r.fixture)).size} fixtures`);
