import { type LocalStack, startLocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import { loadLocalConfig } from '#shared/config.ts';
import type { EventRecord } from '#shared/store/events.ts';
import { tempDir } from './temp.ts';
import { waitFor } from './wait.ts';

/** A local stack in sandbox mode on a fresh data directory, quiet, on an ephemeral port; `env` adds settings. */
export async function startSandboxStack(
  env: Record<string, string> = {},
): Promise<{ stack: LocalStack; sandbox: WixSandbox }> {
  const stack = await startLocalStack(
    loadLocalConfig({
      PORT: '0',
      LOG_LEVEL: 'warn',
      WIXFLOW_DATA_DIR: tempDir('wixflow-test-'),
      ...env,
    }),
  );
  if (!stack.sandbox) throw new Error('expected sandbox mode');
  return { stack, sandbox: stack.sandbox };
}

/** Waits until the event log says the consumer finished the event (any status but `received`). */
export const eventFinished = (stack: LocalStack, eventId: string): Promise<EventRecord> =>
  waitFor<EventRecord>(`event ${eventId} to finish`, async () => {
    const record = await stack.stores.events.get(eventId);
    return record?.status !== 'received' && record;
  });
