// How templates are grouped for people: in `--list` and in the two-step template prompt. A
// template's group follows from what it is (an extension, or a function and its trigger), so a
// forked template lands in the right group without saying so.
import { type GroupId, TRIGGER_KINDS } from '../kinds/index.js';
import type { FunctionManifest, TriggerType } from './manifest.js';

export interface TemplateGroup {
  id: string;
  title: string;
  /** the functions whose trigger is one of these; `extension` takes every extension */
  triggers: readonly TriggerType[] | 'extension';
}

/** The triggers whose kinds name this group (src/kinds/). */
const triggersOf = (group: GroupId) => TRIGGER_KINDS.filter((k) => k.trigger.group === group).map((k) => k.trigger.type);

/** In display order; each trigger kind names its group (test/unit/groups.test.ts: every group is someone's). */
export const TEMPLATE_GROUPS: readonly TemplateGroup[] = [
  { id: 'http', title: 'HTTP APIs and endpoints', triggers: triggersOf('http') },
  { id: 'events', title: 'Queues, topics, buckets and schedules', triggers: triggersOf('events') },
  { id: 'streams', title: 'Stream consumers', triggers: triggersOf('streams') },
  { id: 'other', title: 'Any event, no trigger', triggers: triggersOf('other') },
  { id: 'extension', title: 'Lambda extensions', triggers: 'extension' },
];

export function groupOf(manifest: Pick<FunctionManifest, 'kind' | 'infra'>): TemplateGroup {
  const found = TEMPLATE_GROUPS.find((g) =>
    g.triggers === 'extension'
      ? manifest.kind === 'extension'
      : manifest.kind === 'function' && g.triggers.includes(manifest.infra.trigger.type),
  );
  // unreachable while every trigger type has a group; the last group keeps the type total
  return found ?? (TEMPLATE_GROUPS.at(-1) as TemplateGroup);
}

/** Templates in group order, each group's own order kept. */
export function byGroup<T extends Pick<FunctionManifest, 'kind' | 'infra'>>(
  templates: readonly T[],
): { group: TemplateGroup; templates: T[] }[] {
  return TEMPLATE_GROUPS.map((group) => ({ group, templates: templates.filter((t) => groupOf(t) === group) })).filter(
    (g) => g.templates.length > 0,
  );
}
