import type { KeyObject } from 'node:crypto';
import { STAGE_PATTERN } from '#shared/defaults.ts';
import { type LogLevel, parseLogLevel } from '#shared/log.ts';
import { readWixPublicKey } from '#shared/wix/webhook/public-key.ts';

type Env = Record<string, string | undefined>;

export interface IngestConfig {
  queueUrl: string;
  /** The app's webhook public key, imported once. */
  publicKey: KeyObject;
  /** The deployment's stage, the `Stage` dimension of every metric. */
  stage: string;
  logLevel: LogLevel;
}

const REQUIRED = ['EVENTS_QUEUE_URL', 'WIX_APP_PUBLIC_KEY', 'WIXFLOW_STAGE'] as const;

/**
 * Reads the ingest function's configuration once at start; throws naming each missing or malformed
 * variable, or saying why `WIX_APP_PUBLIC_KEY` (PEM or base64-encoded PEM) is unusable. Checked by hand: the
 * ingest bundle leaves zod out to keep its cold start near the bare SQS client's (docs/contracts.md#performance-bars).
 */
export function loadIngestConfig(env: Env = process.env): IngestConfig {
  const value = (name: (typeof REQUIRED)[number]) => env[name]?.trim() ?? '';
  const problems = REQUIRED.filter((name) => value(name) === '').map((name) => `${name}: required`);
  const stage = value('WIXFLOW_STAGE');
  if (stage !== '' && !STAGE_PATTERN.test(stage)) {
    problems.push('WIXFLOW_STAGE: must be a stage name (letters, digits and "-")');
  }
  if (problems.length > 0) throw new Error(`ingest configuration is invalid: ${problems.join('; ')}`);
  let publicKey: KeyObject;
  try {
    publicKey = readWixPublicKey(value('WIX_APP_PUBLIC_KEY'), 'WIX_APP_PUBLIC_KEY').key;
  } catch (error) {
    throw new Error(`ingest configuration is invalid: ${(error as Error).message}`);
  }
  return {
    queueUrl: value('EVENTS_QUEUE_URL'),
    publicKey,
    stage,
    logLevel: parseLogLevel(env.LOG_LEVEL),
  };
}
