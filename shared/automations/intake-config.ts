import { type LogLevel, parseLogLevel } from '#shared/log.ts';

type Env = Record<string, string | undefined>;

export interface AutomationIntakeConfig {
  queueUrl: string;
  /** The events table, where the hashes of the intake tokens are kept (`automation-token#…` items). */
  tokensTable: string;
  logLevel: LogLevel;
}

/**
 * Reads the automations intake function's configuration once at start; throws naming each missing variable.
 * Checked by hand, like ingest's: the bundle leaves zod out to keep its cold start small.
 */
export function loadAutomationIntakeConfig(env: Env = process.env): AutomationIntakeConfig {
  const missing = ['EVENTS_QUEUE_URL', 'AUTOMATION_TOKENS_TABLE'].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new Error(
      `automations intake configuration is invalid: ${missing.map((name) => `${name}: required`).join('; ')}`,
    );
  }
  return {
    queueUrl: env.EVENTS_QUEUE_URL?.trim() ?? '',
    tokensTable: env.AUTOMATION_TOKENS_TABLE?.trim() ?? '',
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}
