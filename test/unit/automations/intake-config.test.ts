import { describe, expect, it } from 'vitest';
import { loadAutomationIntakeConfig } from '#shared/automations/intake-config.ts';

describe('automations intake configuration', () => {
  it('reads the queue URL and the table of token hashes', () => {
    expect(
      loadAutomationIntakeConfig({
        EVENTS_QUEUE_URL: ' https://q ',
        AUTOMATION_TOKENS_TABLE: 'events',
        LOG_LEVEL: 'warn',
      }),
    ).toEqual({ queueUrl: 'https://q', tokensTable: 'events', logLevel: 'warn' });
  });

  it('names every missing variable', () => {
    expect(() => loadAutomationIntakeConfig({ EVENTS_QUEUE_URL: '' })).toThrow(
      'automations intake configuration is invalid: EVENTS_QUEUE_URL: required; AUTOMATION_TOKENS_TABLE: required',
    );
  });
});
