// The Handlebars helpers every template may use. Templates cannot add their own (no code runs
// from a template), so this list is the whole vocabulary; docs/TEMPLATES.md documents it.
import type { HelperDelegate } from 'handlebars';
import { hclString, rustString, shString, tomlString, tsString, yamlString } from './escape.js';

const str = (value: unknown) => String(value);

/** Handlebars passes an options object as the last argument; drop it. */
const args = (list: unknown[]) => list.slice(0, -1);

export const helpers: Record<string, HelperDelegate> = {
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  and: (...list: unknown[]) => args(list).every(Boolean),
  or: (...list: unknown[]) => args(list).some(Boolean),
  not: (a: unknown) => !a,
  toml: (v: unknown) => tomlString(str(v)),
  yaml: (v: unknown) => yamlString(str(v)),
  hcl: (v: unknown) => hclString(str(v)),
  ts: (v: unknown) => tsString(str(v)),
  rust: (v: unknown) => rustString(str(v)),
  sh: (v: unknown) => shString(str(v)),
  json: (v: unknown) => JSON.stringify(v),
  upper: (v: unknown) => str(v).toUpperCase(),
  lower: (v: unknown) => str(v).toLowerCase(),
  /** the name of a resource kind's partial: `{{> (resource kind "outputs")}}` renders iac/resources/<kind>/outputs */
  resource: (kind: unknown, part: unknown) => `iac/resources/${str(kind)}/${str(part)}`,
  /** the same in the base layer: `{{> (baseResource kind "try-it")}}` renders base/resources/<kind>/try-it */
  baseResource: (kind: unknown, part: unknown) => `base/resources/${str(kind)}/${str(part)}`,
  join: (list: unknown, sep: unknown) => (Array.isArray(list) ? list.map(str).join(str(sep)) : ''),
  /** strings joined, e.g. a partial's name: `{{> (concat "function/responses/" event.response)}}` */
  concat: (...list: unknown[]) => args(list).map(str).join(''),
};
