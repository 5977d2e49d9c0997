import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { type RuleProblem, RuleSetError, validateRuleSet } from './apply-rules.ts';
import type { Rule } from './rule-schema.ts';

/** A rule problem with the 1-based line of the YAML/JSON text it points at, where the path could be found. */
export interface LocatedProblem extends RuleProblem {
  line?: number;
}

export type RuleTextResult = { ok: true; rules: Rule[] } | { ok: false; problems: LocatedProblem[] };

/**
 * Validates rule documents typed as text (YAML or JSON, one rule or a list) exactly as `rules apply` does —
 * all or nothing — and points each problem at its line, for an editor.
 */
export function validateRuleText(text: string, source = 'editor'): RuleTextResult {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const documents: { source: string; value: unknown; node: unknown; listIndex?: number }[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line;
      return {
        ok: false,
        problems: [
          {
            ruleId: source,
            path: '(yaml)',
            reason: error.message.split('\n')[0] ?? 'invalid YAML',
            ...(line ? { line } : {}),
          },
        ],
      };
    }
    const value: unknown = doc.toJS();
    if (Array.isArray(value) && isSeq(doc.contents)) {
      value.forEach((item, i) => {
        documents.push({
          source,
          value: item,
          node: doc.contents && isSeq(doc.contents) ? doc.contents.items[i] : undefined,
          listIndex: i,
        });
      });
    } else if (value !== null && value !== undefined) documents.push({ source, value, node: doc.contents });
  }
  if (documents.length === 0)
    return { ok: false, problems: [{ ruleId: source, path: '(rule)', reason: 'no rule in the text' }] };
  try {
    return { ok: true, rules: validateRuleSet(documents) };
  } catch (error) {
    if (!(error instanceof RuleSetError)) throw error;
    return {
      ok: false,
      problems: error.problems.map((problem) => {
        const doc =
          documents.find((d) => (d.value as { id?: unknown } | null)?.id === problem.ruleId) ?? documents[0];
        const offset = doc ? offsetOf(doc.node, problem.path) : undefined;
        return offset === undefined ? problem : { ...problem, line: lines.linePos(offset).line };
      }),
    };
  }
}

/** The text offset of the deepest node along `a.b.0.c` that exists. */
function offsetOf(node: unknown, path: string): number | undefined {
  let current = node;
  let offset = rangeStart(current);
  for (const key of path.split('.').filter(Boolean)) {
    let next: unknown;
    if (isMap(current)) {
      const pair = current.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
      next = pair?.value ?? pair?.key;
      const keyStart = rangeStart(pair?.key);
      if (keyStart !== undefined) offset = keyStart;
    } else if (isSeq(current)) next = current.items[Number(key)];
    if (next === undefined) break;
    current = next;
    offset = rangeStart(current) ?? offset;
  }
  return offset;
}

const rangeStart = (node: unknown): number | undefined =>
  (node as { range?: [number, number, number] } | undefined)?.range?.[0];
