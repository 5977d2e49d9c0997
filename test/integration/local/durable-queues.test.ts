import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalQueues, startQueues } from '#local/emulators.ts';
import { tempDir } from '../../support/temp.ts';

describe('the local stack’s queues on disk', () => {
  let dir: string;
  let running: LocalQueues | undefined;
  const start = async (options: { visibilityTimeoutS?: number; legacySnapshotFile?: string } = {}) => {
    running = await startQueues({
      maxReceives: 5,
      visibilityTimeoutS: 30,
      dataDir: join(dir, 'sqs'),
      ...options,
    });
    return running;
  };
  const bodies = async (queues: LocalQueues, url: string) => {
    const got = await queues.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    return (got.Messages ?? []).map((m) => m.Body).sort();
  };

  beforeEach(() => {
    dir = tempDir('wixflow-queues-');
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('still holds every message it accepted after a restart on the same data directory', async () => {
    // Prepare
    const first = await start();
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.queueUrl, MessageBody: '{"event":1}' }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: first.dlqUrl, MessageBody: '{"event":2}' }));
    await first.stop();
    running = undefined;
    // Act
    const second = await start();
    // Assess
    expect(await bodies(second, second.queueUrl)).toEqual(['{"event":1}']);
    expect(await bodies(second, second.dlqUrl)).toEqual(['{"event":2}']);
  });

  it('takes a changed retry delay on a queue that survived from an earlier start', async () => {
    // Prepare
    await (await start({ visibilityTimeoutS: 30 })).stop();
    running = undefined;
    // Act
    const second = await start({ visibilityTimeoutS: 7 });
    const attributes = await second.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: second.queueUrl, AttributeNames: ['VisibilityTimeout'] }),
    );
    // Assess
    expect(attributes.Attributes?.VisibilityTimeout).toBe('7');
  });

  it('queues the messages of a snapshot left by an earlier wixflow once, then removes the file', async () => {
    // Prepare
    const legacy = join(dir, 'queued-messages.json');
    writeFileSync(legacy, JSON.stringify({ queue: ['{"event":"a"}'], dlq: ['{"event":"b"}'] }));
    // Act
    const queues = await start({ legacySnapshotFile: legacy });
    // Assess
    expect(existsSync(legacy)).toBe(false);
    expect(await bodies(queues, queues.queueUrl)).toEqual(['{"event":"a"}']);
    expect(await bodies(queues, queues.dlqUrl)).toEqual(['{"event":"b"}']);
  });
});
