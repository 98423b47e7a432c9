// The generated IaC read back as data, without tools, for rules over it: SAM's template.yaml with
// CloudFormation's short-form tags as `{ Ref: … }`-style objects, and Terraform's top-level blocks
// (the files are terraform fmt'ed: a block ends at a `}` in column 0).
import { parse as parseYaml } from 'yaml';

export type Files = (path: string) => string;

const CFN_TAGS = ['Ref', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'FindInMap', 'ImportValue', 'GetAZs'].flatMap(
  (name) => [
    { tag: `!${name}`, resolve: (value: unknown) => ({ [name]: value }) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [name]: value.toJSON() }) },
    { tag: `!${name}`, collection: 'map' as const, resolve: (value: { toJSON(): unknown }) => ({ [name]: value.toJSON() }) },
  ],
);

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

/** The project's template.yaml. */
export const samTemplate = (file: Files): CfnTemplate => parseYaml(file('template.yaml'), { customTags: CFN_TAGS }) as CfnTemplate;

export interface HclBlock {
  /** resource, data, output, variable, … */
  kind: string;
  labels: string[];
  body: string;
}

/** Every top-level block with a body of the Terraform module (main.tf, outputs.tf, variables.tf). */
export function terraformBlocks(file: Files): HclBlock[] {
  const text = ['main.tf', 'outputs.tf', 'variables.tf'].map((f) => file(`infra/${f}`)).join('\n');
  return [...text.matchAll(/^(\w+)((?: "[^"]*")*) \{\n([\s\S]*?)^\}$/gm)].map((m) => ({
    kind: m[1] as string,
    labels: [...(m[2] as string).matchAll(/"([^"]*)"/g)].map((l) => l[1] as string),
    body: m[3] as string,
  }));
}

/** The value of `name = …` on one line of a block's body (its first at any depth), or undefined. */
export const hclAttr = (body: string, name: string): string | undefined =>
  new RegExp(`^\\s*${name}\\s*=\\s*(.+)$`, 'm').exec(body)?.[1]?.trim();
