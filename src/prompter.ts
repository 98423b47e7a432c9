// The prompts, behind a small interface so tests can answer them without a terminal.
/** One option of a select prompt (and of a flag's --help values). */
export interface Choice {
  value: string;
  label: string;
  hint?: string;
  /** the title of the group it belongs to: a long list is asked in two steps (selectChoice) */
  group?: string;
}

export interface Prompter {
  /**
   * `initialValue` is the default: shown as a placeholder, not pre-filled (typing a name must not
   * append to it), and taken when the answer is empty. `validate` sees the answer the prompt
   * returns, so an empty input is validated as the default.
   */
  text(opts: { message: string; initialValue?: string; validate?: (value: string) => string | undefined }): Promise<string>;
  select(opts: { message: string; options: Choice[]; initialValue?: string }): Promise<string>;
  confirm(opts: { message: string; initialValue?: boolean }): Promise<boolean>;
}

/** @clack/prompts, loaded only when a prompt is really shown. Cancel (Ctrl-C) throws CancelledError. */
export async function clackPrompter(): Promise<Prompter> {
  const clack = await import('@clack/prompts');
  const { CancelledError } = await import('./errors.js');
  const unwrap = <T>(value: T): Exclude<T, symbol> => {
    if (clack.isCancel(value)) throw new CancelledError();
    return value as Exclude<T, symbol>;
  };
  return {
    text: async (opts) =>
      unwrap(
        await clack.text({
          message: opts.message,
          placeholder: opts.initialValue,
          defaultValue: opts.initialValue,
          validate: opts.validate ? (v) => opts.validate?.(v || opts.initialValue || '') : undefined,
        }),
      ),
    select: async (opts) =>
      unwrap(
        await clack.select({
          message: opts.message,
          options: opts.options.map((c) => ({ value: c.value, label: c.label, hint: c.hint })),
          initialValue: opts.initialValue,
        }),
      ),
    confirm: async (opts) => unwrap(await clack.confirm({ message: opts.message, initialValue: opts.initialValue })),
  };
}

/** A list longer than this, whose choices all have a group, is asked in two steps. */
export const ONE_STEP_MAX = 8;

/**
 * A select that stays short: a long grouped list is asked as its group first ("which kind?"),
 * then one of that group (skipped when the group has one choice). The default leads to itself.
 */
export async function selectChoice(
  prompter: Prompter,
  opts: { message: string; options: Choice[]; initialValue?: string },
): Promise<string> {
  const groups = [...new Set(opts.options.map((o) => o.group))];
  if (opts.options.length <= ONE_STEP_MAX || groups.length < 2 || groups.includes(undefined)) return prompter.select(opts);
  const members = (group: string | undefined) => opts.options.filter((o) => o.group === group);
  const initialGroup = opts.options.find((o) => o.value === opts.initialValue)?.group;
  const group = await prompter.select({
    message: `${opts.message} First, what kind?`,
    options: groups.map((g) => ({
      value: g as string,
      label: g as string,
      hint: members(g)
        .map((o) => o.value)
        .join(', '),
    })),
    initialValue: initialGroup,
  });
  const inGroup = members(group);
  if (inGroup.length === 1) return (inGroup[0] as Choice).value;
  const initialValue = inGroup.some((o) => o.value === opts.initialValue) ? opts.initialValue : undefined;
  return prompter.select({ message: opts.message, options: inGroup, initialValue });
}
