// The projects a rule over the rendered IaC reads: every built-in template of a flavor alone (its
// function named like the project), each variant that changes the IaC, and one project with a
// function of every template (each named after its template).
import { builtinCatalog } from '../../src/template/catalog.js';
import type { PlannedFunction } from './plan-functions.js';

/** A value for each variable that has no default. */
const REQUIRED: Record<string, PlannedFunction['vars']> = { event: { eventType: 'cloudwatch_events.CloudWatchEvent' } };

/** A template's variables: their defaults, and a value for a choice without one. */
function varsOf(template: string): PlannedFunction['vars'] {
  const manifest = builtinCatalog().templates.find((t) => t.id === template);
  const defaults = Object.fromEntries((manifest?.variables ?? []).filter((v) => v.default !== undefined).map((v) => [v.name, v.default]));
  return { ...defaults, ...REQUIRED[template] } as PlannedFunction['vars'];
}

export interface Variant {
  template: string;
  vars: PlannedFunction['vars'];
}

export function everyTemplateProjects(flavor: string, variants: Variant[] = []): Array<{ what: string; functions: PlannedFunction[] }> {
  const templates = builtinCatalog().templates.filter((t) => t.flavors.includes(flavor));
  return [
    ...templates.map((t) => ({ what: t.id, functions: [{ name: 'shop', template: t.id, vars: varsOf(t.id) }] })),
    ...variants.map((v) => ({
      what: `${v.template} ${JSON.stringify(v.vars)}`,
      functions: [{ name: 'shop', template: v.template, vars: { ...varsOf(v.template), ...v.vars } }],
    })),
    { what: 'every template', functions: templates.map((t) => ({ name: `${t.id}-fn`, template: t.id, vars: varsOf(t.id) })) },
  ];
}
