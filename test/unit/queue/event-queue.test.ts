import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';

const sqsMock = mockClient(SQSClient);

const event: WixEvent = {
  eventId: 'e7a1c0de-0000-4000-8000-0000000000e1',
  eventIdSource: 'wix',
  eventType: 'wix.ecom.v1.order_updated',
  instanceId: 'a1b2c3d4-0000-4000-8000-000000000001',
  generation: 'domain',
  // From Wix's order_updated example: a gift note with emoji, and a pound sign.
  data: { giftCard: { message: 'Happy Birthday Jane! We love you!! 🤍🤍' }, total: '£25.00' },
  time: '2026-12-03T10:00:00.000Z',
  receivedAt: '2026-12-03T10:00:01.000Z',
};

describe('SqsEventQueue', () => {
  beforeEach(() => {
    sqsMock.reset();
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm1' });
  });

  it('queues characters beyond the BMP as JSON escapes, so the body parses back to the same event', async () => {
    // Prepare
    const queue = new SqsEventQueue(new SQSClient({ region: 'eu-west-1' }), 'https://sqs.example/q');

    // Act
    await queue.send(event);

    // Assess
    const body = String(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody);
    expect(body).not.toMatch(/[\u{10000}-\u{10FFFF}]/u);
    expect(body).toContain('\\ud83e\\udd0d');
    expect(body).toContain('£25.00');
    expect(JSON.parse(body)).toEqual(event);
  });
});
