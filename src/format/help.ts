// --help, --version and --list: all generated from the option table and the template catalog.
import kleur from 'kleur';
import { ARCH_IDS, ARCHITECTURES } from '../arch.js';
import { OPTIONS, type OptionSpec } from '../options.js';
import { cliVersion } from '../paths.js';
import { builtinCatalog } from '../template/catalog.js';
import { byGroup, groupOf } from '../template/groups.js';

export const version = cliVersion;

function usageLeft(option: OptionSpec): string {
  if (!option.flag) return option.kind === 'answer' ? (option.valueName ?? '') : '';
  const alias = option.alias ? `-${option.alias}, ` : '    ';
  if (option.kind === 'answer' && option.type === 'boolean') return `${alias}--${option.flag}, --no-${option.flag}`;
  const value = option.kind !== 'behaviour' && option.valueName ? ` ${option.valueName}` : '';
  return `${alias}--${option.flag}${value}`;
}

export function helpText(): string {
  const rows = OPTIONS.map((option) => {
    const left = usageLeft(option);
    const values =
      option.kind === 'answer' ? option.choices?.().map((c) => c.value) : option.kind === 'varAlias' ? option.choices() : undefined;
    const choices = values ? ` (${values.join(' | ')})` : '';
    return { left, right: `${option.description}${choices}` };
  });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  const line = (r: { left: string; right: string }) => `  ${r.left.padEnd(width)}${r.right}`;
  const answerRows = rows.filter((_, i) => OPTIONS[i]?.kind !== 'behaviour');
  const behaviourRows = rows.filter((_, i) => OPTIONS[i]?.kind === 'behaviour');
  return [
    `${kleur.bold('create-rust-lambda')} ${version()} — scaffold a Rust AWS Lambda function or extension`,
    '',
    'Usage:',
    '  npm create rust-lambda@latest [directory] -- [options]',
    '  create-rust-lambda [directory] [options]',
    '  create-rust-lambda eject <template-id> <dir>   copy a built-in template to start a fork',
    '  create-rust-lambda doctor [--iac <flavor>] [--arch <arch>] [--json]   check the tools a project needs',
    '',
    'In a project (the folder with rust-lambda.toml, or below it):',
    '  create-rust-lambda add <template> [--name <function>] [--dry-run]   add a function; your edits are kept (3-way merge)',
    "  create-rust-lambda upgrade [--dry-run]   bring the project to this version's templates, merging your edits",
    '  create-rust-lambda render --out <dir>   the project as its templates render it, into a new folder',
    '  (each takes --help)',
    '',
    'Project:',
    ...answerRows.map(line),
    '',
    'Behaviour:',
    ...behaviourRows.map(line),
    '',
    'Without a terminal, every choice must be given as a flag (or use --yes for the defaults).',
    'Example:',
    '  npm create rust-lambda@latest my-fn -- --template sqs --iac cdk --arch arm64 --no-git',
  ].join('\n');
}

export function listJson(): string {
  const { templates, flavors } = builtinCatalog();
  return JSON.stringify(
    {
      templates: templates.map(({ id, title, description, kind, architectures, flavors: f, infra }) => ({
        id,
        title,
        description,
        kind,
        group: groupOf({ kind, infra }).id,
        architectures,
        flavors: f,
      })),
      flavors: flavors.map(({ id, title, description }) => ({ id, title, description })),
      architectures: [...ARCH_IDS],
    },
    null,
    2,
  );
}

export function listText(): string {
  const { templates, flavors } = builtinCatalog();
  const width = Math.max(...[...templates, ...flavors].map((t) => t.id.length)) + 2;
  return [
    kleur.bold('Templates (--template)'),
    ...byGroup(templates).flatMap(({ group, templates: inGroup }) => [
      `  ${kleur.dim(group.title)}`,
      ...inGroup.map((t) => `    ${t.id.padEnd(width)}${t.title} — ${t.description}`),
    ]),
    '',
    kleur.bold('IaC flavors (--iac)'),
    ...flavors.map((f) => `  ${f.id.padEnd(width)}${f.title} — ${f.description}`),
    '',
    kleur.bold('Architectures (--arch)'),
    ...ARCH_IDS.map((id) => `  ${id.padEnd(width)}${ARCHITECTURES[id].hint}`),
  ].join('\n');
}
