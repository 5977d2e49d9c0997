import { fileURLToPath } from 'node:url';
import { Annotations, CfnRule, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { TOKEN_KEY_PREFIX } from '#shared/automations/automation-tokens.ts';
import {
  CONSUMER_TIMEOUT_S,
  DEFAULT_EVENT_RETENTION_DAYS,
  DEFAULT_MAX_RECEIVES,
  DEFAULT_RECONCILE_INTERVAL,
  DEFAULT_RETRY_DELAY_S,
  DEFAULT_WIX_API_BASE_URL,
  DEFAULT_WIX_INSTALLER_URL,
  DEFAULT_WIX_RATE_LIMIT_PER_MINUTE,
  MIN_EVENT_RETENTION_DAYS,
} from '#shared/defaults.ts';
import { spanMs } from '#shared/span.ts';
import { acknowledgeRoleWildcards } from './acknowledgements.ts';
import { encryptionKey } from './constructs/encryption-key.ts';
import { WixflowFunction } from './constructs/lambda-defaults.ts';
import { WixflowMonitoring } from './constructs/monitoring.ts';
import { EventQueues } from './constructs/queues.ts';
import { ReconcileSchedule } from './constructs/reconcile-schedule.ts';
import { WixflowSecrets } from './constructs/secrets.ts';
import { WixflowTables } from './constructs/tables.ts';
import { WebhookApi } from './constructs/webhook-api.ts';
import { stackOutputs } from './outputs.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WIX_APP_ID_PLACEHOLDER = 'PLACEHOLDER-set-context-wixAppId';
export const WIX_APP_PUBLIC_KEY_PLACEHOLDER = 'PLACEHOLDER-set-context-wixAppPublicKey';
export const DEFAULT_LOG_RETENTION = RetentionDays.ONE_MONTH;
/** Steady-state requests per second and burst across the webhook API (API Gateway stage throttling). */
export const DEFAULT_API_RATE_LIMIT = 100;
export const DEFAULT_API_BURST_LIMIT = 200;

const INGEST_TIMEOUT = Duration.seconds(5);
const CONSUMER_TIMEOUT = Duration.seconds(CONSUMER_TIMEOUT_S);
/** The code exchange and two Wix calls, well inside API Gateway's 30 s integration limit. */
const OAUTH_TIMEOUT = Duration.seconds(20);

export interface WixflowStackProps extends StackProps {
  /** The deployment's name: the `Stage` dimension of its metrics and the dashboard's title. @default the stack name */
  readonly stage?: string;
  /** The Wix app's id (OAuth client id). Unset: a placeholder that CloudFormation refuses to deploy. */
  readonly wixAppId?: string;
  /** The Wix app's webhook public key (PEM). Unset: a placeholder that CloudFormation refuses to deploy. */
  readonly wixAppPublicKey?: string;
  /** An existing secret holding the Wix app secret. Unset: the stack creates one with a placeholder value. */
  readonly wixAppSecretArn?: string;
  /** @default https://www.wixapis.com */
  readonly wixApiBaseUrl?: string;
  /** Deliveries of one event before it moves to the dead-letter queue. @default 5 */
  readonly maxReceives?: number;
  /** The public base URL of the HTTP API when it sits behind a custom domain. @default the API's own URL */
  readonly publicUrl?: string;
  /** Wix's consent screen (a sandbox's, for tests). @default https://www.wix.com/installer/install */
  readonly wixInstallerUrl?: string;
  /** Days the event log and run records are kept (DynamoDB TTL); at least 3. @default 30 */
  readonly eventRetentionDays?: number;
  /** How often reconciliation sweeps each connection: a span of at least 1m (`15m`, `1h`), or `off`. @default 1h */
  readonly reconcileInterval?: string;
  /** Retention of the functions' and the API's log groups. @default one month */
  readonly logRetention?: RetentionDays;
  /** Subscribed to the alarm topic. @default no subscription */
  readonly alarmEmail?: string;
  /** An existing customer managed KMS key for tables, queues and secrets. @default AWS managed keys */
  readonly kmsKeyArn?: string;
  /** Create a customer managed KMS key for tables, queues and secrets. @default false */
  readonly customerManagedKey?: boolean;
  /**
   * Let `http.request` call private addresses (RFC 1918, CGNAT, IPv6 unique-local), e.g. a service in your
   * VPC. Loopback and link-local stay refused on Lambda. @default false
   */
  readonly httpAllowPrivate?: boolean;
  /** @default 100 requests per second */
  readonly apiRateLimit?: number;
  /** @default 200 requests */
  readonly apiBurstLimit?: number;
  /** Folder holding package.json, package-lock.json and functions/. @default this repository */
  readonly projectRoot?: string;
}

/** wixflow on AWS: webhook API → ingest → SQS (+DLQ) → consumer, with its tables and secrets. */
export class WixflowStack extends Stack {
  readonly tables: WixflowTables;
  readonly queues: EventQueues;
  readonly secrets: WixflowSecrets;
  readonly ingest: WixflowFunction;
  readonly consumer: WixflowFunction;
  readonly oauth: WixflowFunction;
  /** Takes what wixflow's hidden Wix automations post (`POST /webhooks/automations/{token}`). */
  readonly automationsIngest: WixflowFunction;
  /** The base URL people and Wix reach the HTTP API at (install and redirect URLs are under it). */
  readonly publicUrl: string;
  /** The Wix REST API the functions call (an output: the CLI provisions automations through it). */
  readonly wixApiBaseUrl: string;
  readonly wixAppId: string;
  readonly webhookApi: WebhookApi;
  readonly monitoring: WixflowMonitoring;
  /** The customer managed key of tables, queues and secrets, when one is configured. */
  readonly encryptionKey: IKey | undefined;

  constructor(scope: Construct, id: string, props: WixflowStackProps = {}) {
    super(scope, id, props);
    const projectRoot = props.projectRoot ?? PROJECT_ROOT;
    const maxReceives = props.maxReceives ?? DEFAULT_MAX_RECEIVES;
    const wixAppId = props.wixAppId ?? this.placeholder('wixAppId', WIX_APP_ID_PLACEHOLDER);
    const wixAppPublicKey =
      props.wixAppPublicKey ?? this.placeholder('wixAppPublicKey', WIX_APP_PUBLIC_KEY_PLACEHOLDER);
    const stage = props.stage ?? this.stackName;
    this.wixApiBaseUrl = props.wixApiBaseUrl ?? DEFAULT_WIX_API_BASE_URL;
    this.wixAppId = wixAppId;
    const eventRetentionDays = props.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS;
    if (!Number.isInteger(eventRetentionDays) || eventRetentionDays < MIN_EVENT_RETENTION_DAYS) {
      throw new Error(
        `eventRetentionDays must be a whole number of days, at least ${MIN_EVENT_RETENTION_DAYS}: ${eventRetentionDays}`,
      );
    }
    const logRetention = props.logRetention ?? DEFAULT_LOG_RETENTION;
    const reconcileInterval = props.reconcileInterval ?? DEFAULT_RECONCILE_INTERVAL;
    const reconcileMs = reconcileInterval === 'off' ? undefined : spanMs(reconcileInterval);
    if (reconcileInterval !== 'off' && (reconcileMs === undefined || reconcileMs < 60_000)) {
      throw new Error(`reconcileInterval must be "off" or a span of at least 1m: ${reconcileInterval}`);
    }
    // Every function learns its stage: the `Stage` dimension of the metrics the dashboard and alarms read.
    const observability = { WIXFLOW_STAGE: stage };

    this.encryptionKey = encryptionKey(this, props);
    this.tables = new WixflowTables(this, 'Tables', { encryptionKey: this.encryptionKey });
    this.queues = new EventQueues(this, 'Queues', {
      maxReceives,
      consumerTimeout: CONSUMER_TIMEOUT,
      encryptionKey: this.encryptionKey,
    });
    this.secrets = new WixflowSecrets(this, 'Secrets', {
      appSecretArn: props.wixAppSecretArn,
      encryptionKey: this.encryptionKey,
    });
    const { events } = this.queues;
    const { connections, rules, runs } = this.tables;

    this.ingest = new WixflowFunction(this, 'Ingest', {
      entry: `${projectRoot}/functions/ingest/handler.ts`,
      projectRoot,
      serviceName: 'wixflow-ingest',
      description: 'Verifies Wix webhooks and queues them',
      memorySize: 256,
      timeout: INGEST_TIMEOUT,
      logRetention,
      // The public key verifies signatures; it is not a secret.
      environment: { ...observability, WIX_APP_PUBLIC_KEY: wixAppPublicKey },
    });
    // Ingest only ever puts verified events on the queue.
    events.grant(this.ingest, 'sqs:SendMessage');
    // Sending to a queue under a customer key: a data key for the message (SQS caches it for 5 minutes).
    this.encryptionKey?.grant(this.ingest, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.ingest.addEnvironment('EVENTS_QUEUE_URL', events.queueUrl);

    this.consumer = new WixflowFunction(this, 'Consumer', {
      entry: `${projectRoot}/functions/consumer/handler.ts`,
      projectRoot,
      serviceName: 'wixflow-consumer',
      description: 'Matches queued Wix events to rules and runs their actions',
      // It mostly waits on Wix and DynamoDB; memory buys CPU it hardly uses (docs/decisions/009).
      memorySize: 256,
      timeout: CONSUMER_TIMEOUT,
      logRetention,
      environment: {
        ...observability,
        WIX_API_BASE_URL: props.wixApiBaseUrl ?? DEFAULT_WIX_API_BASE_URL,
        WIX_APP_ID: wixAppId,
        WIXFLOW_WIX_RATE_LIMIT: String(DEFAULT_WIX_RATE_LIMIT_PER_MINUTE),
        WIXFLOW_RETRY_DELAY_S: String(DEFAULT_RETRY_DELAY_S),
        // The event log's and the run records' TTL (the tables' expiresAt).
        WIXFLOW_EVENT_RETENTION_DAYS: String(eventRetentionDays),
        // What http.request may call beyond public addresses (shared/wix/modules/outside-http.ts).
        WIXFLOW_HTTP_ALLOW_PRIVATE: String(props.httpAllowPrivate ?? false),
        // While on, the consumer claims each entity change (a webhook and its reconciled twin run once).
        WIXFLOW_RECONCILE_INTERVAL: reconcileInterval,
      },
    });
    this.consumer.addEventSource(
      new SqsEventSource(events, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
      }),
    );
    // Receive, delete and change visibility (to defer a retry) on the events queue; send only what wixflow
    // itself raises: failure alerts (wixflow.run.* events), back-fill and reconciled events, and the rest of a
    // back-fill job that ran out of time.
    events.grantConsumeMessages(this.consumer);
    events.grant(this.consumer, 'sqs:SendMessage');
    this.encryptionKey?.grant(this.consumer, 'kms:GenerateDataKey');
    this.consumer.addEnvironment('EVENTS_QUEUE_URL', events.queueUrl);

    this.consumer.useTable(connections, 'readWrite', 'CONNECTIONS_TABLE');
    // Rules are written by the CLI (`wixflow rules apply`), never by the consumer.
    this.consumer.useTable(rules, 'read', 'RULES_TABLE');
    this.consumer.useTable(this.tables.events, 'readWrite', 'EVENTS_TABLE');
    this.consumer.useTable(runs, 'readWrite', 'RUNS_TABLE');

    this.secrets.appSecret.grantRead(this.consumer);
    this.consumer.addEnvironment('WIX_APP_SECRET_ARN', this.secrets.appSecret.secretArn);
    this.secrets.grantConnectionSecrets(this.consumer);
    // `{{ secrets.NAME }}` in rules: read only; `wixflow secrets set` writes them with the operator's credentials.
    this.secrets.grantRuleSecretsRead(this.consumer);
    this.consumer.addEnvironment('WIXFLOW_SECRETS_PREFIX', this.secrets.prefix);
    this.useKeyForNewSecrets(this.consumer);
    acknowledgeRoleWildcards(this, this.consumer, [connections, runs], { ruleSecrets: true });

    if (reconcileMs !== undefined) {
      new ReconcileSchedule(this, 'Reconcile', {
        queue: events,
        intervalMinutes: Math.round(reconcileMs / 60_000),
      });
    }

    this.oauth = new WixflowFunction(this, 'OAuth', {
      entry: `${projectRoot}/functions/oauth/handler.ts`,
      projectRoot,
      serviceName: 'wixflow-oauth',
      description: 'Serves the Wix app install flow: /oauth/install and /oauth/callback',
      memorySize: 256,
      timeout: OAUTH_TIMEOUT,
      logRetention,
      environment: {
        ...observability,
        WIX_API_BASE_URL: props.wixApiBaseUrl ?? DEFAULT_WIX_API_BASE_URL,
        WIX_APP_ID: wixAppId,
        WIX_INSTALLER_URL: props.wixInstallerUrl ?? DEFAULT_WIX_INSTALLER_URL,
      },
    });
    // An install reads connections (by id, by instance) and creates or re-authorises one; it never deletes.
    this.oauth.useTable(
      connections,
      ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem'],
      'CONNECTIONS_TABLE',
    );
    this.secrets.appSecret.grantRead(this.oauth);
    this.oauth.addEnvironment('WIX_APP_SECRET_ARN', this.secrets.appSecret.secretArn);
    // The refresh token of each install is kept under the connections prefix.
    this.secrets.grantConnectionSecrets(this.oauth);
    this.oauth.addEnvironment('WIXFLOW_SECRETS_PREFIX', this.secrets.prefix);
    this.useKeyForNewSecrets(this.oauth);
    acknowledgeRoleWildcards(this, this.oauth, [connections]);

    this.automationsIngest = new WixflowFunction(this, 'AutomationsIngest', {
      entry: `${projectRoot}/functions/automations-ingest/handler.ts`,
      projectRoot,
      serviceName: 'wixflow-automations-ingest',
      description: "Checks the URL token of wixflow's Wix automations and queues what they post",
      memorySize: 256,
      timeout: INGEST_TIMEOUT,
      logRetention,
      environment: { ...observability },
    });
    events.grant(this.automationsIngest, 'sqs:SendMessage');
    this.encryptionKey?.grant(this.automationsIngest, 'kms:GenerateDataKey', 'kms:Decrypt');
    this.automationsIngest.addEnvironment('EVENTS_QUEUE_URL', events.queueUrl);
    // Token lookups only: one GetItem, and only on the token items of the events table (their key prefix),
    // a condition useTable's grants cannot carry.
    this.automationsIngest.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [this.tables.events.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${TOKEN_KEY_PREFIX}*`] },
        },
      }),
    );
    this.encryptionKey?.grant(this.automationsIngest, 'kms:Decrypt');
    this.automationsIngest.addEnvironment('AUTOMATION_TOKENS_TABLE', this.tables.events.tableName);

    this.webhookApi = new WebhookApi(this, 'WebhookApi', {
      ingest: this.ingest,
      oauth: this.oauth,
      automationsIngest: this.automationsIngest,
      rateLimit: props.apiRateLimit ?? DEFAULT_API_RATE_LIMIT,
      burstLimit: props.apiBurstLimit ?? DEFAULT_API_BURST_LIMIT,
      logRetention,
    });
    // Wix sends the browser back to <public URL>/oauth/callback; the function names that URL in each install.
    this.publicUrl = props.publicUrl ?? this.webhookApi.publicUrl;
    this.oauth.addEnvironment('WIXFLOW_PUBLIC_URL', this.publicUrl);
    this.monitoring = new WixflowMonitoring(this, 'Monitoring', {
      stage,
      events,
      deadLetters: this.queues.deadLetters,
      api: this.webhookApi.api,
      ingest: this.ingest,
      consumer: this.consumer,
      oauth: this.oauth,
      automationsIngest: this.automationsIngest,
      // Past maxReceives × visibility timeout an event should have succeeded or reached the DLQ.
      maxEventAge: Duration.seconds(maxReceives * this.queues.visibilityTimeout.toSeconds()),
      alarmEmail: props.alarmEmail,
    });

    stackOutputs(this);
  }

  /** With a customer key, the secrets a function creates at run time (refresh tokens) use it too. */
  private useKeyForNewSecrets(fn: WixflowFunction): void {
    if (this.encryptionKey) fn.addEnvironment('WIXFLOW_SECRETS_KMS_KEY_ARN', this.encryptionKey.keyArn);
  }

  /** Returns a placeholder for missing context, warns at synth and makes CloudFormation refuse the deploy. */
  private placeholder(contextKey: string, value: string): string {
    Annotations.of(this).addWarningV2(
      `wixflow:missing-${contextKey}`,
      `Context "${contextKey}" is not set; using "${value}". Synth works, deploy is refused: ` +
        `pass -c ${contextKey}=... (see infra/app.ts).`,
    );
    new CfnRule(this, `Require-${contextKey}`, {
      assertions: [
        {
          assert: Fn.conditionEquals(value, `configured ${contextKey}`),
          assertDescription: `Set the CDK context "${contextKey}" before deploying wixflow (see infra/app.ts).`,
        },
      ],
    });
    return value;
  }
}
