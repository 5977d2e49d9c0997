import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  DEFAULT_EVENT_RETENTION_DAYS,
  DEFAULT_MAX_RECEIVES,
  DEFAULT_RECONCILE_INTERVAL,
  DEFAULT_WIX_API_BASE_URL,
  MIN_EVENT_RETENTION_DAYS,
  STAGE_PATTERN,
} from '#shared/defaults.ts';
import { spanMs } from '#shared/span.ts';
import { readWixPublicKey } from '#shared/wix/webhook/public-key.ts';
import {
  DEFAULT_API_BURST_LIMIT,
  DEFAULT_API_RATE_LIMIT,
  DEFAULT_LOG_RETENTION,
  WixflowStack,
  type WixflowStackProps,
} from './stack.ts';

/*
 * The wixflow CDK app: one stack, `Wixflow-<stage>`, checked by cdk-nag's AwsSolutions pack.
 *
 * Context keys (`npx cdk deploy -c key=value`, or the "context" block of cdk.json):
 *
 *   stage                Name of this deployment; the stack is `Wixflow-<stage>`, so several stages can
 *                        share one account and region. Letters, digits and "-". Default: dev.
 *   wixAppId             The Wix app's id (OAuth client id), from the Wix Dev Center. Required to deploy;
 *                        without it synth still works with a marked placeholder, prints a warning, and
 *                        CloudFormation refuses the deploy.
 *   wixAppPublicKey      The app's webhook public key: PEM text ("\n" escapes are accepted) or that PEM
 *                        base64-encoded on one line, as Wix's SDK takes it; or
 *   wixAppPublicKeyFile  a path to a file holding it either way (relative to the working directory).
 *                        Not a secret. Required to deploy, like wixAppId.
 *   wixAppSecretArn      ARN of an existing Secrets Manager secret holding the Wix app secret (pass the
 *                        complete ARN, with its 6-character suffix). Unset: the stack creates the secret
 *                        with a generated placeholder value and outputs its ARN as AppSecretArn; store the
 *                        real value with `aws secretsmanager put-secret-value --secret-id <AppSecretArn>
 *                        --secret-string <app secret>`.
 *   wixApiBaseUrl        Wix REST base URL. Default: https://www.wixapis.com.
 *   maxReceives          Deliveries of one event before it moves to the dead-letter queue (the queue's
 *                        maxReceiveCount; the local stack's WIXFLOW_MAX_RECEIVES). Default: 5.
 *   publicUrl            The https base URL people reach the API at, when it sits behind a custom domain;
 *                        the install redirect URL is <publicUrl>/oauth/callback. Default: the API's own URL.
 *   wixInstallerUrl      Wix's consent screen of the install flow. Default:
 *                        https://www.wix.com/installer/install (change it only to point at a Wix sandbox).
 *   eventRetentionDays   Days the event log (duplicate detection, replay) and run records are kept before
 *                        DynamoDB's TTL removes them; at least 3 (Wix re-sends for about 47 hours). Default: 30.
 *   reconcileInterval    How often each connection is swept for changes no webhook delivered
 *                        (docs/backfill-and-reconcile.md): a span such as 15m, 1h, 1d, or "off". Default: 1h.
 *   logRetentionDays     Retention of the functions' and the API's log groups, one of CloudWatch's values
 *                        (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, …). Default: 30.
 *   alarmEmail           An address subscribed to the alarm topic (it receives a confirmation email first).
 *                        Unset: subscribe to the AlarmTopicArn output yourself.
 *   customerManagedKey   "true": create a customer managed KMS key (rotated yearly, retained) that encrypts the
 *                        tables, queues and secrets. Default: AWS managed keys and SQS-managed encryption.
 *   kmsKeyArn            Or use this existing customer managed key (its key ARN); its key policy must let the
 *                        account's IAM policies grant its use (the default key policy does).
 *   httpAllowPrivate     "true": rules' http.request steps may call private addresses (10/8, 172.16/12,
 *                        192.168/16, 100.64/10, fc00::/7), e.g. a service reachable from the consumer. Loopback
 *                        and link-local (instance metadata) stay refused. Default: false.
 *   apiRateLimit         Steady-state requests per second across the webhook API. Default: 100.
 *   apiBurstLimit        Requests API Gateway accepts in a burst. Default: 200.
 */

export interface WixflowConfig extends WixflowStackProps {
  readonly stage: string;
}

/** Reads and validates the context keys above; throws naming the key that is malformed. */
export function readWixflowConfig(app: App): WixflowConfig {
  const stage = optionalString(app, 'stage') ?? 'dev';
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(
      `Context "stage" must start with a letter and hold only letters, digits and "-": ${stage}`,
    );
  }
  const wixApiBaseUrl = optionalString(app, 'wixApiBaseUrl') ?? DEFAULT_WIX_API_BASE_URL;
  if (!URL.canParse(wixApiBaseUrl) || !/^https?:$/.test(new URL(wixApiBaseUrl).protocol)) {
    throw new Error(`Context "wixApiBaseUrl" is not an http(s) URL: ${wixApiBaseUrl}`);
  }
  return {
    stage,
    wixAppId: optionalString(app, 'wixAppId'),
    wixAppPublicKey: readPublicKey(app),
    wixAppSecretArn: optionalString(app, 'wixAppSecretArn'),
    wixApiBaseUrl,
    maxReceives: readMaxReceives(app),
    publicUrl: readUrl(app, 'publicUrl', /^https:$/),
    wixInstallerUrl: readUrl(app, 'wixInstallerUrl', /^https?:$/),
    eventRetentionDays: readInteger(app, 'eventRetentionDays', {
      min: MIN_EVENT_RETENTION_DAYS,
      max: 3650,
      fallback: DEFAULT_EVENT_RETENTION_DAYS,
    }),
    reconcileInterval: readReconcileInterval(app),
    logRetention: readLogRetention(app),
    alarmEmail: readEmail(app, 'alarmEmail'),
    customerManagedKey: readBoolean(app, 'customerManagedKey'),
    kmsKeyArn: optionalString(app, 'kmsKeyArn'),
    httpAllowPrivate: readBoolean(app, 'httpAllowPrivate'),
    apiRateLimit: readInteger(app, 'apiRateLimit', { min: 1, max: 10_000, fallback: DEFAULT_API_RATE_LIMIT }),
    apiBurstLimit: readInteger(app, 'apiBurstLimit', {
      min: 1,
      max: 5_000,
      fallback: DEFAULT_API_BURST_LIMIT,
    }),
  };
}

/** Builds the wixflow stack into `app` and registers the cdk-nag AwsSolutions checks on it. */
export function createWixflowApp(app: App = new App()): { app: App; stack: WixflowStack } {
  const config = readWixflowConfig(app);
  const { stage } = config;
  const stack = new WixflowStack(app, `Wixflow-${stage}`, {
    ...config,
    description: `wixflow (${stage}): Wix webhooks → SQS → rule engine → Wix REST API`,
  });
  Tags.of(stack).add('app', 'wixflow');
  Tags.of(stack).add('wixflow:stage', stage);
  // Synth fails on any AwsSolutions error that is not acknowledged on the construct it concerns.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** `off`, or a span of at least a minute (EventBridge Scheduler's finest rate). */
function readReconcileInterval(app: App): string {
  const value = optionalString(app, 'reconcileInterval') ?? DEFAULT_RECONCILE_INTERVAL;
  if (value.toLowerCase() === 'off') return 'off';
  const ms = spanMs(value);
  if (ms === undefined || ms < 60_000) {
    throw new Error(
      `Context "reconcileInterval" must be "off" or a span of at least 1m (15m, 1h, 1d): ${value}`,
    );
  }
  return value;
}

function optionalString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string, got ${typeof value}`);
  return value.trim();
}

/** An optional URL context key, without a trailing slash; throws naming the key when it is not one. */
function readUrl(app: App, key: string, protocol: RegExp): string | undefined {
  const value = optionalString(app, key);
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !protocol.test(url.protocol) || url.search || url.hash) {
    throw new Error(
      `Context "${key}" must be an ${protocol.source.includes('?') ? 'http(s)' : 'https'} URL without query or fragment: ${value}`,
    );
  }
  return value.replace(/\/+$/, '');
}

function readMaxReceives(app: App): number {
  return readInteger(app, 'maxReceives', { min: 1, max: 1000, fallback: DEFAULT_MAX_RECEIVES });
}

/** An optional whole-number context key (a number, or a string from `-c key=value`) within [min, max]. */
function readInteger(app: App, key: string, limits: { min: number; max: number; fallback: number }): number {
  const raw: unknown = app.node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '') return limits.fallback;
  const value = typeof raw === 'number' ? raw : Number(String(raw));
  if (!Number.isInteger(value) || value < limits.min || value > limits.max) {
    throw new Error(
      `Context "${key}" must be an integer from ${limits.min} to ${limits.max}, got ${String(raw)}`,
    );
  }
  return value;
}

function readBoolean(app: App, key: string): boolean {
  const raw: unknown = app.node.tryGetContext(key);
  if (raw === undefined || raw === null || raw === '' || raw === false || raw === 'false') return false;
  if (raw === true || raw === 'true') return true;
  throw new Error(`Context "${key}" must be true or false, got ${String(raw)}`);
}

function readEmail(app: App, key: string): string | undefined {
  const value = optionalString(app, key);
  if (value !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw new Error(`Context "${key}" is not an email address: ${value}`);
  }
  return value;
}

/** CloudWatch Logs accepts only some retention periods; RetentionDays lists them. */
function readLogRetention(app: App): RetentionDays {
  const allowed = Object.values(RetentionDays).filter(
    (v): v is RetentionDays => typeof v === 'number' && v !== RetentionDays.INFINITE,
  );
  const raw: unknown = app.node.tryGetContext('logRetentionDays');
  if (raw === undefined || raw === null || raw === '') return DEFAULT_LOG_RETENTION;
  const value = typeof raw === 'number' ? raw : Number(String(raw));
  const retention = allowed.find((days) => days === value);
  if (retention === undefined) {
    throw new Error(
      `Context "logRetentionDays" must be one of ${allowed.sort((a, b) => a - b).join(', ')}, got ${String(raw)}`,
    );
  }
  return retention;
}

function readPublicKey(app: App): string | undefined {
  const inline = optionalString(app, 'wixAppPublicKey');
  const file = optionalString(app, 'wixAppPublicKeyFile');
  if (inline !== undefined && file !== undefined) {
    throw new Error('Set only one of the contexts "wixAppPublicKey" and "wixAppPublicKeyFile"');
  }
  const key = inline ?? (file && readFileSync(resolve(file), 'utf8'));
  if (key === undefined) return undefined;
  // PEM or base64-encoded PEM, read by the parser ingest uses; the Lambda gets PEM.
  return readWixPublicKey(
    key,
    `Context "${inline !== undefined ? 'wixAppPublicKey' : 'wixAppPublicKeyFile'}"`,
  ).pem;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  createWixflowApp();
}
