import * as z from 'zod';

const Id = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'may hold letters, digits, ".", "_" and "-", and must start with a letter or digit',
  );

export const StepSchema = z.strictObject({
  id: Id,
  module: z.string().min(1, 'must name a module'),
  input: z.record(z.string(), z.unknown()).default({}),
});
export type Step = z.infer<typeof StepSchema>;

/** A rule document as users write it (docs/contracts.md#rule-document), before module inputs are checked. */
export const RuleSchema = z.strictObject({
  id: Id,
  description: z.string().optional(),
  connection: z.string().min(1, 'must name a connection id or "*"'),
  trigger: z.union([z.string().min(1), z.array(z.string().min(1)).min(1, 'must list at least one trigger')]),
  filter: z.string().min(1).optional(),
  actions: z.array(StepSchema).min(1, 'must hold at least one step'),
  enabled: z.boolean().default(true),
});
export type Rule = z.infer<typeof RuleSchema>;

/** A rule as stored: the document plus a content hash that changes with every edit. */
export const StoredRuleSchema = RuleSchema.extend({ version: z.string(), updatedAt: z.string() });
export type StoredRule = z.infer<typeof StoredRuleSchema>;

/** The trigger names of a rule as a list. */
export const ruleTriggers = (rule: Pick<Rule, 'trigger'>): string[] =>
  Array.isArray(rule.trigger) ? rule.trigger : [rule.trigger];
