import * as z from 'zod';
import { type LogLevel, parseLogLevel } from './log.ts';

type Env = Record<string, string | undefined>;

const nonEmpty = z.string().trim().min(1);
const positiveInt = z.coerce.number().int().positive();
const baseUrl = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''))
  .default('https://www.wixapis.com');

/** The public base URL of the HTTP API, e.g. https://abc.execute-api.eu-west-1.amazonaws.com (no trailing slash). */
const publicUrl = z
  .url({ protocol: /^https?$/ })
  .transform((u) => u.replace(/\/+$/, ''))
  .refine((u) => !new URL(u).search && !new URL(u).hash, 'must have no query or fragment');
const installerUrl = z.url({ protocol: /^https?$/ }).default('https://www.wix.com/installer/install');

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
  WIXFLOW_WIX_RATE_LIMIT: positiveInt.default(200),
  WIXFLOW_RETRY_DELAY_S: positiveInt.default(30),
  WIXFLOW_MAX_RECEIVES: positiveInt.default(5),
  WIXFLOW_EVENT_RETENTION_DAYS: positiveInt.default(30),
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
  rateLimitPerMinute: number;
  retryDelaySeconds: number;
  maxReceives: number;
  /** How long the event log keeps events (dedupe memory); never under 3 days. */
  eventRetentionDays: number;
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
    rateLimitPerMinute: e.WIXFLOW_WIX_RATE_LIMIT,
    retryDelaySeconds: e.WIXFLOW_RETRY_DELAY_S,
    maxReceives: e.WIXFLOW_MAX_RECEIVES,
    eventRetentionDays: e.WIXFLOW_EVENT_RETENTION_DAYS,
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
    WIXFLOW_MAX_RECEIVES: positiveInt.default(5),
    WIXFLOW_RETRY_DELAY_S: positiveInt.default(30),
    WIXFLOW_WIX_RATE_LIMIT: positiveInt.default(200),
    WIXFLOW_EVENT_RETENTION_DAYS: positiveInt.default(30),
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
        publicKeyPem: string | undefined;
        publicKeyFile: string | undefined;
      }
    | undefined;
  dataDir: string;
  maxReceives: number;
  retryDelaySeconds: number;
  rateLimitPerMinute: number;
  eventRetentionDays: number;
  /** The URL the local API is reached at (install redirects come back to it); default http://localhost:$PORT. */
  publicUrl: string | undefined;
  /** Wix's consent screen for app installs; the sandbox's in sandbox mode. */
  installerUrl: string;
  logLevel: LogLevel;
  /** Sandbox mode: the demo site's Stores catalog (`WIXFLOW_SANDBOX_CATALOG`); default Catalog V3. */
  sandboxCatalog?: 'V1_CATALOG' | 'V3_CATALOG';
}

/** Reads the local stack's configuration (PRODUCT.md §4); sandbox mode when no Wix app is configured. */
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
          publicKeyPem: e.WIX_APP_PUBLIC_KEY || undefined,
          publicKeyFile: e.WIX_APP_PUBLIC_KEY_FILE || undefined,
        }
      : undefined,
    dataDir: e.WIXFLOW_DATA_DIR,
    maxReceives: e.WIXFLOW_MAX_RECEIVES,
    retryDelaySeconds: e.WIXFLOW_RETRY_DELAY_S,
    rateLimitPerMinute: e.WIXFLOW_WIX_RATE_LIMIT,
    eventRetentionDays: e.WIXFLOW_EVENT_RETENTION_DAYS,
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
  WIXFLOW_PUBLIC_URL: publicUrl,
  WIX_INSTALLER_URL: installerUrl,
  LOG_LEVEL: z.string().optional(),
});

export interface OAuthConfig {
  connectionsTable: string;
  wixApiBaseUrl: string;
  appId: string;
  /** Where the app secret lives in Secrets Manager (an ARN). */
  appSecretId: string;
  secretsPrefix: string;
  /** The HTTP API's public base URL; Wix redirects installs to `<publicUrl>/oauth/callback`. */
  publicUrl: string;
  installerUrl: string;
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
    publicUrl: e.WIXFLOW_PUBLIC_URL,
    installerUrl: e.WIX_INSTALLER_URL,
    logLevel: parseLogLevel(e.LOG_LEVEL),
  };
}
