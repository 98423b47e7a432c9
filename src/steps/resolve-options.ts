// Turn flags + prompts + defaults into a complete, valid set of Answers.
// Without a terminal (and without --yes) nothing is guessed: every missing choice is listed.
import type { ParsedArgs } from '../args.js';
import { UsageError } from '../errors.js';
import { suggestName } from '../names.js';
import { type AnswerOption, type Answers, answerOptions, flagLabel } from '../options.js';
import type { Prompter } from '../prompter.js';

type Value = Answers[keyof Answers];

function describeChoices(option: AnswerOption): string {
  return option.choices ? option.choices().map((c) => c.value).join(', ') : '';
}

/** Check and convert one value given on the command line. */
export function convertGiven(option: AnswerOption, raw: string | boolean, answers: Partial<Answers>): Value {
  const label = flagLabel(option);
  if (option.type === 'boolean') return raw as boolean;
  const text = String(raw);
  if (option.choices) {
    const valid = option.choices().map((c) => c.value);
    if (!valid.includes(text)) throw new UsageError(`invalid ${label} "${text}". Valid values: ${valid.join(', ')}`);
  }
  let value: Value = text;
  if (option.type === 'number') {
    value = Number(text);
    if (text.trim() === '' || Number.isNaN(value)) throw new UsageError(`invalid ${label} "${text}": not a number`);
  }
  const problem = option.validate?.(value as never, answers);
  if (problem) throw new UsageError(`invalid ${label} "${text}": ${problem}`);
  return value;
}

async function ask(option: AnswerOption, answers: Partial<Answers>, prompter: Prompter): Promise<Value> {
  const message = option.prompt ?? option.description;
  const initial = option.defaultValue(answers);
  if (option.type === 'boolean') return prompter.confirm({ message, initialValue: initial as boolean });
  if (option.choices) return prompter.select({ message, options: option.choices(), initialValue: String(initial) });
  const text = await prompter.text({
    message,
    initialValue: String(initial),
    validate: (v) => option.validate?.(v as never, answers),
  });
  return option.type === 'number' ? Number(text) : text;
}

export interface ResolveInput {
  args: ParsedArgs;
  interactive: boolean;
  prompter: () => Promise<Prompter>;
}

export async function resolveOptions({ args, interactive, prompter }: ResolveInput): Promise<Answers> {
  const answers: Partial<Answers> = {};
  const { given } = args;
  const useDefaults = args.behaviour.yes;

  // Pass 1: every value on the command line is checked before anything is asked.
  for (const option of answerOptions) {
    const raw = given[option.key];
    if (raw !== undefined) answers[option.key] = convertGiven(option, raw, answers) as never;
  }

  // Pass 2: fill what is missing, in table order (later defaults may depend on earlier answers).
  const missing: AnswerOption[] = [];
  for (const option of answerOptions) {
    const applies = option.appliesTo?.(answers) ?? true;
    if (!applies) {
      if (given[option.key] !== undefined) {
        throw new UsageError(`${flagLabel(option)} does not apply here: ${option.description}`);
      }
      answers[option.key] = option.defaultValue(answers) as never;
      continue;
    }
    if (answers[option.key] !== undefined) continue;
    if (option.prompt && !useDefaults) {
      if (interactive) answers[option.key] = (await ask(option, answers, await prompter())) as never;
      else missing.push(option);
      continue;
    }
    answers[option.key] = option.defaultValue(answers) as never;
  }

  if (missing.length > 0) {
    const list = missing.map((o) => {
      const choices = describeChoices(o);
      return `  ${flagLabel(o)}${o.valueName && o.flag ? ` ${o.valueName}` : ''}${choices ? `  (${choices})` : ''}`;
    });
    throw new UsageError(
      `missing choices, and there is no terminal to ask them on:\n${list.join('\n')}\nPass them as flags, or --yes to take the defaults.`,
    );
  }

  // The name defaults to the folder's name, which may not be a valid crate / function name.
  const nameOption = answerOptions.find((o) => o.key === 'name') as AnswerOption<'name'>;
  const problem = nameOption.validate?.(answers.name as string, answers);
  if (problem) {
    const suggestion = suggestName(answers.name ?? '');
    if (interactive && !useDefaults && given.name === undefined) {
      answers.name = await (await prompter()).text({
        message: `"${answers.name}" cannot be a function name (${problem}) Function name?`,
        initialValue: suggestion,
        validate: (v) => nameOption.validate?.(v, answers),
      });
    } else {
      throw new UsageError(`the directory name gives the function name "${answers.name}", which is invalid: ${problem} Pass --name ${suggestion}`);
    }
  }
  return answers as Answers;
}
