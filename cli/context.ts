import { join, resolve } from 'node:path';
import { startDynalite } from '#local/emulators.ts';
import { type Endpoints, readRunningEndpoints } from '#local/endpoints.ts';
import { type LocalStores, openLocalStores } from '#local/stores.ts';
import { FileSecretStore } from '#shared/secrets/file-secret-store.ts';
import type { SecretStore } from '#shared/secrets/secret-store.ts';

export interface CliContext {
  dataDir: string;
  stores: LocalStores;
  secrets: SecretStore;
  /** The running local stack, when there is one. */
  running: Endpoints | undefined;
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
    dataDir,
    stores,
    secrets: new FileSecretStore(join(dataDir, 'secrets.json')),
    running,
    close: async () => {
      stores.destroy();
      await embedded?.stop();
    },
  };
}
