import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { type LocalQueues, startQueues } from '#local/emulators.ts';
import { waitFor } from '../../support/wait.ts';

const start = (persistFile: string) =>
  startQueues({ maxReceives: 5, visibilityTimeoutS: 30, persistFile, snapshotMs: 50 });

async function receiveAll(queues: LocalQueues): Promise<string[]> {
  const out = await queues.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return (out.Messages ?? []).map((m) => m.Body ?? '');
}

describe('local queues between restarts', () => {
  it('keeps a snapshot while running, so a killed stack re-sends what was queued at its next start', async () => {
    // Prepare: two accepted events wait in the queue.
    const file = join(mkdtempSync(join(tmpdir(), 'wf-queues-')), 'queued-messages.json');
    const running = await start(file);
    for (const body of ['{"event":1}', '{"event":2}'])
      await running.sqs.send(new SendMessageCommand({ QueueUrl: running.queueUrl, MessageBody: body }));

    // Act: without any stop, the snapshot holds them; a new start (after a kill) sends them again.
    const snapshot = await waitFor('a snapshot of both messages', async () => {
      const text = existsSync(file) ? await readFile(file, 'utf8') : '';
      return text.includes('{\\"event\\":2}') && text;
    });
    const restarted = await start(file);

    // Assess
    try {
      expect(JSON.parse(snapshot)).toEqual({ queue: ['{"event":1}', '{"event":2}'], dlq: [] });
      expect((await receiveAll(restarted)).sort()).toEqual(['{"event":1}', '{"event":2}']);
    } finally {
      await restarted.stop();
      await running.stop();
    }
  });

  it('drops the snapshot once the queues are empty, so nothing processed comes back', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wf-queues-')), 'queued-messages.json');
    const queues = await start(file);
    try {
      await queues.sqs.send(
        new SendMessageCommand({ QueueUrl: queues.queueUrl, MessageBody: '{"event":3}' }),
      );
      await waitFor('the snapshot', async () => existsSync(file));

      const out = await queues.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
      );
      await queues.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: queues.queueUrl,
          ReceiptHandle: out.Messages?.[0]?.ReceiptHandle,
        }),
      );

      await waitFor('the snapshot to go', async () => !existsSync(file));
    } finally {
      await queues.stop();
    }
    expect(existsSync(file)).toBe(false);
  });
});
