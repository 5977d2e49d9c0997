import jsonata from 'jsonata';

/** How long one expression may run, and how deep it may recurse. */
const LIMITS = { timeout: 1_000, stack: 200 } as const;
const WHOLE = /^\s*\{\{([\s\S]*?)\}\}\s*$/;
const INLINE = /\{\{([\s\S]*?)\}\}/g;

/** A JSONata expression that did not compile or evaluate; `expression` is the source text. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
  }
}

const compiled = new Map<string, jsonata.Expression>();

/** Compiles (once per source text) a JSONata expression; throws ExpressionError on a syntax error. */
export function compileExpression(source: string): jsonata.Expression {
  const hit = compiled.get(source);
  if (hit) return hit;
  try {
    const expression = jsonata(source, { timeout: LIMITS.timeout, stack: LIMITS.stack });
    compiled.set(source, expression);
    return expression;
  } catch (error) {
    throw new ExpressionError(`does not compile: ${jsonataMessage(error)}`, source);
  }
}

/** Evaluates an expression against `context` within the time and depth limits; throws ExpressionError. */
export async function evaluateExpression(source: string, context: unknown): Promise<unknown> {
  const expression = compileExpression(source);
  try {
    return await expression.evaluate(context, undefined);
  } catch (error) {
    throw new ExpressionError(`failed: ${jsonataMessage(error)}`, source);
  }
}

/** Every `{{ expr }}` source inside a value, at any depth (for validation). */
export function templateExpressions(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(INLINE)].map((m) => (m[1] ?? '').trim());
  if (Array.isArray(value)) return value.flatMap(templateExpressions);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(templateExpressions);
  return [];
}

/** Whether a value is exactly one `{{ expr }}` (so it takes the expression's type). */
export const isWholeTemplate = (value: unknown): boolean => typeof value === 'string' && WHOLE.test(value);

/**
 * Resolves templates in a step input: a string that is exactly `{{ expr }}` becomes the expression's value
 * (any type); `{{ }}` inside a longer string interpolates. Throws ExpressionError.
 */
export async function renderTemplate(value: unknown, context: unknown): Promise<unknown> {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return await evaluateExpression((whole[1] ?? '').trim(), context);
    if (!value.includes('{{')) return value;
    let out = '';
    let last = 0;
    for (const match of value.matchAll(INLINE)) {
      const result = await evaluateExpression((match[1] ?? '').trim(), context);
      out += value.slice(last, match.index) + interpolated(result);
      last = (match.index ?? 0) + match[0].length;
    }
    return out + value.slice(last);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) out.push(await renderTemplate(item, context));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await renderTemplate(v, context);
    return out;
  }
  return value;
}

function interpolated(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function jsonataMessage(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; code?: unknown; position?: unknown };
    const where = typeof e.position === 'number' ? ` at position ${e.position}` : '';
    if (e.code === 'D1012') return `ran longer than ${LIMITS.timeout} ms`;
    if (e.code === 'D1011') return `recursed deeper than ${LIMITS.stack} levels`;
    if (typeof e.message === 'string') return `${e.message}${where}`;
  }
  return String(error);
}
