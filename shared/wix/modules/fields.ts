import * as z from 'zod';

/** The message of a field's own type check: "is required" when it is missing, else what it must be. */
const expected =
  (what: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : `must be ${what}`;

/** A module's input: a strict object whose unknown keys are named with the keys it does take. */
export function moduleInput<S extends z.ZodRawShape>(shape: S) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys')
        return `unknown input ${issue.keys.map((k) => `"${k}"`).join(', ')}; this module takes ${known}`;
      if (issue.code === 'invalid_type') return 'input must be an object of named fields';
      return undefined;
    },
  });
}

/** A non-empty text field (ids, names), trimmed. */
export const text = (description: string, max?: number) => {
  const base = z
    .string({ error: expected('text') })
    .trim()
    .min(1, 'must not be empty');
  return (max === undefined ? base : base.max(max, `must be at most ${max} characters`)).describe(
    description,
  );
};

/** A Wix entity id. */
export const id = (description: string) =>
  z
    .string({ error: expected('an id (text)') })
    .trim()
    .min(1, 'must be a non-empty id')
    .describe(description);

/** A list of Wix entity ids (of `what`, e.g. "product"), 1 to `max`. */
export const idList = (description: string, max = 100, what = '') =>
  z
    .array(
      z
        .string({ error: expected('an id (text)') })
        .trim()
        .min(1, 'must not be empty'),
      {
        error: expected('a list of ids'),
      },
    )
    .min(1, `must list at least one ${what ? `${what} ` : ''}id`)
    .max(max, `takes at most ${max} ${what ? `${what} ` : ''}ids`)
    .describe(description);

const NUMERIC_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/** A number; numeric text such as eCom's `"36.00"` amounts is accepted too. */
export const number = (description: string, opts: { min?: number; max?: number; int?: boolean } = {}) => {
  let target = z.number({ error: expected('a number') });
  if (opts.int) target = target.int('must be a whole number');
  if (opts.min !== undefined) target = target.min(opts.min, `must be at least ${opts.min}`);
  if (opts.max !== undefined) target = target.max(opts.max, `must be at most ${opts.max}`);
  return z
    .union(
      [
        z.number(),
        z
          .string()
          .trim()
          .regex(NUMERIC_TEXT, 'must be a number')
          .transform((s) => Number(s)),
      ],
      { error: expected('a number') },
    )
    .pipe(target)
    .describe(description);
};

export const boolean = (description: string) =>
  z.boolean({ error: expected('true or false') }).describe(description);

/** A plain JSON object (a Wix request fragment given as-is). */
export const object = (description: string) =>
  z.record(z.string(), z.unknown(), { error: expected('an object') }).describe(description);

export type WixFilter = Record<string, unknown>;

/**
 * A Wix query filter (docs/wix-behaviour.md#filters), as an object or as the JSON text of one (what Make's filter
 * field takes); modules stringify it for the legacy APIs.
 */
export const filter = z
  .union([z.record(z.string(), z.unknown()), z.string()], {
    error: expected('a Wix filter object, e.g. {"name": {"$startsWith": "Sum"}}'),
  })
  .transform((value, ctx): WixFilter => {
    if (typeof value !== 'string') return value;
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as WixFilter;
    } catch {
      // reported below
    }
    ctx.addIssue({
      code: 'custom',
      message: 'must be a Wix filter object or its JSON text, e.g. {"name": {"$startsWith": "Sum"}}',
    });
    return z.NEVER;
  })
  .optional()
  .describe('Wix query filter, e.g. {"name": {"$startsWith": "Sum"}}; omit for everything');

/** The field to sort by (Wix's field name). */
export const sort = (description = 'field to sort by (Wix field name); omit for Wix’s default order') =>
  z
    .string({ error: expected('a field name') })
    .trim()
    .min(1, 'must not be empty')
    .optional()
    .describe(description);

/** Sort direction; `asc` unless given. */
export const order = z
  .enum(['asc', 'desc', 'ASC', 'DESC'], { error: () => 'must be asc or desc' })
  .optional()
  .transform((v): 'asc' | 'desc' => (v === undefined ? 'asc' : (v.toLowerCase() as 'asc' | 'desc')))
  .describe('sort direction: asc (default) or desc');

/** How many items a search or list gathers across pages. */
export const limit = (defaultValue: number, max: number) =>
  number(`most items to return, gathered across pages (default ${defaultValue}, at most ${max})`, {
    min: 1,
    max,
    int: true,
  })
    .optional()
    .transform((v) => v ?? defaultValue);
