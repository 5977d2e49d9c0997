import { type LogLevel, parseLogLevel } from '#shared/log.ts';

type Env = Record<string, string | undefined>;

export interface IngestConfig {
  queueUrl: string;
  publicKeyPem: string;
  logLevel: LogLevel;
}

/**
 * Reads the ingest function's configuration once at start; throws naming each missing variable. Two
 * variables, checked by hand: the ingest bundle leaves zod out to keep its cold start near the bare SQS
 * client's (PRODUCT.md §5).
 */
export function loadIngestConfig(env: Env = process.env): IngestConfig {
  const missing = ['EVENTS_QUEUE_URL', 'WIX_APP_PUBLIC_KEY'].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new Error(
      `ingest configuration is invalid: ${missing.map((name) => `${name}: required`).join('; ')}`,
    );
  }
  return {
    queueUrl: env.EVENTS_QUEUE_URL?.trim() ?? '',
    publicKeyPem: env.WIX_APP_PUBLIC_KEY?.trim() ?? '',
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}
