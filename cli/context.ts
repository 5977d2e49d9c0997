import { join } from 'node:path';
import { readRunningEndpoints } from '#local/endpoints.ts';
import { openLocalStores } from '#local/stores.ts';
import type { AutomationStore } from '#shared/automations/automation-store.ts';
import type { JobStore } from '#shared/backfill/jobs.ts';
import { DEFAULT_WIX_API_BASE_URL, DEFAULT_WIX_RATE_LIMIT_PER_MINUTE } from '#shared/defaults.ts';
import type { QueueAdmin } from '#shared/queue/queue-admin.ts';
import { FileSecretStore } from '#shared/secrets/file-secret-store.ts';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import type { DynamoConnectionStore } from '#shared/store/connections.ts';
import type { EventStore } from '#shared/store/events.ts';
import type { RuleStore } from '#shared/store/rules.ts';
import type { RunStore } from '#shared/store/runs.ts';
import type { RateLimiter } from '#shared/wix/client/rate-limiter.ts';
import { CliError, cliIo } from './output.ts';

export interface CliStores {
  connections: DynamoConnectionStore;
  rules: RuleStore;
  runs: RunStore;
  events: EventStore;
  /** Back-fill jobs' progress, which the consumer writes. */
  jobs: JobStore;
  automations: AutomationStore;
}

/** Where and how the CLI calls Wix to keep a site's wixflow automations in step (`wixflow automations`). */
export interface CliWixTarget {
  wixApiBaseUrl: string;
  /** The Wix app, for app connections (its secret is read from the secret store when first needed). */
  appId: string | undefined;
  appSecretId: string | undefined;
  /** The base URL Wix posts automation events to; undefined when unknown. */
  publicUrl: string | undefined;
  /** True when the Wix API is the local sandbox (which, unlike a real site, can reach this machine). */
  localWix: boolean;
  /** The site rate limiter the consumers use, shared so the CLI's calls count against the same budget. */
  rateLimiter: RateLimiter;
}

/** What every command works on: the local stack's data, or a deployed stack's, the same way. */
export interface CliContext {
  /** For messages: "the local stack (…)" or "stack Wixflow-prod (eu-west-1)". */
  description: string;
  stores: CliStores;
  secrets: SecretStore;
  /** Where connection secrets are named: '' locally, `wixflow/<stack>/` on AWS. */
  secretsPrefix: string;
  /** Where Wix sends app webhooks for this stack, when known (the running local stack, or the stack output). */
  webhookUrl?: string;
  /** How to reach Wix for `wixflow automations` (resolved when first needed). */
  wix(): Promise<CliWixTarget>;
  /** The queues, for replays; throws CliError when they cannot be reached. */
  queues(): QueueAdmin;
  close(): Promise<void>;
}

/**
 * Opens the local stack's stores in `dataDir`: through the running stack when there is one, else by opening
 * its data directory directly (dynalite's files), so commands work whether or not `npm start` runs.
 */
export async function openLocalContext(dataDir: string): Promise<CliContext> {
  const running = await readRunningEndpoints(dataDir);
  const embedded = running
    ? undefined
    : await (await import('#local/emulators.ts')).startDynalite({ path: join(dataDir, 'dynamodb') });
  const stores = await openLocalStores(running?.dynamodb ?? embedded?.endpoint ?? '', {
    createTables: !running,
  });
  return {
    description: `the local stack (${dataDir})`,
    stores,
    secrets: new FileSecretStore(join(dataDir, 'secrets.json')),
    secretsPrefix: '',
    ...(running ? { webhookUrl: running.webhookUrl } : {}),
    wix: async () => {
      const { LOCAL_APP_SECRET_ID } = await import('#local/stack.ts');
      // Loaded only for `wixflow automations`: the rate limiter and the sync are no part of other commands.
      const { isLoopbackUrl } = await import('#shared/automations/sync-automations.ts');
      const { DynamoRateLimiter } = await import('#shared/wix/client/rate-limiter.ts');
      const { env } = cliIo();
      // The running stack's own settings; without one, the same variables `npm start` reads.
      const wixApiBaseUrl = running?.wixApiBaseUrl ?? env.WIX_API_BASE_URL ?? DEFAULT_WIX_API_BASE_URL;
      return {
        wixApiBaseUrl,
        appId: running?.appId ?? env.WIX_APP_ID,
        appSecretId: LOCAL_APP_SECRET_ID,
        publicUrl: running?.publicUrl ?? env.WIXFLOW_PUBLIC_URL,
        localWix: isLoopbackUrl(wixApiBaseUrl),
        rateLimiter: new DynamoRateLimiter(stores.db, stores.tables.events, {
          perMinute: Number(env.WIXFLOW_WIX_RATE_LIMIT ?? DEFAULT_WIX_RATE_LIMIT_PER_MINUTE),
        }),
      };
    },
    queues: () => {
      if (!running)
        throw new CliError('the local stack is not running: start it with `npm start`, then try again');
      // fauxqs and the SQS client load when a command first touches the queues, not for every command.
      return lazyQueueAdmin(async () => (await import('#local/queue-admin.ts')).localQueueAdmin(running));
    },
    close: async () => {
      stores.destroy();
      await embedded?.stop();
    },
  };
}

function lazyQueueAdmin(open: () => Promise<QueueAdmin>): QueueAdmin {
  let admin: Promise<QueueAdmin> | undefined;
  const opened = () => {
    admin ??= open();
    return admin;
  };
  return {
    send: async (event, replay) => (await opened()).send(event, replay),
    sendJob: async (job) => (await opened()).sendJob(job),
    redriveDlq: async (onProgress) => (await opened()).redriveDlq(onProgress),
    depth: async () => (await opened()).depth(),
    close: () => void admin?.then((a) => a.close()),
  };
}
