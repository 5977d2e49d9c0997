import { describe, expect, it } from 'vitest';
import { loadConsumerConfig } from '#shared/config.ts';

const CONSUMER_ENV = {
  CONNECTIONS_TABLE: 'connections',
  RULES_TABLE: 'rules',
  RUNS_TABLE: 'runs',
  EVENTS_TABLE: 'events',
  EVENTS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/events',
  WIXFLOW_SECRETS_PREFIX: 'wixflow/Wixflow-dev/',
};

describe('consumer configuration: calls outside Wix', () => {
  it('keeps private addresses closed unless WIXFLOW_HTTP_ALLOW_PRIVATE is true', () => {
    expect(loadConsumerConfig(CONSUMER_ENV).httpAllowPrivate).toBe(false);
    expect(
      loadConsumerConfig({ ...CONSUMER_ENV, WIXFLOW_HTTP_ALLOW_PRIVATE: 'false' }).httpAllowPrivate,
    ).toBe(false);
    expect(loadConsumerConfig({ ...CONSUMER_ENV, WIXFLOW_HTTP_ALLOW_PRIVATE: 'true' }).httpAllowPrivate).toBe(
      true,
    );
  });

  it('fails fast on a WIXFLOW_HTTP_ALLOW_PRIVATE that is not true or false', () => {
    expect(() => loadConsumerConfig({ ...CONSUMER_ENV, WIXFLOW_HTTP_ALLOW_PRIVATE: 'yes' })).toThrow(
      /consumer configuration is invalid: WIXFLOW_HTTP_ALLOW_PRIVATE: must be true or false/,
    );
  });
});
