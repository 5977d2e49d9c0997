import { randomUUID } from 'node:crypto';
import type { Logger } from '#shared/log.ts';
import { ruleTriggers, type StoredRule } from '#shared/rules/rule-schema.ts';
import type { Connection } from '#shared/store/connections.ts';
import type { WixApi } from '#shared/wix/client/wix-http-client.ts';
import type { AutomationRecord, AutomationStore } from './automation-store.ts';
import {
  automationIntakeUrl,
  hashAutomationToken,
  newAutomationToken,
  scrubIntakeTokens,
  tokenOfIntakeUrl,
} from './automation-tokens.ts';
import {
  type AutomationTriggerRef,
  automationTriggerName,
  isAutomationTrigger,
  parseAutomationTrigger,
} from './automation-triggers.ts';
import {
  AutomationsApi,
  type ForwardingAutomation,
  type WixAutomation,
  webhookActionOf,
} from './automations-api.ts';

/** What `automations sync` did (or, in a dry run, would do) for one (connection, trigger). */
export interface AutomationChange {
  connectionId: string;
  /** `automation:<triggerKey>`. */
  trigger: string;
  action: 'create' | 'keep' | 'restore' | 'recreate' | 'delete' | 'skip';
  automationId?: string;
  /** Why, in the user's words (what drifted, why skipped). */
  reason?: string;
  /** Set when Wix or the store refused; a re-run picks up where this one stopped. */
  error?: string;
}

export interface SyncAutomationsDeps {
  store: AutomationStore;
  connections: Connection[];
  rules: StoredRule[];
  /** The Wix client of a connection; it must go through the site's rate limiter. */
  wixFor: (connection: Connection) => WixApi;
  /** The base URL Wix posts to (`<publicUrl>/webhooks/automations/<token>`); undefined when unknown. */
  publicUrl: string | undefined;
  /** True when the Wix API is the local sandbox, which can reach a loopback URL (a real site cannot). */
  localWix: boolean;
  log?: Logger;
  now?: () => Date;
}

export interface SyncAutomationsOptions {
  /** Read and compare only; change nothing on the site or in the store. */
  dryRun?: boolean;
  /**
   * Read every provisioned automation back from Wix and repair drift (`automations sync`); without it only what
   * the rules changed is created or deleted (after `rules apply`), with no Wix call for what stayed.
   */
  inspect?: boolean;
  /** Only these connections. @default every connection that needs or has automations */
  connectionIds?: readonly string[];
  /** Connections being removed: everything wixflow made on their sites is deleted. */
  removing?: readonly string[];
}

/** A setting that keeps any automation from being provisioned (no public URL, or one Wix cannot reach). */
export class AutomationSetupError extends Error {
  override readonly name = 'AutomationSetupError';
}

/** The automation triggers each connection's enabled rules need: connection id → triggers (each once). */
export function neededAutomations(
  rules: readonly StoredRule[],
  connections: readonly Connection[],
): Map<string, AutomationTriggerRef[]> {
  const needed = new Map<string, AutomationTriggerRef[]>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const refs = ruleTriggers(rule)
      .filter(isAutomationTrigger)
      .map(parseAutomationTrigger)
      .filter((r): r is AutomationTriggerRef => !('problem' in r));
    if (refs.length === 0) continue;
    for (const connection of connections) {
      if (connection.status !== 'active') continue;
      if (rule.connection !== '*' && rule.connection !== connection.id) continue;
      const list = needed.get(connection.id) ?? [];
      for (const ref of refs) if (!list.some((r) => sameTrigger(r, ref))) list.push(ref);
      needed.set(connection.id, list);
    }
  }
  return needed;
}

const sameTrigger = (a: AutomationTriggerRef, b: AutomationTriggerRef) =>
  a.appId === b.appId && a.triggerKey === b.triggerKey;

/** The name wixflow gives its automations: `wixflow|<deployment>|<connection>|<appId>|<triggerKey>`. */
export const automationName = (owner: string, connectionId: string, t: AutomationTriggerRef): string =>
  `${namePrefix(owner, connectionId)}${t.appId}|${t.triggerKey}`;
const namePrefix = (owner: string, connectionId: string) => `wixflow|${owner}|${connectionId}|`;

/** True for http(s) URLs on this machine (localhost, 127.0.0.0/8, ::1), which no Wix site can reach. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}

/**
 * Makes each site hold exactly one hidden automation per trigger its rules need, pointing at a live intake
 * token, and none that no rule needs. It only ever touches automations wixflow made (its records, or its name
 * prefix with this deployment's id). Each (connection, trigger) is done on its own: one refusal is reported and
 * the rest goes on; a re-run converges. Throws AutomationSetupError when something must be created but there is
 * no public URL Wix can reach.
 */
export async function syncAutomations(
  deps: SyncAutomationsDeps,
  options: SyncAutomationsOptions = {},
): Promise<AutomationChange[]> {
  const removing = new Set(options.removing ?? []);
  const needed = neededAutomations(
    deps.rules,
    deps.connections.filter((c) => !removing.has(c.id)),
  );
  const records = await deps.store.listRecords();
  const scope = new Set(
    options.connectionIds ?? [...needed.keys(), ...records.map((r) => r.connectionId), ...removing],
  );
  const changes: AutomationChange[] = [];
  for (const connectionId of [...scope].sort()) {
    const connection = deps.connections.find((c) => c.id === connectionId);
    const own = records.filter((r) => r.connectionId === connectionId);
    const want = needed.get(connectionId) ?? [];
    if (connection?.status !== 'active') {
      // Gone, or disabled (the app was removed from the site): its tokens are retired; the site is not asked.
      const reason = connection ? 'its connection is disabled' : 'its connection no longer exists';
      for (const record of own) changes.push(await forget(deps, record, options, reason));
      continue;
    }
    if (own.length === 0 && want.length === 0 && !options.inspect && !removing.has(connectionId)) continue;
    const skip = unprovisionable(connection);
    if (skip && want.length > 0) {
      for (const t of want)
        changes.push({
          connectionId,
          trigger: automationTriggerName(t.triggerKey),
          action: 'skip',
          reason: skip,
        });
      continue;
    }
    const site = new SiteSync(
      deps,
      connection,
      options,
      removing.has(connectionId) || Boolean(options.inspect),
    );
    changes.push(...(await site.run(own, want)));
  }
  return changes;
}

function unprovisionable(connection: Connection): string | undefined {
  if (connection.auth.kind === 'apiKey' && connection.auth.accountId)
    return 'an account-level API key cannot set up a site’s automations; add the connection with --site-id';
  return undefined;
}

/** Retires a record whose site cannot be reached any more: its token stops working at once. */
async function forget(
  deps: SyncAutomationsDeps,
  record: AutomationRecord,
  options: SyncAutomationsOptions,
  reason: string,
): Promise<AutomationChange> {
  if (!options.dryRun) {
    await deps.store.deleteToken(record.tokenHash);
    await deps.store.deleteRecord(record.connectionId, record);
  }
  return {
    connectionId: record.connectionId,
    trigger: automationTriggerName(record.triggerKey),
    action: 'delete',
    automationId: record.automationId,
    reason,
  };
}

/** The sync of one site. */
class SiteSync {
  private readonly api: AutomationsApi;
  private owner = '';
  private listed: WixAutomation[] | undefined;

  constructor(
    private readonly deps: SyncAutomationsDeps,
    private readonly connection: Connection,
    private readonly options: SyncAutomationsOptions,
    private readonly inspect: boolean,
  ) {
    this.api = new AutomationsApi(deps.wixFor(connection));
  }

  async run(records: AutomationRecord[], want: AutomationTriggerRef[]): Promise<AutomationChange[]> {
    this.owner = await this.deps.store.ownerId();
    const changes: AutomationChange[] = [];
    const attempt = async (trigger: AutomationTriggerRef, work: () => Promise<AutomationChange>) => {
      try {
        changes.push(await work());
      } catch (error) {
        if (error instanceof AutomationSetupError) throw error;
        changes.push(this.failure(trigger, error));
      }
    };
    for (const trigger of want) {
      await attempt(trigger, () =>
        this.ensure(
          trigger,
          records.find((r) => sameTrigger(r, trigger)),
        ),
      );
    }
    for (const record of records.filter((r) => !want.some((t) => sameTrigger(t, r)))) {
      await attempt(record, () => this.remove(record));
    }
    if (this.inspect) {
      // Leftovers of an interrupted run: named as ours, but no record and no rule wants them.
      let listed: WixAutomation[] = [];
      try {
        listed = await this.list();
      } catch (error) {
        changes.push(this.failure({ appId: '', triggerKey: '*' }, error));
      }
      for (const automation of listed) {
        const trigger = this.triggerOfName(automation.name);
        if (!trigger || want.some((t) => sameTrigger(t, trigger))) continue;
        if (records.some((r) => r.automationId === automation.id)) continue;
        await attempt(trigger, async () => {
          if (!this.options.dryRun) await this.api.delete(automation.id);
          return this.change(
            trigger,
            'delete',
            automation.id,
            'left over by an interrupted run; no rule needs it',
          );
        });
      }
    }
    return changes;
  }

  /** A refusal of Wix or the store, reported for one trigger (its token-free message). */
  failure(trigger: AutomationTriggerRef, error: unknown): AutomationChange {
    const message = scrubIntakeTokens((error as Error).message ?? String(error));
    const name = automationTriggerName(trigger.triggerKey);
    this.deps.log?.warn('automation sync failed', {
      connectionId: this.connection.id,
      trigger: name,
      error: message,
    });
    return { connectionId: this.connection.id, trigger: name, action: 'skip', error: message };
  }

  private async ensure(
    trigger: AutomationTriggerRef,
    record: AutomationRecord | undefined,
  ): Promise<AutomationChange> {
    // After a rule change, a recorded automation is trusted as it is (no Wix call) unless the public URL moved.
    const known = this.deps.publicUrl;
    if (record && !this.inspect && (known === undefined || record.publicUrl === known)) {
      return this.change(trigger, 'keep', record.automationId);
    }
    const publicUrl = this.publicUrl();
    const name = automationName(this.owner, this.connection.id, trigger);
    const namesakes = this.inspect || !record ? (await this.list()).filter((a) => a.name === name) : [];
    let current: WixAutomation | undefined;
    if (record) {
      current =
        namesakes.find((a) => a.id === record.automationId) ?? (await this.api.get(record.automationId));
    } else {
      // An interrupted run may have created it: adopt it rather than make a second one.
      current = namesakes[0];
    }
    for (const extra of namesakes.filter((a) => a.id !== current?.id)) {
      if (!this.options.dryRun) await this.api.delete(extra.id);
    }
    if (!current) return this.create(trigger, record, record ? 'the site no longer has it' : undefined);
    const drift = await this.driftOf(current, trigger, name, record);
    if (drift.length === 0) {
      if (!record && !this.options.dryRun) {
        const url = webhookActionOf(current)?.url;
        const token = tokenOfIntakeUrl(url, publicUrl) ?? '';
        await this.writeRecord(trigger, current.id, hashAutomationToken(token));
      }
      return this.change(trigger, 'keep', current.id);
    }
    if (current.origin !== 'USER' || current.settings?.hidden !== true) {
      // Wix refuses an update that changes origin or settings: only a new automation can put them back.
      if (!this.options.dryRun) await this.api.delete(current.id);
      return this.create(trigger, record, drift.join('; '), 'recreate');
    }
    return this.restore(trigger, current, record, drift.join('; '));
  }

  /** How `current` differs from what wixflow made; [] when it is as made. */
  private async driftOf(
    current: WixAutomation,
    trigger: AutomationTriggerRef,
    name: string,
    record: AutomationRecord | undefined,
  ): Promise<string[]> {
    const drift: string[] = [];
    const config = current.configuration;
    if (current.name !== name) drift.push('renamed');
    if (config?.status !== 'ACTIVE') drift.push(`status ${config?.status ?? 'missing'}`);
    if (config?.trigger?.appId !== trigger.appId || config?.trigger?.triggerKey !== trigger.triggerKey)
      drift.push('trigger changed');
    if (current.settings?.hidden !== true) drift.push('no longer hidden');
    if (current.origin !== 'USER') drift.push(`origin ${current.origin ?? 'missing'}`);
    const action = webhookActionOf(current);
    if (!action) drift.push('actions changed');
    else {
      const token = tokenOfIntakeUrl(action.url, this.publicUrl());
      const hash = token === undefined ? undefined : hashAutomationToken(token);
      const live =
        hash !== undefined &&
        (record ? record.tokenHash === hash : Boolean(await this.deps.store.findToken(hash)));
      if (!live) drift.push('webhook URL changed');
    }
    return drift;
  }

  private async create(
    trigger: AutomationTriggerRef,
    record: AutomationRecord | undefined,
    reason: string | undefined,
    action: 'create' | 'recreate' = record ? 'recreate' : 'create',
  ): Promise<AutomationChange> {
    if (this.options.dryRun) return this.change(trigger, action, undefined, reason);
    const { token, tokenHash } = await this.issueToken(trigger);
    let created: WixAutomation;
    try {
      created = await this.api.create(this.spec(trigger, token, randomUUID()));
    } catch (error) {
      await this.deps.store.deleteToken(tokenHash).catch(() => undefined);
      throw error;
    }
    await this.writeRecord(trigger, created.id, tokenHash);
    if (record) await this.deps.store.deleteToken(record.tokenHash);
    return this.change(trigger, action, created.id, reason);
  }

  private async restore(
    trigger: AutomationTriggerRef,
    current: WixAutomation,
    record: AutomationRecord | undefined,
    reason: string,
  ): Promise<AutomationChange> {
    if (this.options.dryRun) return this.change(trigger, 'restore', current.id, reason);
    const action = webhookActionOf(current);
    const { token, tokenHash } = await this.issueToken(trigger);
    await this.api.restore(current, this.spec(trigger, token, action?.actionId ?? randomUUID()));
    await this.writeRecord(trigger, current.id, tokenHash);
    if (record && record.tokenHash !== tokenHash) await this.deps.store.deleteToken(record.tokenHash);
    return this.change(trigger, 'restore', current.id, reason);
  }

  /** Issues a new URL for the automation and retires the old one (`automations rotate`). */
  async rotate(record: AutomationRecord): Promise<AutomationChange> {
    this.owner = await this.deps.store.ownerId();
    const current = await this.api.get(record.automationId);
    if (!current) return this.create(record, record, 'the site no longer had it');
    return this.restore(record, current, record, 'new URL issued');
  }

  private async remove(record: AutomationRecord): Promise<AutomationChange> {
    if (this.options.dryRun)
      return this.change(record, 'delete', record.automationId, 'no enabled rule needs it');
    const existed = await this.api.delete(record.automationId);
    await this.deps.store.deleteToken(record.tokenHash);
    await this.deps.store.deleteRecord(this.connection.id, record);
    return this.change(
      record,
      'delete',
      record.automationId,
      existed ? 'no enabled rule needs it' : 'no enabled rule needs it (the site had already deleted it)',
    );
  }

  private async issueToken(trigger: AutomationTriggerRef): Promise<{ token: string; tokenHash: string }> {
    const token = newAutomationToken();
    const tokenHash = hashAutomationToken(token);
    await this.deps.store.putToken(
      tokenHash,
      {
        connectionId: this.connection.id,
        instanceId: this.connection.instanceId,
        appId: trigger.appId,
        triggerKey: trigger.triggerKey,
      },
      this.now(),
    );
    return { token, tokenHash };
  }

  private async writeRecord(
    trigger: AutomationTriggerRef,
    automationId: string,
    tokenHash: string,
  ): Promise<void> {
    const now = this.now();
    await this.deps.store.putRecord({
      connectionId: this.connection.id,
      appId: trigger.appId,
      triggerKey: trigger.triggerKey,
      automationId,
      tokenHash,
      publicUrl: this.publicUrl(),
      createdAt: now,
      updatedAt: now,
    });
  }

  private spec(trigger: AutomationTriggerRef, token: string, actionId: string): ForwardingAutomation {
    return {
      name: automationName(this.owner, this.connection.id, trigger),
      trigger,
      url: automationIntakeUrl(this.publicUrl(), token),
      actionId,
    };
  }

  private async list(): Promise<WixAutomation[]> {
    this.listed ??= await this.api.listByNamePrefix(namePrefix(this.owner, this.connection.id));
    return this.listed;
  }

  private triggerOfName(name: string | undefined): AutomationTriggerRef | undefined {
    const prefix = namePrefix(this.owner, this.connection.id);
    if (!name?.startsWith(prefix)) return undefined;
    const [appId, triggerKey] = name.slice(prefix.length).split('|');
    return appId && triggerKey ? { appId, triggerKey } : undefined;
  }

  private publicUrl(): string {
    const url = this.deps.publicUrl;
    if (!url) {
      throw new AutomationSetupError(
        'no public URL for Wix to post automation events to: set WIXFLOW_PUBLIC_URL, or start the local stack',
      );
    }
    if (isLoopbackUrl(url) && !this.deps.localWix) {
      throw new AutomationSetupError(
        `the public URL ${url} is on this machine, which a Wix site cannot reach: expose the local stack ` +
          '(e.g. `cloudflared tunnel --url http://localhost:3000`) and set WIXFLOW_PUBLIC_URL to the tunnel’s URL',
      );
    }
    return url;
  }

  private change(
    trigger: AutomationTriggerRef,
    action: AutomationChange['action'],
    automationId?: string,
    reason?: string,
  ): AutomationChange {
    return {
      connectionId: this.connection.id,
      trigger: automationTriggerName(trigger.triggerKey),
      action,
      ...(automationId ? { automationId } : {}),
      ...(reason ? { reason } : {}),
    };
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}

/**
 * Issues new intake URLs for a connection's automations (all, or one trigger's): each automation is updated to
 * the new URL, then the old token is retired. Throws AutomationSetupError without a reachable public URL.
 */
export async function rotateAutomationTokens(
  deps: SyncAutomationsDeps,
  connection: Connection,
  trigger?: AutomationTriggerRef,
): Promise<AutomationChange[]> {
  const records = (await deps.store.listRecords(connection.id)).filter(
    (r) => !trigger || sameTrigger(r, trigger),
  );
  const site = new SiteSync(deps, connection, {}, true);
  const changes: AutomationChange[] = [];
  for (const record of records) {
    try {
      changes.push(await site.rotate(record));
    } catch (error) {
      if (error instanceof AutomationSetupError) throw error;
      changes.push(site.failure(record, error));
    }
  }
  return changes;
}
