import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '#shared/ingest/ingest-config.ts';
import { testKeys } from '../../support/webhooks.ts';

const PEM = testKeys().publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('loadIngestConfig', () => {
  it('reads the queue URL, the public key, the stage and the log level', () => {
    const config = loadIngestConfig({
      EVENTS_QUEUE_URL: ' https://q ',
      WIX_APP_PUBLIC_KEY: PEM,
      WIXFLOW_STAGE: 'prod',
      LOG_LEVEL: 'warn',
    });

    expect(config).toMatchObject({ queueUrl: 'https://q', stage: 'prod', logLevel: 'warn' });
    expect(config.publicKey.equals(testKeys().publicKey)).toBe(true);
  });

  it('names every missing variable: on AWS the stage is never assumed', () => {
    expect(() => loadIngestConfig({ WIX_APP_PUBLIC_KEY: ' ' })).toThrow(
      'ingest configuration is invalid: EVENTS_QUEUE_URL: required; WIX_APP_PUBLIC_KEY: required; WIXFLOW_STAGE: required',
    );
  });

  it('refuses a stage that is not a stage name', () => {
    expect(() =>
      loadIngestConfig({ EVENTS_QUEUE_URL: 'q', WIX_APP_PUBLIC_KEY: 'k', WIXFLOW_STAGE: 'prod stage' }),
    ).toThrow('ingest configuration is invalid: WIXFLOW_STAGE: must be a stage name');
  });

  it('refuses an unknown log level', () => {
    expect(() =>
      loadIngestConfig({
        EVENTS_QUEUE_URL: 'q',
        WIX_APP_PUBLIC_KEY: PEM,
        WIXFLOW_STAGE: 'p',
        LOG_LEVEL: 'loud',
      }),
    ).toThrow(/LOG_LEVEL/);
  });
});
