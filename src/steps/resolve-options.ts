// Turn flags + prompts + defaults into a complete, valid set of Answers, and load the template
// they name. Without a terminal (and without --yes) nothing is guessed: every missing choice is
// listed at once.
import type { ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { suggestName } from '../names.js';
import { type AnswerOption, type Answers, answerOptions, convertGiven, flagLabel, parseNumber, varAliases } from '../options.js';
import { type Prompter, selectChoice } from '../prompter.js';
import type { LoadedTemplate } from '../template/load.js';
import { type FunctionManifest, TEMPLATE_SUPPORTS, type TemplateVariable, type VarValue, variableProblem } from '../template/manifest.js';
import { printable } from '../text/printable.js';

type Value = Answers[keyof Answers];

function describeChoices(option: AnswerOption): string {
  return option.choices
    ? option
        .choices()
        .map((c) => c.value)
        .join(', ')
    : '';
}

async function ask(option: AnswerOption, answers: Partial<Answers>, prompter: Prompter, supported?: readonly string[]): Promise<Value> {
  const message = option.prompt ?? option.description;
  const initial = option.defaultValue(answers);
  if (option.type === 'boolean') return prompter.confirm({ message, initialValue: initial as boolean });
  if (option.choices) {
    const options = option.choices().filter((c) => !supported || supported.includes(c.value));
    return selectChoice(prompter, { message, options, initialValue: String(initial) });
  }
  const text = await prompter.text({
    message,
    initialValue: String(initial),
    validate: (v) => option.validate?.(v as never, answers),
  });
  return option.type === 'number' ? parseNumber(text) : text;
}

const BOOLEANS = new Map([
  ['true', true],
  ['false', false],
]);

/** `--var name=value` text → a typed value, checked against the declaration. */
export function convertVar(variable: TemplateVariable, raw: string): VarValue {
  const value: VarValue = variable.type === 'number' ? parseNumber(raw) : variable.type === 'boolean' ? (BOOLEANS.get(raw) ?? raw) : raw;
  if (variable.type === 'number' && Number.isNaN(value))
    throw new UsageError(`invalid --var ${variable.name}="${printable(raw)}": not a number`);
  const problem = variableProblem(variable, value);
  if (problem) throw new UsageError(`invalid --var ${variable.name}="${printable(raw)}": ${printable(problem)}`);
  return value;
}

async function askVar(variable: TemplateVariable, prompter: Prompter): Promise<VarValue> {
  const message = variable.description;
  if (variable.type === 'boolean') return prompter.confirm({ message, initialValue: variable.default as boolean });
  if (variable.type === 'choice') {
    const options = (variable.choices ?? []).map((c) => ({ value: c, label: c }));
    return prompter.select({ message, options, initialValue: String(variable.default) });
  }
  const text = await prompter.text({
    message,
    initialValue: String(variable.default),
    validate: (v) => {
      const value = variable.type === 'number' ? parseNumber(v) : v;
      return Number.isNaN(value) ? 'must be a number' : variableProblem(variable, value);
    },
  });
  return variable.type === 'number' ? parseNumber(text) : text;
}

const varHint = (v: TemplateVariable) => (v.type === 'choice' ? (v.choices ?? []).join('|') : `<${v.type}>`);
/** How the user sets a variable, up to its value: its alias flag when it has one (`--extension-api `), else `--var name=`. */
const varFlag = (name: string) => {
  const alias = varAliases.find((a) => a.variable === name);
  return alias ? `--${alias.flag} ` : `--var ${name}=`;
};

/** Only what the chosen template supports is offered, and anything else given is refused now. */
const SUPPORTED: Partial<Record<keyof Answers, (manifest: FunctionManifest) => readonly string[]>> = TEMPLATE_SUPPORTS;

export interface ResolveInput {
  args: ParsedArgs;
  interactive: boolean;
  prompter: () => Promise<Prompter>;
  /** resolves the chosen --template (built-in, folder or git) */
  loadTemplate: (template: string) => Promise<LoadedTemplate>;
}

export interface Resolved {
  answers: Answers;
  template: LoadedTemplate;
}

export async function resolveOptions(input: ResolveInput): Promise<Resolved> {
  let template: LoadedTemplate | undefined;
  try {
    const answers = await resolveAnswers(input, async (value) => {
      template = await input.loadTemplate(value);
      return template.manifest;
    });
    return { answers, template: template as LoadedTemplate };
  } catch (error) {
    await template?.cleanup(); // a fetched checkout is removed when the answers are not complete
    throw error;
  }
}

async function resolveAnswers(
  { args, interactive, prompter }: ResolveInput,
  load: (template: string) => Promise<FunctionManifest>,
): Promise<Answers> {
  const answers: Partial<Answers> = {};
  const { given } = args;
  const useDefaults = args.behaviour.yes;
  const ask_ = interactive && !useDefaults;

  // Pass 1: every value on the command line is checked before anything is asked.
  for (const option of answerOptions) {
    const raw = given[option.key];
    if (raw !== undefined) answers[option.key] = convertGiven(option, raw, answers) as never;
  }

  // Pass 2: fill what is missing, in table order (later defaults may depend on earlier answers).
  const missing: string[] = [];
  let manifest: FunctionManifest | undefined;
  for (const option of answerOptions) {
    const supported = manifest && SUPPORTED[option.key]?.(manifest);
    if (answers[option.key] === undefined) {
      if (option.prompt && !useDefaults) {
        if (interactive) answers[option.key] = (await ask(option, answers, await prompter(), supported)) as never;
        else {
          const choices = supported?.join(', ') ?? describeChoices(option);
          missing.push(
            `${flagLabel(option)}${option.valueName && option.flag ? ` ${option.valueName}` : ''}${choices ? `  (${choices})` : ''}`,
          );
        }
      } else
        answers[option.key] = (
          supported?.includes(String(option.defaultValue(answers))) === false ? supported[0] : option.defaultValue(answers)
        ) as never;
    }
    const value = answers[option.key];
    if (supported && value !== undefined && !supported.includes(String(value))) {
      throw new UsageError(
        `template "${manifest?.id}" does not support ${flagLabel(option)} ${printable(String(value))} (supported: ${supported.join(', ')})`,
      );
    }
    if (option.key === 'template' && answers.template !== undefined) manifest = await load(answers.template);
  }

  // Pass 3: the template's own variables. A Map, so a variable named like an Object member
  // (toString, constructor) is an ordinary name.
  const vars = new Map<string, VarValue>();
  const declared = manifest?.variables ?? [];
  for (const [name, raw] of args.vars) {
    const variable = declared.find((v) => v.name === name);
    if (!variable) {
      const alias = varAliases.find((a) => a.variable === name);
      if (alias) throw new UsageError(`--${alias.flag} does not apply to template "${manifest?.id}": ${alias.description}`);
      const known = declared.map((v) => v.name).join(', ') || 'none';
      throw new UsageError(`--var ${printable(name)}: the template declares no variable "${printable(name)}" (declared: ${known})`);
    }
    vars.set(name, convertVar(variable, raw));
  }
  for (const variable of declared) {
    if (vars.has(variable.name)) continue;
    if (useDefaults) vars.set(variable.name, variable.default);
    else if (interactive) vars.set(variable.name, await askVar(variable, await prompter()));
    else missing.push(`${varFlag(variable.name)}${varHint(variable)}  (${variable.description})`);
  }
  answers.vars = Object.fromEntries(vars);
  if (missing.length > 0) {
    throw new UsageError(
      `missing choices, and there is no terminal to ask them on:\n${missing.map((m) => `  ${m}`).join('\n')}\nPass them as flags, or --yes to take the defaults.`,
    );
  }

  // The name defaults to the folder's name, which may not be a valid crate / function name.
  const nameOption = answerOptions.find((o) => o.key === 'name') as AnswerOption<'name'>;
  const problem = nameOption.validate?.(answers.name as string, answers);
  if (problem) {
    const suggestion = suggestName(answers.name ?? '');
    if (ask_ && given.name === undefined) {
      answers.name = await (await prompter()).text({
        message: `"${answers.name}" cannot be a function name (${problem}) Function name?`,
        initialValue: suggestion,
        validate: (v) => nameOption.validate?.(v, answers),
      });
    } else {
      throw new UsageError(
        `the directory name gives the function name "${printable(answers.name ?? '')}", which is invalid: ${printable(problem)} Pass --name ${suggestion}`,
      );
    }
  }
  return answers as Answers;
}
