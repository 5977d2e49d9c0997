import type { ConnectionStore } from '#shared/store/connections.ts';
import type { RuleStore } from '#shared/store/rules.ts';
import { prepareRule, type RuleProblem } from './apply-rules.ts';
import type { Rule } from './rule-schema.ts';
import { secretReferences } from './rule-secrets-use.ts';

export interface SaveRulesResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Rules naming a connection that does not exist (yet): saved, but they run nowhere until it does. */
  unknownConnections: { ruleId: string; connection: string }[];
}

/**
 * The problems that keep validated rules from being stored: a rule secret that is not set (its run would
 * fail). Empty means the set may be saved.
 */
export function missingSecretProblems(rules: Rule[], knownSecrets: Iterable<string>): RuleProblem[] {
  const known = new Set(knownSecrets);
  return rules.flatMap((rule) =>
    secretReferences(rule)
      .filter((ref) => !known.has(ref.name))
      .map((ref) => ({
        ruleId: rule.id,
        path: ref.path,
        reason: `secret ${ref.name} is not set; set it with \`wixflow secrets set ${ref.name} --file FILE\``,
      })),
  );
}

/** Stores validated rules as `rules apply` does: a new version only where the rule changed. */
export async function saveRules(
  stores: { rules: RuleStore; connections: ConnectionStore },
  rules: Rule[],
): Promise<SaveRulesResult> {
  const connections = new Set((await stores.connections.list()).map((c) => c.id));
  const result: SaveRulesResult = { created: 0, updated: 0, unchanged: 0, unknownConnections: [] };
  for (const rule of rules) {
    const stored = prepareRule(rule);
    const existing = await stores.rules.get(rule.id);
    if (existing?.version === stored.version) result.unchanged++;
    else {
      await stores.rules.put(stored);
      result[existing ? 'updated' : 'created']++;
    }
    if (rule.connection !== '*' && !connections.has(rule.connection))
      result.unknownConnections.push({ ruleId: rule.id, connection: rule.connection });
  }
  return result;
}
