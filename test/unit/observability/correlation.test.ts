import { describe, expect, it } from 'vitest';
import { createLogger } from '#shared/log.ts';
import { invocationLogger, requestLogger } from '#shared/observability/correlation.ts';

function capture() {
  const lines: string[] = [];
  const log = createLogger({ write: (line) => lines.push(line) });
  return { log, last: () => JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown> };
}

describe('correlation ids', () => {
  it("tags a request's lines with API Gateway's request id and the Lambda invocation id", () => {
    const { log, last } = capture();

    requestLogger(log, { requestContext: { requestId: 'apigw-1' } }, { awsRequestId: 'lambda-1' }).info('x');

    expect(last()).toMatchObject({ requestId: 'apigw-1', awsRequestId: 'lambda-1' });
  });

  it('leaves out an id the caller does not have', () => {
    const { log, last } = capture();

    requestLogger(log, {}, undefined).info('x');
    expect(last()).not.toHaveProperty('requestId');
    expect(last()).not.toHaveProperty('awsRequestId');

    invocationLogger(log, { awsRequestId: 'lambda-2' }).info('y');
    expect(last()).toMatchObject({ awsRequestId: 'lambda-2' });
  });
});
