import { describe, expect, it } from 'vitest';
import { loadAutomationIntakeConfig } from '#shared/automations/intake-config.ts';

describe('automations intake configuration', () => {
  it('reads the queue URL, the table of token hashes and the stage', () => {
    expect(
      loadAutomationIntakeConfig({
        EVENTS_QUEUE_URL: ' https://q ',
        AUTOMATION_TOKENS_TABLE: 'events',
        WIXFLOW_STAGE: 'prod',
        LOG_LEVEL: 'warn',
      }),
    ).toEqual({ queueUrl: 'https://q', tokensTable: 'events', stage: 'prod', logLevel: 'warn' });
  });

  it('names every missing variable', () => {
    expect(() => loadAutomationIntakeConfig({ EVENTS_QUEUE_URL: '' })).toThrow(
      'automations intake configuration is invalid: EVENTS_QUEUE_URL: required; AUTOMATION_TOKENS_TABLE: required; WIXFLOW_STAGE: required',
    );
  });

  it('refuses a stage that is not a stage name', () => {
    expect(() =>
      loadAutomationIntakeConfig({
        EVENTS_QUEUE_URL: 'https://q',
        AUTOMATION_TOKENS_TABLE: 'events',
        WIXFLOW_STAGE: 'no stage',
      }),
    ).toThrow('WIXFLOW_STAGE: must be a stage name');
  });
});
