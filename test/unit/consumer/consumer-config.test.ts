import { describe, expect, it } from 'vitest';
import { loadConsumerConfig } from '#shared/config.ts';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CONSUMER_ENV = {
  CONNECTIONS_TABLE: 'connections',
  RULES_TABLE: 'rules',
  RUNS_TABLE: 'runs',
  EVENTS_TABLE: 'events',
  EVENTS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/events',
  WIXFLOW_SECRETS_PREFIX: 'wixflow/Wixflow-prod/',
  WIXFLOW_STAGE: 'prod',
};

describe('consumer configuration', () => {
  it('reads the tables, queue and stage, with the shared defaults for everything the stack may leave out', () => {
    expect(loadConsumerConfig(CONSUMER_ENV)).toEqual({
      tables: { connections: 'connections', rules: 'rules', runs: 'runs', events: 'events' },
      queueUrl: CONSUMER_ENV.EVENTS_QUEUE_URL,
      wixApiBaseUrl: 'https://www.wixapis.com',
      appId: undefined,
      appSecretId: undefined,
      secretsPrefix: 'wixflow/Wixflow-prod/',
      secretsKmsKeyArn: undefined,
      rateLimitPerMinute: 200,
      retryDelaySeconds: 30,
      eventRetentionDays: 30,
      httpAllowPrivate: false,
      reconcileIntervalMs: 3_600_000,
      stage: 'prod',
      logLevel: 'info',
    });
  });

  it('reads the reconciliation interval as a span, `off` as none, and refuses anything else', () => {
    const interval = (value: string) =>
      loadConsumerConfig({ ...CONSUMER_ENV, WIXFLOW_RECONCILE_INTERVAL: value }).reconcileIntervalMs;
    expect(interval('15m')).toBe(900_000);
    expect(interval('1d')).toBe(86_400_000);
    expect(interval('OFF')).toBeUndefined();
    expect(() => interval('hourly')).toThrow(
      'WIXFLOW_RECONCILE_INTERVAL: must be off or a span such as 15m, 1h or 1d',
    );
  });

  it('fails fast without WIXFLOW_STAGE instead of reporting metrics under a made-up stage', () => {
    const { WIXFLOW_STAGE: _, ...withoutStage } = CONSUMER_ENV;

    expect(() => loadConsumerConfig(withoutStage)).toThrow(
      'consumer configuration is invalid: WIXFLOW_STAGE: required',
    );
  });

  it('reads the customer managed key of new secrets, unset or blank meaning none, and refuses anything else', () => {
    expect(
      loadConsumerConfig({ ...CONSUMER_ENV, WIXFLOW_SECRETS_KMS_KEY_ARN: KEY_ARN }).secretsKmsKeyArn,
    ).toBe(KEY_ARN);
    expect(loadConsumerConfig({ ...CONSUMER_ENV, WIXFLOW_SECRETS_KMS_KEY_ARN: ' ' }).secretsKmsKeyArn).toBe(
      undefined,
    );
    expect(() =>
      loadConsumerConfig({ ...CONSUMER_ENV, WIXFLOW_SECRETS_KMS_KEY_ARN: 'alias/wixflow' }),
    ).toThrow('consumer configuration is invalid: WIXFLOW_SECRETS_KMS_KEY_ARN: not a KMS key ARN');
  });

  it('refuses an event retention shorter than Wix keeps re-sending', () => {
    expect(() => loadConsumerConfig({ ...CONSUMER_ENV, WIXFLOW_EVENT_RETENTION_DAYS: '2' })).toThrow(
      'WIXFLOW_EVENT_RETENTION_DAYS: must be at least 3 days',
    );
  });

  it('keeps private addresses closed to http.request unless WIXFLOW_HTTP_ALLOW_PRIVATE is true', () => {
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
