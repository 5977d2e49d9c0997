import type { KeyObject } from 'node:crypto';
import { type LogLevel, parseLogLevel } from '#shared/log.ts';
import { readWixPublicKey } from '#shared/wix/webhook/public-key.ts';

type Env = Record<string, string | undefined>;

export interface IngestConfig {
  queueUrl: string;
  /** The app's webhook public key, imported once. */
  publicKey: KeyObject;
  logLevel: LogLevel;
}

/**
 * Reads the ingest function's configuration once at start; throws naming each missing variable, or saying why
 * `WIX_APP_PUBLIC_KEY` (PEM or base64-encoded PEM) is unusable. Two
 * variables, checked by hand: the ingest bundle leaves zod out to keep its cold start near the bare SQS
 * client's (docs/contracts.md#performance-bars).
 */
export function loadIngestConfig(env: Env = process.env): IngestConfig {
  const missing = ['EVENTS_QUEUE_URL', 'WIX_APP_PUBLIC_KEY'].filter((name) => !env[name]?.trim());
  if (missing.length > 0) {
    throw new Error(
      `ingest configuration is invalid: ${missing.map((name) => `${name}: required`).join('; ')}`,
    );
  }
  let publicKey: KeyObject;
  try {
    publicKey = readWixPublicKey(env.WIX_APP_PUBLIC_KEY ?? '', 'WIX_APP_PUBLIC_KEY').key;
  } catch (error) {
    throw new Error(`ingest configuration is invalid: ${(error as Error).message}`);
  }
  return {
    queueUrl: env.EVENTS_QUEUE_URL?.trim() ?? '',
    publicKey,
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}
