import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { AutomationTokenTarget } from '#shared/automations/automation-tokens.ts';
import type { RuleProblem } from '#shared/rules/apply-rules.ts';
import type { DryRunReport } from '#shared/rules/dry-run.ts';
import { type Rule, ruleTriggers } from '#shared/rules/rule-schema.ts';
import { ruleSecretId } from '#shared/secrets/rule-secrets.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import type { CliRuntime } from '../command.ts';
import type { CliContext } from '../context.ts';
import { CliError, cliPath, print, printJson, table } from '../output.ts';

/**
 * Defines `wixflow rules apply|list|test|delete`. Validating and dry-running rules needs the module catalogue,
 * JSONata and YAML: `apply` and `test` import them, so `list` and `delete` start without them.
 */
export function rulesCommand(rules: Command, { withContext }: CliRuntime): void {
  rules
    .command('apply <path>')
    .description('validate rule files (YAML or JSON, a file or a directory), then store them all, or none')
    .action((path: string) =>
      withContext(async (ctx) => {
        const { formatProblem, prepareRule, RuleSetError, readRuleDocuments, validateRuleSet } = await import(
          '#shared/rules/apply-rules.ts'
        );
        let parsed: ReturnType<typeof validateRuleSet>;
        try {
          parsed = validateRuleSet(await readRuleDocuments(path, { resolvePath: cliPath }));
        } catch (error) {
          if (error instanceof RuleSetError) throw rejected(path, error.problems.map(formatProblem));
          throw error;
        }
        if (parsed.length === 0) throw new CliError(`no rules found in ${path}`);
        await requireSecrets(ctx, parsed, path, formatProblem);
        const connections = new Set((await ctx.stores.connections.list()).map((c) => c.id));
        const counts = { created: 0, updated: 0, unchanged: 0 };
        for (const rule of parsed) {
          const stored = prepareRule(rule);
          const existing = await ctx.stores.rules.get(rule.id);
          if (existing?.version === stored.version) {
            counts.unchanged++;
            continue;
          }
          await ctx.stores.rules.put(stored);
          counts[existing ? 'updated' : 'created']++;
        }
        print(
          `Applied ${parsed.length} rule${parsed.length === 1 ? '' : 's'}: ${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged.`,
        );
        for (const rule of parsed) {
          if (rule.connection !== '*' && !connections.has(rule.connection)) {
            print(
              `Note: rule ${rule.id} names connection "${rule.connection}", which does not exist yet; add it with \`wixflow connections add\`.`,
            );
          }
        }
        await (await import('./automations.ts')).syncAfterRulesChange(ctx);
      }),
    );

  rules
    .command('list')
    .description('list rules with their last run')
    .option('--json', 'print JSON for scripts')
    .action((options: { json?: boolean }) =>
      withContext(async (ctx) => {
        const all = await ctx.stores.rules.list();
        const lastRuns = await Promise.all(all.map((r) => ctx.stores.runs.list({ ruleId: r.id, limit: 1 })));
        if (options.json) {
          return printJson(all.map((r, i) => ({ ...r, lastRun: lastRuns[i]?.[0] ?? null })));
        }
        if (all.length === 0)
          return print('No rules yet. Write one (see README) and run `wixflow rules apply FILE`.');
        print(
          table(
            ['ID', 'TRIGGER', 'CONNECTION', 'ENABLED', 'LAST RUN'],
            all.map((r, i) => {
              const last = lastRuns[i]?.[0];
              return [
                r.id,
                ruleTriggers(r).join(', '),
                r.connection,
                r.enabled ? 'yes' : 'no',
                last ? `${last.status} ${last.startedAt}` : '-',
              ];
            }),
          ),
        );
      }),
    );

  rules
    .command('test <id>')
    .description('dry run: show what the rule would do for an event (filter, inputs, calls); calls nothing')
    .requiredOption(
      '--event <file>',
      'a raw webhook body (the JWT), the decoded envelope {eventType, instanceId, data}, or for an automation: trigger the payload',
    )
    .option(
      '--catalog <version>',
      "the Stores catalog to plan for: v1 or v3 (default: the connection's, as wixflow last saw it; else v3)",
    )
    .option('--json', 'print JSON for scripts')
    .action((id: string, options: { event: string; catalog?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const rule = await ctx.stores.rules.get(id);
        if (!rule) throw new CliError(`no rule "${id}"; see \`wixflow rules list\``);
        const asked = options.catalog?.toLowerCase();
        if (asked !== undefined && asked !== 'v1' && asked !== 'v3')
          throw new CliError('--catalog takes v1 or v3');
        const known = rule.connection === '*' ? undefined : await ctx.stores.connections.get(rule.connection);
        const event = await readEventFile(options.event, await automationTarget(rule, known));
        const connection = {
          id: known?.id ?? rule.connection,
          instanceId: known?.instanceId ?? event.instanceId,
        };
        const { dryRunRule, plannableCatalog } = await import('#shared/rules/dry-run.ts');
        // The site's own catalog when a run has learnt it; else V3, what Wix gives every new store.
        const recorded = plannableCatalog(known?.catalogVersion);
        const seen = recorded === undefined ? undefined : recorded === 'V1_CATALOG' ? 'v1' : 'v3';
        const catalog = asked ?? seen ?? 'v3';
        const report = await dryRunRule(rule, event, {
          connection,
          catalogVersion: catalog === 'v3' ? 'V3_CATALOG' : 'V1_CATALOG',
          ruleSecret: (name) => ctx.secrets.get(ruleSecretId(ctx.secretsPrefix, name)),
        });
        if (options.json) return printJson(report);
        printDryRun(report);
        // Stores calls differ by catalog: say which one the plan is for, and how to see the other.
        if (report.catalogVersion) {
          const why = asked
            ? 'as asked'
            : seen
              ? "the connection's"
              : "Wix's default for new stores; the connection's is learnt on its first run";
          const other = catalog === 'v3' ? 'v1' : 'v3';
          print(
            `\n  Planned for Catalog ${catalog.toUpperCase()} (${why}); --catalog ${other} plans for the other.`,
          );
        }
      }),
    );

  rules
    .command('delete <id>')
    .description('delete a rule')
    .action((id: string) =>
      withContext(async (ctx) => {
        if (!(await ctx.stores.rules.delete(id)))
          throw new CliError(`no rule "${id}"; see \`wixflow rules list\``);
        print(`Deleted rule ${id}.`);
        await (await import('./automations.ts')).syncAfterRulesChange(ctx);
      }),
    );
}

/** Rejects the whole set when a rule uses a rule secret that is not set: the run would fail. */
async function requireSecrets(
  ctx: CliContext,
  rules: Rule[],
  path: string,
  formatProblem: (problem: RuleProblem) => string,
): Promise<void> {
  const { secretReferences } = await import('#shared/rules/rule-secrets-use.ts');
  const { ruleSecretNames } = await import('./secrets.ts');
  const problems: RuleProblem[] = [];
  // One listing (names only, as `secrets list` shows them) rather than reading each value.
  const known = new Set(await ruleSecretNames(ctx));
  for (const rule of rules) {
    for (const ref of secretReferences(rule)) {
      if (!known.has(ref.name))
        problems.push({
          ruleId: rule.id,
          path: ref.path,
          reason: `secret ${ref.name} is not set; set it with \`wixflow secrets set ${ref.name} --file FILE\``,
        });
    }
  }
  if (problems.length > 0) throw rejected(path, problems.map(formatProblem));
}

/** The CLI error of a rejected rule set: every problem, one a line. */
function rejected(path: string, problems: string[]): CliError {
  const count = problems.length;
  return new CliError(
    `rejected ${path}: ${count} problem${count === 1 ? '' : 's'}; nothing was applied\n${problems.map((p) => `  ${p}`).join('\n')}`,
  );
}

/** For a rule on an `automation:` trigger: whom a payload file would have come from. */
async function automationTarget(
  rule: Rule,
  connection: { id: string; instanceId: string } | undefined,
): Promise<AutomationTokenTarget | undefined> {
  const { isAutomationTrigger, parseAutomationTrigger } = await import(
    '#shared/automations/automation-triggers.ts'
  );
  for (const trigger of ruleTriggers(rule)) {
    if (!isAutomationTrigger(trigger)) continue;
    const ref = parseAutomationTrigger(trigger);
    if ('problem' in ref) continue;
    return {
      connectionId: connection?.id ?? rule.connection,
      instanceId: connection?.instanceId ?? 'dry-run-instance',
      ...ref,
    };
  }
  return undefined;
}

/**
 * Reads an event file: a raw webhook body (JWT; its signature is not checked), the envelope, the JWT payload,
 * or — for a rule on an `automation:` trigger — the bare payload its automation posts.
 */
async function readEventFile(file: string, automation?: AutomationTokenTarget): Promise<WixEvent> {
  const { decodeUnverifiedWebhook, eventFromEnvelope } = await import('#shared/wix/webhook/verify.ts');
  const text = await readFile(cliPath(file), 'utf8').catch(() => {
    throw new CliError(`cannot read the event file ${file}`);
  });
  try {
    const trimmed = text.trim();
    if (!trimmed.startsWith('{')) return decodeUnverifiedWebhook(trimmed);
    const json = JSON.parse(trimmed) as { eventType?: unknown; data?: unknown };
    // What a wixflow automation posts is the bare payload (docs/decisions/013).
    if (automation && json.eventType === undefined) {
      const { automationEvent } = await import('#shared/automations/automation-event.ts');
      return automationEvent(json, automation, new Date());
    }
    return eventFromEnvelope(json.eventType === undefined && json.data !== undefined ? json.data : json);
  } catch (error) {
    throw new CliError(`${file} is not a Wix webhook body or envelope: ${(error as Error).message}`);
  }
}

export function printDryRun(report: DryRunReport): void {
  print(`Dry run of rule ${report.ruleId} for ${report.eventType} — nothing is called.`);
  if (report.triggers.length === 0) {
    print('  The rule does not trigger on this event.');
    return;
  }
  print(`  triggers: ${report.triggers.join(', ')}`);
  for (const name of report.missingSecrets ?? [])
    print(
      `  ✗ secret ${name} is not set: a live run would fail; \`wixflow secrets set ${name} --file FILE\``,
    );
  if (report.filter) {
    const verdict = report.filter.error
      ? `fails: ${report.filter.error}`
      : `${JSON.stringify(report.filter.value)} → ${report.filter.passes ? 'runs' : 'skipped'}`;
    print(`  filter ${report.filter.expression}: ${verdict}`);
    if (!report.filter.passes) return;
  }
  for (const step of report.steps) {
    print(`\n  step ${step.id} (${step.module})`);
    if (step.input !== undefined) print(`    input: ${JSON.stringify(step.input)}`);
    for (const call of step.calls) {
      print(
        `    would send ${call.method} ${call.path}${call.body === undefined ? '' : ` ${JSON.stringify(call.body)}`}`,
      );
    }
    if (step.error) print(`    ✗ ${step.error}`);
  }
  print('\nLater steps saw placeholders for earlier outputs ({"dryRun": "…"}).');
}
