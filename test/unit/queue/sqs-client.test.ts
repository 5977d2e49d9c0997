import { createHash } from 'node:crypto';
import { DeleteMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createSqsClient } from '#shared/queue/sqs-client.ts';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/events';

/** A request handler that records each request's target and JSON body and answers as SQS would. */
function recordingHandler() {
  const requests: { target: string; input: Record<string, unknown> }[] = [];
  const handler = {
    metadata: { handlerProtocol: 'http/1.1' },
    handle(request: { headers: Record<string, string>; body?: unknown }) {
      const text =
        typeof request.body === 'string'
          ? request.body
          : new TextDecoder().decode(request.body as Uint8Array);
      const input = JSON.parse(text) as Record<string, unknown>;
      const target = request.headers['x-amz-target'] ?? '';
      requests.push({ target, input });
      const answer =
        target === 'AmazonSQS.SendMessage'
          ? {
              MessageId: `m-${requests.length}`,
              MD5OfMessageBody: createHash('md5').update(String(input.MessageBody)).digest('hex'),
            }
          : {};
      const body = new TextEncoder().encode(JSON.stringify(answer));
      return Promise.resolve({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(body.length) },
          body,
        },
      });
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
  return { handler, requests };
}

describe('createSqsClient', () => {
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

  it('resolves the middleware stack once per command class', () => {
    expect(createSqsClient({ region: 'us-east-1' }).config.cacheMiddleware).toBe(true);
  });

  it('sends each command with its own input when the middleware is cached', async () => {
    const { handler, requests } = recordingHandler();
    const sqs = createSqsClient({ region: 'us-east-1', credentials, requestHandler: handler });

    const first = await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: 'first' }));
    const second = await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: 'second' }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: 'receipt-1' }));

    expect(requests).toEqual([
      { target: 'AmazonSQS.SendMessage', input: { QueueUrl: QUEUE_URL, MessageBody: 'first' } },
      { target: 'AmazonSQS.SendMessage', input: { QueueUrl: QUEUE_URL, MessageBody: 'second' } },
      { target: 'AmazonSQS.DeleteMessage', input: { QueueUrl: QUEUE_URL, ReceiptHandle: 'receipt-1' } },
    ]);
    expect([first.MessageId, second.MessageId]).toEqual(['m-1', 'm-2']);
  });
});
