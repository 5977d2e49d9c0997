import { STAGE_PATTERN } from '#shared/defaults.ts';
import { type LogLevel, parseLogLevel } from '#shared/log.ts';

type Env = Record<string, string | undefined>;

export interface AutomationIntakeConfig {
  queueUrl: string;
  /** The events table, where the hashes of the intake tokens are kept (`automation-token#…` items). */
  tokensTable: string;
  /** The deployment's stage, the `Stage` dimension of every metric. */
  stage: string;
  logLevel: LogLevel;
}

const REQUIRED = ['EVENTS_QUEUE_URL', 'AUTOMATION_TOKENS_TABLE', 'WIXFLOW_STAGE'] as const;

/**
 * Reads the automations intake function's configuration once at start; throws naming each missing variable.
 * Checked by hand, like ingest's (shared/ingest/ingest-config.ts): the bundle leaves zod out to keep its cold start small.
 */
export function loadAutomationIntakeConfig(env: Env = process.env): AutomationIntakeConfig {
  const value = (name: (typeof REQUIRED)[number]) => env[name]?.trim() ?? '';
  const problems = REQUIRED.filter((name) => value(name) === '').map((name) => `${name}: required`);
  const stage = value('WIXFLOW_STAGE');
  if (stage !== '' && !STAGE_PATTERN.test(stage)) {
    problems.push('WIXFLOW_STAGE: must be a stage name (letters, digits and "-")');
  }
  if (problems.length > 0)
    throw new Error(`automations intake configuration is invalid: ${problems.join('; ')}`);
  return {
    queueUrl: value('EVENTS_QUEUE_URL'),
    tokensTable: value('AUTOMATION_TOKENS_TABLE'),
    stage,
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}
