// Validation builders shared by the manifest schema (src/template/manifest.ts) and the trigger
// settings each resource kind declares (src/kinds/): one wording for every message.
import * as v from 'valibot';

export const text = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
    // prose that lands in YAML, TypeScript, HCL and Markdown: no quoting or markup characters beyond these
    v.regex(
      /^[\p{L}\p{N} .,:;!?()'"/&+_{}=%#@-]+$/u,
      'may only contain letters, digits, spaces and . , : ; ! ? ( ) \' " / & + _ { } = % # @ -',
    ),
  );

export const matching = (re: RegExp, what: string) => v.pipe(v.string('must be a string'), v.regex(re, `must be ${what}`));

export const int = (min: number, max: number) =>
  v.pipe(
    v.number('must be a number'),
    v.integer(`must be an integer from ${min} to ${max}`),
    v.minValue(min, `must be an integer from ${min} to ${max}`),
    v.maxValue(max, `must be an integer from ${min} to ${max}`),
  );

export const uniqueList = <T extends v.GenericSchema>(item: T, max: number, key: (x: v.InferOutput<T>) => string = String) =>
  v.pipe(
    v.array(item, 'must be a list'),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must have at most ${max} entries`),
    v.check((list) => new Set(list.map(key)).size === list.length, 'must not repeat an entry'),
  );

/** A choice value: letters, digits, . _ - (what a `choice` variable may hold). */
export const CHOICE = /^[A-Za-z0-9._-]{1,64}$/;
/** How many choices a `choice` variable may offer. */
export const MAX_CHOICES = 64;

/** An attribute name of a DynamoDB key. */
export const attributeName = () =>
  matching(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'an attribute name: a letter, then letters, digits or _ (at most 64)');

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export const httpMethod = () => v.picklist(HTTP_METHODS, `must be one of ${HTTP_METHODS.join(', ')}`);
