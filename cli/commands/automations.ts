import type { Command } from 'commander';
import { entityIdFieldsOf } from '#shared/automations/automation-event.ts';
import { maskedIntakeUrl } from '#shared/automations/automation-tokens.ts';
import {
  automationTriggerByKey,
  automationTriggerName,
  isAutomationTrigger,
  listAutomationTriggers,
  parseAutomationTrigger,
} from '#shared/automations/automation-triggers.ts';
import { resolveSiteTriggers } from '#shared/automations/automations-api.ts';
import {
  type AutomationChange,
  AutomationSetupError,
  neededAutomations,
  rotateAutomationTokens,
  type SyncAutomationsDeps,
  type SyncAutomationsOptions,
  syncAutomations,
} from '#shared/automations/sync-automations.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { wixClientFor } from '#shared/wix/client/connection-client.ts';
import type { CliRuntime, WithContext } from '../command.ts';
import type { CliContext } from '../context.ts';
import { CliError, print, printJson, table } from '../output.ts';

/** Defines `wixflow automations list|sync|rotate`. */
export function automationsCommand(automations: Command, { withContext }: CliRuntime): void {
  automations
    .command('list')
    .description('per connection: each automation’s trigger, id, status on the site and URL (token masked)')
    .option('--connection <id>', 'only this connection')
    .option('--json', 'print JSON for scripts')
    .action((options: { connection?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const records = await ctx.stores.automations.listRecords(options.connection);
        let live = new Map<string, AutomationChange>();
        let unknown: string | undefined;
        try {
          const changes = await runSync(ctx, {
            dryRun: true,
            inspect: true,
            ...(options.connection ? { connectionIds: [options.connection] } : {}),
          });
          live = new Map(changes.map((c) => [`${c.connectionId} ${c.trigger}`, c]));
        } catch (error) {
          if (!(error instanceof AutomationSetupError || error instanceof CliError)) throw error;
          unknown = error.message;
        }
        const rows = records.map((r) => {
          const change = live.get(`${r.connectionId} ${automationTriggerName(r.triggerKey)}`);
          return {
            connection: r.connectionId,
            trigger: automationTriggerName(r.triggerKey),
            appId: r.appId,
            automationId: r.automationId,
            status: statusOf(change, unknown),
            url: maskedIntakeUrl(r.publicUrl, r.tokenHash),
          };
        });
        if (options.json) return printJson(rows);
        if (rows.length === 0)
          return print('No wixflow automations yet: apply a rule whose trigger is automation:<triggerKey>.');
        print(
          table(
            ['CONNECTION', 'TRIGGER', 'AUTOMATION', 'STATUS', 'URL'],
            rows.map((r) => [r.connection, r.trigger, r.automationId, r.status, r.url]),
          ),
        );
      }),
    );

  automations
    .command('sync')
    .description('repair drift: recreate or restore what a site lost or changed, delete what no rule needs')
    .option('--dry-run', 'show what would change; change nothing')
    .option('--connection <id>', 'only this connection')
    .option('--json', 'print JSON for scripts')
    .action((options: { dryRun?: boolean; connection?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const changes = await runSync(ctx, {
          inspect: true,
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(options.connection ? { connectionIds: [options.connection] } : {}),
        });
        if (options.json) return printJson(changes);
        if (changes.length === 0) return print('Nothing to do: no rule names an automation:… trigger.');
        printChanges(changes, Boolean(options.dryRun));
        failIfAny(changes);
      }),
    );

  automations
    .command('rotate <connection> [trigger]')
    .description('issue new URLs for a connection’s automations (or one trigger’s) and retire the old ones')
    .action((connectionId: string, trigger: string | undefined) =>
      withContext(async (ctx) => {
        const connection = await ctx.stores.connections.get(connectionId);
        if (!connection)
          throw new CliError(`no connection "${connectionId}"; see \`wixflow connections list\``);
        let ref: { appId: string; triggerKey: string } | undefined;
        if (trigger) {
          const parsed = parseAutomationTrigger(
            isAutomationTrigger(trigger) ? trigger : `automation:${trigger}`,
          );
          if ('problem' in parsed) throw new CliError(parsed.problem);
          ref = parsed;
        }
        const changes = await setupErrors(async () =>
          rotateAutomationTokens(await syncDeps(ctx), connection, ref),
        );
        if (changes.length === 0)
          throw new CliError(`connection ${connectionId} has no such wixflow automation`);
        printChanges(changes, false);
        failIfAny(changes);
        print('The old URLs answer 401 from now on.');
      }),
    );
}

/** `wixflow triggers --automations [--app NAME] [--connection ID]`. */
export async function printAutomationTriggers(
  options: { app?: string; connection?: string; json?: boolean },
  withContext: WithContext,
): Promise<void> {
  if (!options.connection) {
    const triggers = listAutomationTriggers(options.app);
    if (options.json) return printJson(triggers);
    if (triggers.length === 0) throw new CliError(`no app matches "${options.app}"`);
    print(
      table(
        ['TRIGGER', 'APP', 'NAME', 'ENTITY ID FROM'],
        triggers.map((t) => [
          automationTriggerName(t.triggerKey),
          t.appName,
          t.name,
          entityIdFieldsOf(t.appId).join(', '),
        ]),
      ),
    );
    print(
      '\nA trigger outside this list: automation:<appId>/<triggerKey>. What a site has: --connection ID.',
    );
    return;
  }
  const connectionId = options.connection;
  await withContext(async (ctx) => {
    const connection = await ctx.stores.connections.get(connectionId);
    if (!connection) throw new CliError(`no connection "${connectionId}"; see \`wixflow connections list\``);
    const deps = await syncDeps(ctx);
    const resolved = await resolveSiteTriggers(deps.wixFor(connection)).catch((error: unknown) => {
      throw new CliError(`could not list the triggers of ${connectionId}: ${(error as Error).message}`);
    });
    const needle = options.app?.toLowerCase();
    const rows = resolved
      .map((t) => ({
        trigger:
          automationTriggerByKey(t.triggerKey)?.appId === t.appId
            ? `automation:${t.triggerKey}`
            : `automation:${t.appId}/${t.triggerKey}`,
        app: automationTriggerByKey(t.triggerKey)?.appName ?? t.appId,
        name: t.displayName ?? '',
        fields: Object.keys(t.payloadDataSchema?.properties ?? {}),
      }))
      .filter((r) => !needle || r.app.toLowerCase().includes(needle));
    if (options.json) return printJson(rows);
    print(
      table(
        ['TRIGGER', 'APP', 'NAME', 'PAYLOAD FIELDS'],
        rows.map((r) => [r.trigger, r.app, r.name, r.fields.join(', ')]),
      ),
    );
  });
}

/**
 * After rules changed (`rules apply`, `rules delete`, the console): creates the automations newly needed and
 * deletes those no rule needs any more; [] without a call to Wix when no rule names an automation trigger.
 * Throws CliError when no automation can be set up at all (no public URL Wix can reach).
 */
export async function provisionAfterRulesChange(ctx: CliContext): Promise<AutomationChange[]> {
  const [rules, connections, records] = await Promise.all([
    ctx.stores.rules.list(),
    ctx.stores.connections.list(),
    ctx.stores.automations.listRecords(),
  ]);
  // Most rule sets name no automation trigger: then there is nothing to ask Wix.
  if (records.length === 0 && neededAutomations(rules, connections).size === 0) return [];
  return (await runSync(ctx, {})).filter((c) => c.action !== 'keep');
}

/** `provisionAfterRulesChange` for the CLI: prints what changed; throws CliError (rules stay saved) on failure. */
export async function syncAfterRulesChange(ctx: CliContext): Promise<void> {
  let changed: AutomationChange[];
  try {
    changed = await provisionAfterRulesChange(ctx);
  } catch (error) {
    if (error instanceof CliError) throw new CliError(`the rules are saved, but ${error.message}`);
    throw error;
  }
  if (changed.length === 0) return;
  printChanges(changed, false);
  failIfAny(changed, 'the rules are saved, but ');
}

/** One sentence on what provisioning did, for the console: '' when nothing changed. */
export function summariseChanges(changes: AutomationChange[]): string {
  const failed = changes.filter((c) => c.error);
  const done = changes.filter((c) => !c.error && c.action !== 'skip');
  const parts = done.map((c) => `${c.trigger} ${VERBS[c.action][0]} on ${c.connectionId}`);
  if (failed.length > 0)
    parts.push(
      `${failed.length} automation change${failed.length === 1 ? '' : 's'} failed (run \`wixflow automations sync\`)`,
    );
  return parts.length === 0 ? '' : ` Automations: ${parts.join('; ')}.`;
}

/** Before a connection is removed: deletes its automations from the site and retires their tokens. */
export async function removeConnectionAutomations(ctx: CliContext, connectionId: string): Promise<void> {
  const records = await ctx.stores.automations.listRecords(connectionId);
  if (records.length === 0) return;
  const changes = await runSync(ctx, { removing: [connectionId], connectionIds: [connectionId] });
  printChanges(changes, false);
  const failed = changes.filter((c) => c.error);
  if (failed.length > 0) {
    // The site could not be reached: its automations stay, but their URLs stop working now.
    for (const record of records) {
      await ctx.stores.automations.deleteToken(record.tokenHash);
      await ctx.stores.automations.deleteRecord(connectionId, record);
    }
    print(
      `Note: delete these automations in the site's dashboard (their URLs already answer 401): ${records.map((r) => r.automationId).join(', ')}`,
    );
  }
}

async function syncDeps(ctx: CliContext): Promise<SyncAutomationsDeps> {
  const wix = await ctx.wix();
  const app = appCredentials(wix.appId, wix.appSecretId, ctx.secrets);
  return {
    store: ctx.stores.automations,
    connections: await ctx.stores.connections.list(),
    rules: await ctx.stores.rules.list(),
    wixFor: (connection) =>
      wixClientFor(connection, {
        baseUrl: wix.wixApiBaseUrl,
        app,
        secrets: ctx.secrets,
        connections: ctx.stores.connections,
        freshSecrets: ctx.secrets,
        // The same per-site budget as the consumers' calls.
        beforeSend: () => wix.rateLimiter.acquire(connection.instanceId),
      }),
    publicUrl: wix.publicUrl,
    localWix: wix.localWix,
  };
}

async function runSync(ctx: CliContext, options: SyncAutomationsOptions): Promise<AutomationChange[]> {
  return setupErrors(async () => syncAutomations(await syncDeps(ctx), options));
}

async function setupErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AutomationSetupError) throw new CliError(error.message);
    throw error;
  }
}

const VERBS: Record<AutomationChange['action'], [string, string]> = {
  create: ['created', 'would create'],
  keep: ['in place', 'in place'],
  restore: ['restored', 'would restore'],
  recreate: ['recreated', 'would recreate'],
  delete: ['deleted', 'would delete'],
  skip: ['skipped', 'would skip'],
};

function printChanges(changes: AutomationChange[], dryRun: boolean): void {
  for (const c of changes) {
    const verb = c.error ? 'failed' : VERBS[c.action][dryRun ? 1 : 0];
    const id = c.automationId ? ` (automation ${c.automationId})` : '';
    const why = c.error ?? c.reason;
    print(`  ${c.connectionId}: ${c.trigger} ${verb}${id}${why ? `: ${why}` : ''}`);
  }
}

function failIfAny(changes: AutomationChange[], lead = ''): void {
  const failed = changes.filter((c) => c.error).length;
  if (failed > 0)
    throw new CliError(
      `${lead}${failed} automation change${failed === 1 ? '' : 's'} failed; run \`wixflow automations sync\` to retry`,
    );
}

function statusOf(change: AutomationChange | undefined, unknown: string | undefined): string {
  if (unknown) return 'unknown';
  if (!change) return 'unknown';
  if (change.error) return `unknown (${change.error})`;
  switch (change.action) {
    case 'keep':
      return 'active';
    case 'restore':
      return `drifted (${change.reason ?? 'changed'})`;
    case 'recreate':
    case 'create':
      return `missing (${change.reason ?? 'gone'})`;
    case 'delete':
      return 'not needed';
    case 'skip':
      return `skipped (${change.reason ?? ''})`;
  }
}
