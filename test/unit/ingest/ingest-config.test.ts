import { describe, expect, it } from 'vitest';
import { loadIngestConfig } from '#shared/ingest/ingest-config.ts';

describe('loadIngestConfig', () => {
  it('reads the queue URL, the public key and the log level', () => {
    const config = loadIngestConfig({
      EVENTS_QUEUE_URL: ' https://q ',
      WIX_APP_PUBLIC_KEY: 'PEM',
      LOG_LEVEL: 'warn',
    });

    expect(config).toEqual({ queueUrl: 'https://q', publicKeyPem: 'PEM', logLevel: 'warn' });
  });

  it('names every missing variable', () => {
    expect(() => loadIngestConfig({ WIX_APP_PUBLIC_KEY: ' ' })).toThrow(
      'ingest configuration is invalid: EVENTS_QUEUE_URL: required; WIX_APP_PUBLIC_KEY: required',
    );
  });

  it('refuses an unknown log level', () => {
    expect(() =>
      loadIngestConfig({ EVENTS_QUEUE_URL: 'q', WIX_APP_PUBLIC_KEY: 'k', LOG_LEVEL: 'loud' }),
    ).toThrow(/LOG_LEVEL/);
  });
});
