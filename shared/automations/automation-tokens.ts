import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: the secret path segment of one (connection, trigger)'s intake URL. */
export const newAutomationToken = (): string => randomBytes(32).toString('base64url');

/**
 * What wixflow stores instead of a token: its SHA-256. A token carries 256 random bits, so a fast hash is enough
 * (nothing to brute-force); the hash alone cannot be turned back into a URL that is accepted.
 */
export const hashAutomationToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

/** A token is 43 base64url characters; anything else is refused before any lookup. */
export const isWellFormedToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

/** The events-table key of a token's item (ingest may read only keys with this prefix). */
export const TOKEN_KEY_PREFIX = 'automation-token#';
export const tokenKey = (tokenHash: string): string => `${TOKEN_KEY_PREFIX}${tokenHash}`;

/** Whom an intake token belongs to: the connection and trigger its automation forwards. */
export interface AutomationTokenTarget {
  connectionId: string;
  instanceId: string;
  appId: string;
  triggerKey: string;
}

/** Finds the owner of a token by its hash; undefined for an unknown or retired token. */
export interface AutomationTokenLookup {
  findToken(tokenHash: string): Promise<AutomationTokenTarget | undefined>;
}

/** The intake path of a token under a public base URL. */
export const AUTOMATION_INTAKE_PATH = '/webhooks/automations';
export const automationIntakeUrl = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${AUTOMATION_INTAKE_PATH}/${token}`;

/** An intake URL for people to read: the token replaced by a fingerprint of its hash (which is not the token). */
export const maskedIntakeUrl = (publicUrl: string, tokenHash: string): string =>
  `${publicUrl.replace(/\/+$/, '')}${AUTOMATION_INTAKE_PATH}/<token #${tokenHash.slice(0, 8)}>`;

/** The token inside an intake URL under `publicUrl`, or undefined when the URL is not one of ours. */
export function tokenOfIntakeUrl(url: unknown, publicUrl: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  const prefix = `${publicUrl.replace(/\/+$/, '')}${AUTOMATION_INTAKE_PATH}/`;
  if (!url.startsWith(prefix)) return undefined;
  const token = url.slice(prefix.length);
  return isWellFormedToken(token) ? token : undefined;
}

/** The API Gateway route of the intake (the local server routes it the same way). */
export const AUTOMATION_ROUTE_KEY = `POST ${AUTOMATION_INTAKE_PATH}/{token}`;

/** A request path for logs and errors: an intake path loses its token. */
export const loggablePath = (path: string): string =>
  path.startsWith(`${AUTOMATION_INTAKE_PATH}/`) ? `${AUTOMATION_INTAKE_PATH}/{token}` : path;

/** Text with every intake URL's token replaced (Wix may quote the URL back in an error). */
export const scrubIntakeTokens = (text: string): string =>
  text.replace(/(\/webhooks\/automations\/)[A-Za-z0-9_-]{16,}/g, '$1<token>');
