import { afterAll, beforeAll } from 'vitest';
import { type Emulator, startDynalite } from '#local/emulators.ts';
import { type LocalStores, openLocalStores } from '#local/stores.ts';

/**
 * Starts dynalite with wixflow's tables before the suite's tests and stops it after them. Call it in a
 * `describe` body; read the stores inside tests with the function it returns.
 */
export function useLocalStores(): () => LocalStores {
  let dynamo: Emulator | undefined;
  let stores: LocalStores | undefined;
  beforeAll(async () => {
    dynamo = await startDynalite();
    stores = await openLocalStores(dynamo.endpoint);
  });
  afterAll(async () => {
    stores?.destroy();
    await dynamo?.stop();
  });
  return () => {
    if (!stores) throw new Error('the local stores are used before the suite started them');
    return stores;
  };
}
