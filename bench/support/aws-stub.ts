import { createHash, randomUUID } from 'node:crypto';

/** The parts of the SDK's HTTP request a stub reads. */
interface StubRequest {
  headers: Record<string, string>;
  body?: unknown;
}

const decoder = new TextDecoder();

/** The serialised request body: a string, or bytes (the JSON protocols hand over a Uint8Array). */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  return '';
}

/**
 * An AWS SDK request handler that never touches the network: serialisation, signing and every middleware run as
 * usual, then `respond` answers in place of the service (AWS JSON 1.0 / 1.1 protocol bodies).
 */
export function stubRequestHandler(respond: (target: string, input: Record<string, unknown>) => unknown) {
  const encoder = new TextEncoder();
  return {
    metadata: { handlerProtocol: 'http/1.1' },
    handle(request: StubRequest) {
      const target = request.headers['x-amz-target'] ?? '';
      const text = bodyText(request.body);
      const input = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      const body = encoder.encode(JSON.stringify(respond(target, input)));
      return Promise.resolve({
        response: {
          statusCode: 200,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': String(body.byteLength),
            'x-amzn-requestid': randomUUID(),
          },
          body,
        },
      });
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

/** What SQS answers to SendMessage (the SDK checks the body's MD5). */
export function sqsSendMessageStub() {
  return stubRequestHandler((target, input) => {
    if (target !== 'AmazonSQS.SendMessage')
      throw new Error(`the SQS stub only answers SendMessage, not ${target}`);
    const body = typeof input.MessageBody === 'string' ? input.MessageBody : '';
    return {
      MessageId: randomUUID(),
      MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
    };
  });
}

/** Secrets Manager answering GetSecretValue from `secrets`; `calls` counts the requests that reached it. */
export function secretsManagerStub(secrets: Record<string, string>) {
  const counter = { calls: 0 };
  const handler = stubRequestHandler((target, input) => {
    counter.calls += 1;
    if (target !== 'secretsmanager.GetSecretValue')
      throw new Error(`the Secrets Manager stub only answers GetSecretValue, not ${target}`);
    const id = String(input.SecretId);
    const value = secrets[id];
    if (value === undefined) throw new Error(`no stub secret ${id}`);
    return { ARN: id, Name: id, SecretString: value, VersionId: randomUUID(), VersionStages: ['AWSCURRENT'] };
  });
  return { handler, counter };
}

/** Credentials and region for clients that talk only to stubs or loopback emulators. */
export const FAKE_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
} as const;
