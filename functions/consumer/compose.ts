import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsumerConfig } from '#shared/config.ts';
import { createRunAlerts } from '#shared/consumer/run-alerts.ts';
import { RUN_LEASE_MS } from '#shared/defaults.ts';
import type { Logger } from '#shared/log.ts';
import { METRIC, type Metrics } from '#shared/observability/metrics.ts';
import { meteredRateLimiter, meteredSleep } from '#shared/observability/rate-limit-metrics.ts';
import { SqsEventQueue } from '#shared/queue/event-queue.ts';
import { sweepAll } from '#shared/reconcile/sweep.ts';
import type { StoredRule } from '#shared/rules/rule-schema.ts';
import { ruleSecretId } from '#shared/secrets/rule-secrets.ts';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import type { Connection, ConnectionStore } from '#shared/store/connections.ts';
import { openStores } from '#shared/store/open-stores.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { wixClientFor } from '#shared/wix/client/connection-client.ts';
import { DynamoRateLimiter } from '#shared/wix/client/rate-limiter.ts';
import type { WixApi, WixCall } from '#shared/wix/client/wix-http-client.ts';
import { CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import type { OutsideHttp } from '#shared/wix/modules/outside-http.ts';
import type { ConsumerDeps } from './app.ts';

/** The clients the consumer runs on: AWS's in the Lambda, dynalite's, fauxqs's and a file's locally. */
export interface ConsumerClients {
  db: DynamoDBDocumentClient;
  sqs: SQSClient;
  /** Cached reads: the app secret, API keys and rule secrets. */
  secrets: SecretStore;
  /** Uncached reads: refresh tokens, which another consumer may have rotated a moment ago. */
  freshSecrets: SecretStore;
  /** `http.request`'s client (on Lambda it refuses loopback: 127.0.0.1 is the Lambda Runtime API there). */
  http: OutsideHttp;
}

/** What the consumer's deps are built from: its configuration less what the caller uses to build clients and logs. */
export type ConsumerSettings = Omit<
  ConsumerConfig,
  'logLevel' | 'stage' | 'secretsKmsKeyArn' | 'httpAllowPrivate'
>;

/** The consumer's Wix side, shared with the reconciliation sweep: the stores, and a Wix client per connection. */
function siteClients(clients: ConsumerClients, config: ConsumerSettings, { log, metrics }: Observers) {
  const { secrets, freshSecrets } = clients;
  const stores = openStores(clients.db, config.tables, config.eventRetentionDays);
  const app = appCredentials(config.appId, config.appSecretId, secrets);
  // One budget per site shared by every consumer (DynamoDB counters in the events table).
  const limiter = meteredRateLimiter(
    new DynamoRateLimiter(clients.db, config.tables.events, {
      perMinute: config.rateLimitPerMinute,
      sleep: meteredSleep(metrics),
    }),
    metrics,
  );
  const wixFor = (connection: Connection, onCall: (call: WixCall) => void = () => undefined) =>
    wixClientFor(connection, {
      baseUrl: config.wixApiBaseUrl,
      app,
      secrets,
      freshSecrets,
      connections: stores.connections,
      log,
      onCall,
      // Every attempt takes a slot of the site's budget.
      beforeSend: () => limiter.acquire(connection.instanceId),
    });
  // One cache per process: a site's catalog version never changes (rules, back-fill and sweeps share it).
  const catalogVersions = new CatalogVersions();
  const catalogOf = (connection: Connection, wix: WixApi) => catalogVersions.of({ wix, connection });
  const queue = new SqsEventQueue(clients.sqs, config.queueUrl);
  return { stores, app, wixFor, catalogVersions, catalogOf, queue };
}

/** Where the consumer logs and counts, and how failure alerts name the CLI command that inspects a run. */
export interface Observers {
  log: Logger;
  metrics: Metrics;
  /** How the CLI reaches this deployment, e.g. `wixflow --stack Wixflow-prod`. @default `wixflow` */
  cli?: string;
}

/** The active connections a rule runs for: its own, or every active one for `connection: '*'`. */
const connectionsOf = (connections: ConnectionStore) => async (rule: StoredRule) =>
  (await connections.list()).filter(
    (c) => c.status === 'active' && (rule.connection === '*' || rule.connection === c.id),
  );

/**
 * The consumer's one composition root: the Lambda handler calls it with AWS clients, the local stack with
 * its own, so both build the same stores, rate limiter, secret lookups, run lease and retention; what may
 * differ between them (the outside-HTTP client, where metrics go) is a client or option the caller passes.
 */
export function composeConsumer(
  clients: ConsumerClients,
  config: ConsumerSettings,
  observers: Observers,
): ConsumerDeps {
  const { log, metrics } = observers;
  const { stores, app, wixFor, catalogVersions, catalogOf, queue } = siteClients(clients, config, observers);
  return {
    connections: stores.connections,
    ruleStore: stores.rules,
    runs: stores.runs,
    events: stores.events,
    wixFor,
    // `{{ secrets.NAME }}` in rules: read through the cached store (a warm container asks once per 5 min).
    ruleSecret: (name) => clients.secrets.get(ruleSecretId(config.secretsPrefix, name)),
    http: clients.http,
    backoff: { sqs: clients.sqs, queueUrl: config.queueUrl, baseDelayS: config.retryDelaySeconds },
    // Failure alerts (wixflow.run.* events) go through the events queue, as Wix's events do.
    alerts: createRunAlerts({
      queue,
      runs: stores.runs,
      log,
      onOutcome: (outcome) => metrics.count(METRIC.runAlerts, 1, { Outcome: outcome }),
      ...(observers.cli === undefined ? {} : { cli: observers.cli }),
    }),
    appConfigured: app !== undefined && config.appSecretId !== undefined,
    log,
    metrics,
    catalogVersions,
    leaseMs: RUN_LEASE_MS,
    // Run records are kept as long as the event log keeps their events (DynamoDB TTL on expiresAt).
    retentionDays: config.eventRetentionDays,
    // While reconciliation sweeps, each entity change is claimed so a webhook and its reconciled twin run once.
    claimChanges: config.reconcileIntervalMs !== undefined,
    // The schedule's `{reconcileSweep: {}}` message on AWS (the local stack runs sweeps on a timer instead).
    ...(config.reconcileIntervalMs === undefined
      ? {}
      : { sweep: composeReconcile(clients, config, observers).sweep }),
    backfill: {
      connectionsFor: connectionsOf(stores.connections),
      wixFor: (connection) => wixFor(connection),
      catalogOf,
      queue,
      continueJob: (job) => queue.sendJob(job),
      events: stores.events,
      jobs: stores.jobs,
    },
  };
}

/**
 * The reconciliation sweep's composition root (the scheduled function on AWS, a timer in the local stack):
 * one `sweep()` over every active connection, with the consumer's Wix clients and rate limiter.
 */
export function composeReconcile(clients: ConsumerClients, config: ConsumerSettings, observers: Observers) {
  const { stores, wixFor, catalogOf, queue } = siteClients(clients, config, observers);
  return {
    sweep: (options: { now?: Date } = {}) =>
      sweepAll({
        connections: stores.connections,
        rules: stores.rules,
        wixFor: (connection) => wixFor(connection),
        catalogOf,
        queue,
        events: stores.events,
        watermarks: stores.watermarks,
        log: observers.log,
        metrics: observers.metrics,
        ...(options.now ? { now: () => options.now as Date } : {}),
      }),
  };
}
