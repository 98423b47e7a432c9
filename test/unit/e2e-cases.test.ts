// The e2e cases cover exactly the built-in catalog: a template or flavor added to templates/
// without its case in test/e2e/cases/ (or a case left behind by one removed) fails here, before
// the e2e matrix would quietly leave it out.
import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../src/template/catalog.js';
import { FLAVOR_IDS, FLAVORS } from '../e2e/cases/flavors.js';
import { TEMPLATE_IDS, TEMPLATES } from '../e2e/cases/templates.js';

/**
 * What one side has and the other lacks, named; empty when `listed` (the ids `where` lists) holds
 * the catalog's ids once each.
 */
function difference(where: string, listed: readonly string[], catalog: string[]): string[] {
  const problems: string[] = [];
  const missing = catalog.filter((id) => !listed.includes(id));
  const extra = listed.filter((id) => !catalog.includes(id));
  const twice = listed.filter((id, i) => listed.indexOf(id) !== i);
  if (missing.length > 0) problems.push(`built-in but not in ${where}: ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`in ${where} but not in the catalog (templates/): ${extra.join(', ')}`);
  if (twice.length > 0) problems.push(`more than once in ${where}: ${[...new Set(twice)].join(', ')}`);
  return problems;
}

describe('the e2e cases cover exactly the built-in catalog', () => {
  const catalog = builtinCatalog();
  const templates = catalog.templates.map((t) => t.id);
  const flavors = catalog.flavors.map((f) => f.id);

  it('one case per built-in template', () => {
    const problems = difference(
      'TEMPLATES (test/e2e/cases/templates.ts)',
      TEMPLATES.map((t) => t.id),
      templates,
    );
    expect(problems, problems.join('; ')).toEqual([]);
  });

  it('one case per built-in flavor', () => {
    const problems = difference(
      'FLAVORS (test/e2e/cases/flavors.ts)',
      FLAVORS.map((f) => f.id),
      flavors,
    );
    expect(problems, problems.join('; ')).toEqual([]);
  });

  it('TemplateId and FlavorId name exactly the built-in templates and flavors', () => {
    const problems = [
      ...difference('TEMPLATE_IDS, the members of TemplateId (test/e2e/cases/templates.ts)', TEMPLATE_IDS, templates),
      ...difference('FLAVOR_IDS, the members of FlavorId (test/e2e/cases/flavors.ts)', FLAVOR_IDS, flavors),
    ];
    expect(problems, problems.join('; ')).toEqual([]);
  });

  it("each template case has its template's kind", () => {
    const wrong = TEMPLATES.flatMap((t) => {
      const kind = catalog.templates.find((m) => m.id === t.id)?.kind;
      return kind === undefined || kind === t.kind ? [] : [`${t.id}: the case says ${t.kind}, template.json says ${kind}`];
    });
    expect(wrong, wrong.join('; ')).toEqual([]);
  });
});
