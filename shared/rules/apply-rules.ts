import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  editDistance,
  isAutomationTrigger,
  parseAutomationTrigger,
} from '#shared/automations/automation-triggers.ts';
import {
  isBuiltinTrigger,
  isCatalogTrigger,
  listBuiltinTriggers,
  listTriggers,
} from '#shared/triggers/catalog.ts';
import { getModule } from '#shared/wix/modules/registry.ts';
import { compileExpression, ExpressionError, isWholeTemplate, templateExpressions } from './expressions.ts';
import { type Rule, RuleSchema, ruleTriggers, type StoredRule } from './rule-schema.ts';
import { secretUseProblem } from './rule-secrets-use.ts';

/** One problem with one rule, printed as `rule-id: path: reason`. */
export interface RuleProblem {
  ruleId: string;
  path: string;
  reason: string;
}

export const formatProblem = (p: RuleProblem) => `${p.ruleId}: ${p.path}: ${p.reason}`;

/** Raised when a rule set is rejected; `problems` lists every reason. */
export class RuleSetError extends Error {
  override readonly name = 'RuleSetError';
  constructor(readonly problems: RuleProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

interface SourceDocument {
  source: string;
  value: unknown;
}

/**
 * Reads rule documents from a YAML/JSON file or a directory of them; throws RuleSetError on unreadable files.
 * Problems name the files as `path` does; `resolvePath` turns those names into the paths opened (the CLI's
 * resolve against the directory the command was run in).
 */
export async function readRuleDocuments(
  path: string,
  options: { resolvePath?: (path: string) => string } = {},
): Promise<SourceDocument[]> {
  const open = options.resolvePath ?? ((p: string) => p);
  const info = await stat(open(path)).catch(() => undefined);
  if (!info) throw new RuleSetError([{ ruleId: path, path: '(file)', reason: 'no such file or directory' }]);
  const files = info.isDirectory()
    ? (await readdir(open(path)))
        .filter((f) => ['.yaml', '.yml', '.json'].includes(extname(f)))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const docs: SourceDocument[] = [];
  const problems: RuleProblem[] = [];
  for (const file of files) {
    const text = await readFile(open(file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        problems.push({
          ruleId: file,
          path: '(yaml)',
          reason: doc.errors[0]?.message.split('\n')[0] ?? 'invalid YAML',
        });
        continue;
      }
      const value: unknown = doc.toJS();
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== null && item !== undefined) docs.push({ source: file, value: item });
      }
    }
  }
  if (problems.length > 0) throw new RuleSetError(problems);
  return docs;
}

/** Validates a whole rule set; returns the rules or throws RuleSetError listing every problem (all or nothing). */
export function validateRuleSet(documents: SourceDocument[]): Rule[] {
  const problems: RuleProblem[] = [];
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  documents.forEach((doc, index) => {
    const id = ruleIdOf(doc.value) ?? `${doc.source}#${index + 1}`;
    const parsed = RuleSchema.safeParse(doc.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ ruleId: id, path: issue.path.join('.') || '(rule)', reason: issue.message });
      }
      return;
    }
    const rule = parsed.data;
    const earlier = seen.get(rule.id);
    if (earlier)
      problems.push({ ruleId: rule.id, path: 'id', reason: `duplicate rule id (also in ${earlier})` });
    seen.set(rule.id, doc.source);
    problems.push(...checkRule(rule));
    rules.push(rule);
  });
  if (problems.length > 0) throw new RuleSetError(problems);
  return rules;
}

/** Checks what the schema cannot: triggers, modules, static inputs, expressions and step references. */
export function checkRule(rule: Rule): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const at = (path: string, reason: string) => problems.push({ ruleId: rule.id, path, reason });
  ruleTriggers(rule).forEach((trigger, i) => {
    const path = Array.isArray(rule.trigger) ? `trigger.${i}` : 'trigger';
    if (isAutomationTrigger(trigger)) {
      const parsed = parseAutomationTrigger(trigger);
      if ('problem' in parsed) at(path, parsed.problem);
      return;
    }
    if (!isCatalogTrigger(trigger) && !isBuiltinTrigger(trigger) && !looksLikeWixEventType(trigger)) {
      const hint = closestTrigger(trigger);
      at(
        path,
        `unknown trigger "${trigger}"${hint ? ` (did you mean ${hint}?)` : ''}; run \`wixflow triggers\``,
      );
    }
  });
  if (rule.filter) checkExpression(rule.filter, 'filter', [], at);
  const stepIds: string[] = [];
  rule.actions.forEach((step, i) => {
    const base = `actions.${i}`;
    if (stepIds.includes(step.id)) at(`${base}.id`, `duplicate step id "${step.id}"`);
    const module = getModule(step.module);
    if (!module) at(`${base}.module`, `unknown module "${step.module}"; run \`wixflow modules\``);
    for (const source of templateExpressions(step.input))
      checkExpression(source, `${base}.input`, stepIds, at);
    if (module && templateExpressions(step.input).length === 0) {
      const parsed = module.input.safeParse(step.input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) at(`${base}.input.${issue.path.join('.')}`, issue.message);
      }
    } else if (module) {
      checkStaticFields(module.input, step.input, `${base}.input`, at);
    }
    stepIds.push(step.id);
  });
  return problems;
}

/** With templates present, the fields without any are still checked on their own. */
function checkStaticFields(
  schema: {
    safeParse(v: unknown): {
      success: boolean;
      error?: { issues: { path: PropertyKey[]; message: string; code?: string }[] };
    };
  },
  input: Record<string, unknown>,
  base: string,
  at: (path: string, reason: string) => void,
): void {
  const result = schema.safeParse(input);
  if (result.success || !result.error) return;
  for (const issue of result.error.issues) {
    const value = valueAt(input, issue.path);
    const path = `${base}.${issue.path.map(String).join('.')}`;
    if (typeof value === 'string' && templateExpressions(value).length > 0) {
      // `{{ }}` inside a longer string is always text: its type is known even though its value is not.
      if (!isWholeTemplate(value) && issue.code === 'invalid_type') {
        at(path, `is text (a string with {{ }} inside) but ${issue.message.replace(/^Invalid input: /, '')}`);
      }
      continue;
    }
    if (value !== undefined && templateExpressions(value).length > 0) continue;
    // A whole-template value anywhere above may supply this field once evaluated.
    if (
      value === undefined &&
      issue.path.some((_, i) => isWholeTemplate(valueAt(input, issue.path.slice(0, i))))
    )
      continue;
    if (value === undefined && Object.values(input).some(isWholeTemplate)) continue;
    at(path, issue.message);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function checkExpression(
  source: string,
  path: string,
  earlierSteps: string[],
  at: (path: string, reason: string) => void,
): void {
  try {
    compileExpression(source);
  } catch (error) {
    at(
      path,
      `expression {{ ${source} }} ${error instanceof ExpressionError ? error.message : String(error)}`,
    );
    return;
  }
  const secretProblem = secretUseProblem(source);
  if (secretProblem) at(path, `expression {{ ${source} }} ${secretProblem}`);
  for (const match of source.matchAll(/\bsteps\.([A-Za-z0-9_-]+)/g)) {
    const ref = match[1] ?? '';
    if (!earlierSteps.includes(ref)) {
      at(path, `expression {{ ${source} }} uses steps.${ref}, which is not an earlier step`);
    }
  }
}

/** Raw Wix event types: domain `<fqdn>_<slug>`, `com.wix…` classes, or legacy names like `OrderPaid`. */
function looksLikeWixEventType(name: string): boolean {
  return (
    /^wix\.[a-z0-9.]+_[a-z0-9_-]+$/i.test(name) || /^com\.wix/.test(name) || /^[A-Z][A-Za-z]+$/.test(name)
  );
}

function closestTrigger(name: string): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const t of [...listTriggers(), ...listBuiltinTriggers()]) {
    const d = editDistance(name, t.name);
    if (d <= 3 && (!best || d < best.d)) best = { name: t.name, d };
  }
  return best?.name;
}

function ruleIdOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') return value.id;
  return undefined;
}

/** A validated rule ready to store: stamped with a content version and the time. */
export function prepareRule(rule: Rule, now = new Date()): StoredRule {
  const version = createHash('sha256').update(JSON.stringify(rule)).digest('hex').slice(0, 16);
  return { ...rule, version, updatedAt: now.toISOString() };
}
