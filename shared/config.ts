import { readFileSync } from 'node:fs';
import * as z from 'zod';
import {
  DEFAULT_EVENT_RETENTION_DAYS,
  DEFAULT_MAX_RECEIVES,
  DEFAULT_RECONCILE_INTERVAL,
  DEFAULT_RETRY_DELAY_S,
  DEFAULT_WIX_API_BASE_URL,
  DEFAULT_WIX_INSTALLER_URL,
  DEFAULT_WIX_RATE_LIMIT_PER_MINUTE,
  MIN_EVENT_RETENTION_DAYS,
  STAGE_PATTERN,
} from './defaults.ts';
import { type LogLevel, parseLogLevel } from './log.ts';
import { spanMs } from './span.ts';
import { readWixPublicKey } from './wix/webhook/public-key.ts';

type Env = Record<string, string | undefined>;

const nonEmpty = z.string().trim().min(1);
const positiveInt = z.coerce.number().int().positive();
const flag = z
  .enum(['true', 'false'], { error: () => 'must be true or false' })
  .default('false')
  .transform((v) => v === 'true');
const baseUrl = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''))
  .default(DEFAULT_WIX_API_BASE_URL);

/** The public base URL of the HTTP API, e.g. https://abc.execute-api.eu-west-1.amazonaws.com (no trailing slash). */
const publicUrl = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''))
  .refine((u) => !new URL(u).search && !new URL(u).hash, 'must have no query or fragment');
const installerUrl = z.url({ protocol: /^https?$/ }).default(DEFAULT_WIX_INSTALLER_URL);
const rateLimit = positiveInt.default(DEFAULT_WIX_RATE_LIMIT_PER_MINUTE);
const retryDelay = positiveInt.default(DEFAULT_RETRY_DELAY_S);
const eventRetention = positiveInt
  .min(MIN_EVENT_RETENTION_DAYS, `must be at least ${MIN_EVENT_RETENTION_DAYS} days`)
  .default(DEFAULT_EVENT_RETENTION_DAYS);
/** The deployment's stage, the `Stage` dimension of every metric; the stack always sets it. */
const stage = z
  .string({ error: (i) => (i.input === undefined ? 'required' : undefined) })
  .trim()
  .regex(STAGE_PATTERN, 'must be a stage name (letters, digits and "-")');
/** The stack's customer managed key, set only when the stack has one: new secrets are encrypted with it. */
const kmsKeyArn = z
  .string()
  .trim()
  .transform((arn) => arn || undefined)
  .pipe(
    z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, 'not a KMS key ARN')
      .optional(),
  )
  .optional();

/** `off`, or a span such as 30s, 15m, 1h, 1d: the reconciliation interval in milliseconds (undefined = off). */
const reconcileInterval = z
  .string()
  .trim()
  .default(DEFAULT_RECONCILE_INTERVAL)
  .transform((value, ctx) => {
    if (value.toLowerCase() === 'off') return undefined;
    const ms = spanMs(value);
    if (ms === undefined || ms < 1000) {
      ctx.addIssue({ code: 'custom', message: 'must be off or a span such as 15m, 1h or 1d' });
      return z.NEVER;
    }
    return ms;
  });

/** Parses `env` with `schema`, or throws one error naming every missing or malformed variable. */
function parseEnv<S extends z.ZodType>(schema: S, env: Env, what: string): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`${what} configuration is invalid: ${problems}`);
}

const ConsumerEnv = z.object({
  CONNECTIONS_TABLE: nonEmpty,
  RULES_TABLE: nonEmpty,
  RUNS_TABLE: nonEmpty,
  EVENTS_TABLE: nonEmpty,
  EVENTS_QUEUE_URL: nonEmpty,
  WIX_API_BASE_URL: baseUrl,
  WIX_APP_ID: z.string().trim().optional(),
  WIX_APP_SECRET_ARN: z.string().trim().optional(),
  WIXFLOW_SECRETS_PREFIX: nonEmpty,
  WIXFLOW_SECRETS_KMS_KEY_ARN: kmsKeyArn,
  WIXFLOW_WIX_RATE_LIMIT: rateLimit,
  WIXFLOW_RETRY_DELAY_S: retryDelay,
  WIXFLOW_EVENT_RETENTION_DAYS: eventRetention,
  WIXFLOW_HTTP_ALLOW_PRIVATE: flag,
  WIXFLOW_RECONCILE_INTERVAL: reconcileInterval,
  WIXFLOW_STAGE: stage,
  LOG_LEVEL: z.string().optional(),
});

export interface TableNames {
  connections: string;
  rules: string;
  runs: string;
  events: string;
}

export interface ConsumerConfig {
  tables: TableNames;
  queueUrl: string;
  wixApiBaseUrl: string;
  /** The Wix app's id; absent when the deployment only uses API keys. */
  appId: string | undefined;
  /** Where the app secret lives in the secret store (an ARN on AWS, a name locally). */
  appSecretId: string | undefined;
  secretsPrefix: string;
  /** The customer managed key new secrets (refresh tokens) are encrypted with; absent: aws/secretsmanager. */
  secretsKmsKeyArn: string | undefined;
  rateLimitPerMinute: number;
  retryDelaySeconds: number;
  /** How long the event log keeps events (dedupe memory); never under 3 days. */
  eventRetentionDays: number;
  /** Whether `http.request` may call private (RFC 1918, CGNAT, ULA) addresses; loopback never on Lambda. */
  httpAllowPrivate: boolean;
  /** Reconciliation's interval; undefined when it is off (docs/backfill-and-reconcile.md). */
  reconcileIntervalMs: number | undefined;
  stage: string;
  logLevel: LogLevel;
}

/** Reads the consumer function's configuration once at start; throws naming each bad variable. */
export function loadConsumerConfig(env: Env = process.env): ConsumerConfig {
  const e = parseEnv(ConsumerEnv, env, 'consumer');
  return {
    tables: {
      connections: e.CONNECTIONS_TABLE,
      rules: e.RULES_TABLE,
      runs: e.RUNS_TABLE,
      events: e.EVENTS_TABLE,
    },
    queueUrl: e.EVENTS_QUEUE_URL,
    wixApiBaseUrl: e.WIX_API_BASE_URL,
    appId: e.WIX_APP_ID || undefined,
    appSecretId: e.WIX_APP_SECRET_ARN || undefined,
    secretsPrefix: e.WIXFLOW_SECRETS_PREFIX,
    secretsKmsKeyArn: e.WIXFLOW_SECRETS_KMS_KEY_ARN,
    rateLimitPerMinute: e.WIXFLOW_WIX_RATE_LIMIT,
    retryDelaySeconds: e.WIXFLOW_RETRY_DELAY_S,
    eventRetentionDays: e.WIXFLOW_EVENT_RETENTION_DAYS,
    httpAllowPrivate: e.WIXFLOW_HTTP_ALLOW_PRIVATE,
    reconcileIntervalMs: e.WIXFLOW_RECONCILE_INTERVAL,
    stage: e.WIXFLOW_STAGE,
    logLevel: parseLogLevel(e.LOG_LEVEL),
  };
}

const LocalEnv = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    WIX_API_BASE_URL: baseUrl,
    WIX_APP_ID: z.string().trim().optional(),
    WIX_APP_SECRET: z.string().trim().optional(),
    WIX_APP_PUBLIC_KEY: z.string().trim().optional(),
    WIX_APP_PUBLIC_KEY_FILE: z.string().trim().optional(),
    WIXFLOW_DATA_DIR: nonEmpty.default('.wixflow'),
    WIXFLOW_MAX_RECEIVES: positiveInt.default(DEFAULT_MAX_RECEIVES),
    WIXFLOW_RETRY_DELAY_S: retryDelay,
    WIXFLOW_WIX_RATE_LIMIT: rateLimit,
    WIXFLOW_EVENT_RETENTION_DAYS: eventRetention,
    WIXFLOW_RECONCILE_INTERVAL: reconcileInterval,
    WIXFLOW_PUBLIC_URL: publicUrl.optional(),
    WIX_INSTALLER_URL: installerUrl,
    WIXFLOW_SANDBOX_CATALOG: z
      .enum(['V1_CATALOG', 'V3_CATALOG'], { error: () => 'must be V1_CATALOG or V3_CATALOG' })
      .default('V3_CATALOG'),
    LOG_LEVEL: z.string().optional(),
  })
  .refine((e) => !(e.WIX_APP_PUBLIC_KEY && e.WIX_APP_PUBLIC_KEY_FILE), {
    message: 'set WIX_APP_PUBLIC_KEY or WIX_APP_PUBLIC_KEY_FILE, not both',
    path: ['WIX_APP_PUBLIC_KEY_FILE'],
  });

export interface LocalConfig {
  port: number;
  wixApiBaseUrl: string;
  /** Set when a real Wix app is configured; absent means sandbox mode. */
  app:
    | {
        appId: string;
        appSecret: string | undefined;
        /** The webhook public key as PEM, from WIX_APP_PUBLIC_KEY or the file WIX_APP_PUBLIC_KEY_FILE names. */
        publicKeyPem: string;
        publicKeyFile: string | undefined;
      }
    | undefined;
  dataDir: string;
  /** Deliveries of one event before the local queue moves it to the dead-letter queue. */
  maxReceives: number;
  retryDelaySeconds: number;
  rateLimitPerMinute: number;
  eventRetentionDays: number;
  /** Reconciliation's interval; undefined when it is off. */
  reconcileIntervalMs: number | undefined;
  /** The URL the local API is reached at (install redirects come back to it); default http://localhost:$PORT. */
  publicUrl: string | undefined;
  /** Wix's consent screen for app installs; the sandbox's in sandbox mode. */
  installerUrl: string;
  logLevel: LogLevel;
  /** Sandbox mode: the demo site's Stores catalog (`WIXFLOW_SANDBOX_CATALOG`); default Catalog V3. */
  sandboxCatalog?: 'V1_CATALOG' | 'V3_CATALOG';
}

/**
 * The app's public key as PEM from the variable or the key file, either holding PEM or base64-encoded PEM (the
 * parser ingest and the CDK app use too). Throws `local stack configuration is invalid: <source> <reason>`.
 */
function localPublicKey(inline: string | undefined, file: string | undefined): string {
  const source = inline ? 'WIX_APP_PUBLIC_KEY' : `WIX_APP_PUBLIC_KEY_FILE ${file}`;
  try {
    let text = inline;
    if (!text) {
      try {
        text = readFileSync(file ?? '', 'utf8');
      } catch (error) {
        throw new Error(`${source} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    return readWixPublicKey(text, source).pem;
  } catch (error) {
    throw new Error(`local stack configuration is invalid: ${(error as Error).message}`);
  }
}

/** Reads the local stack's configuration (README, "Configuration (local stack)"); sandbox mode when no Wix app is configured. */
export function loadLocalConfig(env: Env = process.env): LocalConfig {
  const e = parseEnv(LocalEnv, env, 'local stack');
  const hasKey = Boolean(e.WIX_APP_PUBLIC_KEY || e.WIX_APP_PUBLIC_KEY_FILE);
  if (!e.WIX_APP_ID && (hasKey || e.WIX_APP_SECRET)) {
    throw new Error(
      'local stack configuration is invalid: WIX_APP_ID: required when a Wix app key or secret is set',
    );
  }
  if (e.WIX_APP_ID && !hasKey) {
    throw new Error(
      'local stack configuration is invalid: WIX_APP_PUBLIC_KEY: required with WIX_APP_ID (or set WIX_APP_PUBLIC_KEY_FILE)',
    );
  }
  return {
    port: e.PORT,
    wixApiBaseUrl: e.WIX_API_BASE_URL,
    app: e.WIX_APP_ID
      ? {
          appId: e.WIX_APP_ID,
          appSecret: e.WIX_APP_SECRET || undefined,
          publicKeyPem: localPublicKey(e.WIX_APP_PUBLIC_KEY, e.WIX_APP_PUBLIC_KEY_FILE),
          publicKeyFile: e.WIX_APP_PUBLIC_KEY_FILE || undefined,
        }
      : undefined,
    dataDir: e.WIXFLOW_DATA_DIR,
    maxReceives: e.WIXFLOW_MAX_RECEIVES,
    retryDelaySeconds: e.WIXFLOW_RETRY_DELAY_S,
    rateLimitPerMinute: e.WIXFLOW_WIX_RATE_LIMIT,
    eventRetentionDays: e.WIXFLOW_EVENT_RETENTION_DAYS,
    reconcileIntervalMs: e.WIXFLOW_RECONCILE_INTERVAL,
    publicUrl: e.WIXFLOW_PUBLIC_URL,
    installerUrl: e.WIX_INSTALLER_URL,
    logLevel: parseLogLevel(e.LOG_LEVEL),
    sandboxCatalog: e.WIXFLOW_SANDBOX_CATALOG,
  };
}

const OAuthEnv = z.object({
  CONNECTIONS_TABLE: nonEmpty,
  WIX_API_BASE_URL: baseUrl,
  WIX_APP_ID: nonEmpty,
  WIX_APP_SECRET_ARN: nonEmpty,
  WIXFLOW_SECRETS_PREFIX: nonEmpty,
  WIXFLOW_SECRETS_KMS_KEY_ARN: kmsKeyArn,
  WIXFLOW_PUBLIC_URL: publicUrl,
  WIX_INSTALLER_URL: installerUrl,
  WIXFLOW_STAGE: stage,
  LOG_LEVEL: z.string().optional(),
});

export interface OAuthConfig {
  connectionsTable: string;
  wixApiBaseUrl: string;
  appId: string;
  /** Where the app secret lives in Secrets Manager (an ARN). */
  appSecretId: string;
  secretsPrefix: string;
  /** The customer managed key new secrets (refresh tokens) are encrypted with; absent: aws/secretsmanager. */
  secretsKmsKeyArn: string | undefined;
  /** The HTTP API's public base URL; Wix redirects installs to `<publicUrl>/oauth/callback`. */
  publicUrl: string;
  installerUrl: string;
  stage: string;
  logLevel: LogLevel;
}

/** Reads the install (OAuth) function's configuration once at start; throws naming each bad variable. */
export function loadOAuthConfig(env: Env = process.env): OAuthConfig {
  const e = parseEnv(OAuthEnv, env, 'oauth');
  return {
    connectionsTable: e.CONNECTIONS_TABLE,
    wixApiBaseUrl: e.WIX_API_BASE_URL,
    appId: e.WIX_APP_ID,
    appSecretId: e.WIX_APP_SECRET_ARN,
    secretsPrefix: e.WIXFLOW_SECRETS_PREFIX,
    secretsKmsKeyArn: e.WIXFLOW_SECRETS_KMS_KEY_ARN,
    publicUrl: e.WIXFLOW_PUBLIC_URL,
    installerUrl: e.WIX_INSTALLER_URL,
    stage: e.WIXFLOW_STAGE,
    logLevel: parseLogLevel(e.LOG_LEVEL),
  };
}
