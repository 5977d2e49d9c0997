import { RULE_SECRET_NAME } from '#shared/secrets/rule-secrets.ts';
import { templateExpressions } from './expressions.ts';
import type { Rule } from './rule-schema.ts';

/** `secrets.NAME` in an expression, not a field named `secrets` of something else (`trigger.secrets.x`). */
const REFERENCE = /(?<![.$\w])secrets\s*\.\s*([A-Za-z_]\w*)/g;
/** `secrets` used whole (`$keys(secrets)`, `secrets["x"]`): a rule names each secret it uses. */
const WHOLE = /(?<![.$\w])secrets\b(?!\s*\.\s*[A-Za-z_])/;

/** Secret values shorter than this are not searched for in run records (they would match ordinary text). */
export const MIN_HIDDEN_SECRET_LENGTH = 6;

export interface SecretReference {
  name: string;
  /** Where the rule uses it: `filter` or `actions.N.input`. */
  path: string;
}

/** The rule secrets an expression names. */
export const secretsInExpression = (source: string): string[] =>
  [...source.matchAll(REFERENCE)].map((m) => m[1] ?? '');

/** Why an expression's use of `secrets` is not allowed, or undefined. */
export function secretUseProblem(source: string): string | undefined {
  if (WHOLE.test(source)) return 'uses `secrets` whole: name one secret, as secrets.NAME';
  const bad = secretsInExpression(source).find((name) => !RULE_SECRET_NAME.test(name));
  return bad === undefined ? undefined : `names secrets.${bad}: a secret name has at most 64 characters`;
}

/** Every rule secret a rule uses, with where. */
export function secretReferences(rule: Pick<Rule, 'filter' | 'actions'>): SecretReference[] {
  const refs: SecretReference[] = [];
  if (rule.filter) for (const name of secretsInExpression(rule.filter)) refs.push({ name, path: 'filter' });
  rule.actions.forEach((step, i) => {
    for (const source of templateExpressions(step.input))
      for (const name of secretsInExpression(source)) refs.push({ name, path: `actions.${i}.input` });
  });
  return refs;
}

/** The distinct rule secrets a rule uses, sorted. */
export const secretNames = (rule: Pick<Rule, 'filter' | 'actions'>): string[] =>
  [...new Set(secretReferences(rule).map((r) => r.name))].sort();

/**
 * The parts of a URL-valued secret that carry the secret on their own: a Slack hook's path, a key in the
 * query. An answer or an error may quote just the path it was called at.
 */
function urlParts(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  return [`${url.pathname}${url.search}`, url.pathname, url.search.slice(1)].filter((part) => part !== '/');
}

/**
 * A function that replaces every occurrence of the secret values in a value (at any depth, keys kept)
 * with `[secret NAME]` — for a URL also its path and query on their own: run records, errors and dry-run
 * reports keep the shape, never the secret.
 */
export function secretHider(values: Record<string, string>): <T>(value: T) => T {
  const secrets = Object.entries(values)
    .flatMap(([name, value]) => [value, ...urlParts(value)].map((part): [string, string] => [name, part]))
    .filter(([, value]) => value.length >= MIN_HIDDEN_SECRET_LENGTH)
    .sort(([, a], [, b]) => b.length - a.length);
  if (secrets.length === 0) return (value) => value;
  const hideText = (text: string) =>
    secrets.reduce((out, [name, value]) => out.split(value).join(`[secret ${name}]`), text);
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return hideText(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return <T>(value: T) => walk(value) as T;
}
