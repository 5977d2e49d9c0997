import { join, resolve } from 'node:path';
import { startDynalite } from '#local/emulators.ts';
import { readRunningEndpoints } from '#local/endpoints.ts';
import { localQueueAdmin } from '#local/queue-admin.ts';
import { openLocalStores } from '#local/stores.ts';
import type { JobStore } from '#shared/backfill/jobs.ts';
import type { QueueAdmin } from '#shared/queue/queue-admin.ts';
import { FileSecretStore } from '#shared/secrets/file-secret-store.ts';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import type { DynamoConnectionStore } from '#shared/store/connections.ts';
import type { EventStore } from '#shared/store/events.ts';
import type { RuleStore } from '#shared/store/rules.ts';
import type { RunStore } from '#shared/store/runs.ts';
import { CliError } from './output.ts';

export interface CliStores {
  connections: DynamoConnectionStore;
  rules: RuleStore;
  runs: RunStore;
  events: EventStore;
  /** Back-fill jobs' progress, which the consumer writes. */
  jobs: JobStore;
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
  /** The queues, for replays; throws CliError when they cannot be reached. */
  queues(): QueueAdmin;
  close(): Promise<void>;
}

/**
 * Opens the local stack's stores: through the running stack when there is one, else by opening its data
 * directory directly (dynalite's files), so commands work whether or not `npm start` runs.
 */
export async function openLocalContext(dataDirOption: string | undefined): Promise<CliContext> {
  const dataDir = resolve(dataDirOption ?? process.env.WIXFLOW_DATA_DIR ?? '.wixflow');
  const running = await readRunningEndpoints(dataDir);
  const embedded = running ? undefined : await startDynalite({ path: join(dataDir, 'dynamodb') });
  const stores = await openLocalStores(running?.dynamodb ?? embedded?.endpoint ?? '');
  return {
    description: `the local stack (${dataDir})`,
    stores,
    secrets: new FileSecretStore(join(dataDir, 'secrets.json')),
    secretsPrefix: '',
    ...(running ? { webhookUrl: running.webhookUrl } : {}),
    queues: () => {
      if (!running)
        throw new CliError('the local stack is not running: start it with `npm start`, then try again');
      return localQueueAdmin(running);
    },
    close: async () => {
      stores.destroy();
      await embedded?.stop();
    },
  };
}
