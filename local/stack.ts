import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { currentStamp } from '#cli/build-stamp.ts';
import { runCli } from '#cli/main.ts';
import { composeAutomationsIngest } from '#functions/automations-ingest/compose.ts';
import { createConsumerHandler } from '#functions/consumer/app.ts';
import { composeConsumer, composeReconcile } from '#functions/consumer/compose.ts';
import { createIngestHandler } from '#functions/ingest/app.ts';
import { composeIngest } from '#functions/ingest/compose.ts';
import { createOAuthHandler } from '#functions/oauth/app.ts';
import { composeOAuth } from '#functions/oauth/compose.ts';
import { INSTALLER_PATH } from '#sandbox/routes/oauth.ts';
import { DEFAULT_SANDBOX_CATALOG, startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { AUTOMATION_ROUTE_KEY } from '#shared/automations/automation-tokens.ts';
import type { LocalConfig } from '#shared/config.ts';
import { type Logger, redactLogFields } from '#shared/log.ts';
import { CALLBACK_PATH, INSTALL_PATH } from '#shared/oauth/install-flow.ts';
import { createMetrics, type Metrics } from '#shared/observability/metrics.ts';
import type { SweepResult } from '#shared/reconcile/sweep.ts';
import { FileSecretStore } from '#shared/secrets/file-secret-store.ts';
import { createDynamoClient } from '#shared/store/dynamo-client.ts';
import { createOutsideHttp } from '#shared/wix/modules/outside-http.ts';
import { importWixPublicKey } from '#shared/wix/webhook/verify.ts';
import { startCliServer } from './cli-server.ts';
import { installDemo } from './demo.ts';
import { startDynalite, startQueues } from './emulators.ts';
import { readRunningEndpoints, removeEndpoints, writeEndpoints } from './endpoints.ts';
import { startHttpServer } from './http-server.ts';
import { createLocalLogger } from './local-logger.ts';
import { startPoller } from './poller.ts';
import { type LocalStores, openLocalStores } from './stores.ts';

/**
 * The build stamp of the sources this process runs, hashed once, when its first stack starts (the code it runs was
 * loaded from them then): the stack serves the CLI built from these sources (cli/build-stamp.ts).
 */
let sourcesStamp: ReturnType<typeof currentStamp> | undefined;

/** What `http.request` may call on the local stack beyond public addresses (link-local stays refused). */
export const LOCAL_ADDRESS_OPT_IN = { loopback: true, private: true } as const;

/** The secret store name of the Wix app secret on the local stack. */
export const LOCAL_APP_SECRET_ID = 'wix-app-secret';

export interface LocalStack {
  apiUrl: string;
  webhookUrl: string;
  dataDir: string;
  sandbox: WixSandbox | undefined;
  demo: { connection: boolean; rule: boolean } | undefined;
  log: Logger;
  stores: LocalStores;
  /** One reconciliation sweep now (what the timer runs), when reconciliation is on; `now` for tests. */
  sweep: ((options?: { now?: Date }) => Promise<SweepResult[]>) | undefined;
  /**
   * Where the stack runs `wixflow` commands (local/cli-server.ts), and whether dist/ was built from the sources it
   * runs (only then does `npx wixflow` use it); undefined when dist/ holds no build stamp.
   */
  cli: { url: string; servesDist: boolean; commandsRun(): number } | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Where tidy progress lines go (the terminal of `npm start`). */
  print?: (line: string) => void;
}

/**
 * Starts the whole local stack on one machine: dynalite, fauxqs (queue + DLQ), the HTTP routes, the SQS poller
 * feeding the consumer, and — with no Wix app configured — the Wix sandbox with a demo connection and rule.
 */
export async function startLocalStack(config: LocalConfig, options: StartOptions = {}): Promise<LocalStack> {
  const print = options.print ?? (() => undefined);
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const running = await readRunningEndpoints(dataDir);
  if (running) {
    throw new Error(
      `a local stack already runs on ${dataDir} (pid ${running.pid}, ${running.apiUrl}); stop it first`,
    );
  }
  const log = createLocalLogger({ level: config.logLevel, logFile: join(dataDir, 'wixflow.log'), print });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  try {
    const dynamo = await startDynalite({ path: join(dataDir, 'dynamodb') });
    stops.push(dynamo.stop);
    const stores = await openLocalStores(dynamo.endpoint, { eventRetentionDays: config.eventRetentionDays });
    stops.push(async () => stores.destroy());
    const queues = await startQueues({
      maxReceives: config.maxReceives,
      visibilityTimeoutS: config.retryDelaySeconds,
      dataDir: join(dataDir, 'sqs'),
      legacySnapshotFile: join(dataDir, 'queued-messages.json'),
    });
    stops.push(queues.stop);
    const secrets = new FileSecretStore(join(dataDir, 'secrets.json'));

    let sandbox: WixSandbox | undefined;
    let publicKeyPem: string;
    let appId: string | undefined;
    let baseUrl = config.wixApiBaseUrl;
    if (config.app) {
      appId = config.app.appId;
      publicKeyPem = config.app.publicKeyPem;
      if (config.app.appSecret) await secrets.put(LOCAL_APP_SECRET_ID, config.app.appSecret);
    } else {
      sandbox = await startWixSandbox({
        dataDir: join(dataDir, 'sandbox'),
        catalog: config.sandboxCatalog ?? DEFAULT_SANDBOX_CATALOG,
        rateLimitPerMinute: config.rateLimitPerMinute,
        onRequest: (r) =>
          print(`  → Wix sandbox received ${r.method} ${r.path} → ${r.status}${bodyHint(r.body)}`),
      });
      stops.push(() => sandbox?.stop() ?? Promise.resolve());
      appId = sandbox.appId;
      publicKeyPem = sandbox.publicKeyPem;
      baseUrl = sandbox.url;
      await secrets.put(LOCAL_APP_SECRET_ID, sandbox.appSecret);
    }
    const demo = sandbox ? await installDemo(stores, sandbox.instanceId, sandbox.catalog) : undefined;

    const ingest = createIngestHandler(
      composeIngest(
        { sqs: queues.sqs },
        { queueUrl: queues.queueUrl, publicKey: importWixPublicKey(publicKeyPem) },
        { log, metrics: localMetrics(log) },
      ),
    );
    // The automations intake: a function of its own on AWS, composed by its own root (docs/decisions/013).
    const automationsDb = createDynamoClient({ endpoint: dynamo.endpoint });
    stops.push(async () => automationsDb.destroy());
    const automationsIngest = createIngestHandler(
      composeAutomationsIngest(
        { sqs: queues.sqs, dynamodb: automationsDb },
        { queueUrl: queues.queueUrl, tokensTable: stores.tables.events },
        { log, metrics: localMetrics(log) },
      ),
    );
    const http = await startHttpServer(ingest, { port: config.port });
    http.route(AUTOMATION_ROUTE_KEY, automationsIngest);
    stops.push(http.stop);
    // Without a stored secret the app is not configured (as on AWS without WIX_APP_SECRET_ARN).
    const appSecretId =
      (await secrets.get(LOCAL_APP_SECRET_ID)) === undefined ? undefined : LOCAL_APP_SECRET_ID;
    // The install routes, as API Gateway routes them to the oauth function on AWS.
    const oauth = createOAuthHandler(
      composeOAuth(
        { db: stores.db, secrets },
        {
          connectionsTable: stores.tables.connections,
          wixApiBaseUrl: baseUrl,
          appId,
          appSecretId,
          secretsPrefix: '',
          publicUrl: config.publicUrl ?? http.url,
          installerUrl: sandbox ? `${sandbox.url}${INSTALLER_PATH}` : config.installerUrl,
        },
        { log },
      ),
    );
    for (const path of [INSTALL_PATH, CALLBACK_PATH]) http.route(`GET ${path}`, oauth);

    const consumerClients = {
      db: stores.db,
      sqs: queues.sqs,
      secrets,
      freshSecrets: secrets,
      // The sandbox and the services next to it live on this machine or its network, unlike on Lambda.
      http: createOutsideHttp({ allow: LOCAL_ADDRESS_OPT_IN }),
    };
    const consumerSettings = {
      tables: stores.tables,
      queueUrl: queues.queueUrl,
      wixApiBaseUrl: baseUrl,
      appId,
      appSecretId,
      secretsPrefix: '',
      rateLimitPerMinute: config.rateLimitPerMinute,
      retryDelaySeconds: config.retryDelaySeconds,
      eventRetentionDays: config.eventRetentionDays,
      reconcileIntervalMs: config.reconcileIntervalMs,
    };
    const observers = { log, metrics: localMetrics(log) };
    const consumer = createConsumerHandler(composeConsumer(consumerClients, consumerSettings, observers));
    const poller = startPoller({
      sqs: queues.sqs,
      queueUrl: queues.queueUrl,
      handler: consumer,
      concurrency: 4,
      onError: (error) => log.error('poller failed to receive', { error }),
    });
    stops.push(poller.stop);
    let sweep: LocalStack['sweep'];
    if (config.reconcileIntervalMs !== undefined) {
      // The local stand-in for the scheduled reconcile function on AWS; the first sweep sets the watermarks.
      sweep = composeReconcile(consumerClients, consumerSettings, observers).sweep;
      const timer = startTimer(config.reconcileIntervalMs, () => sweep?.() ?? Promise.resolve(), log);
      stops.push(timer.stop);
    }

    // Last started, first stopped: commands in progress finish on the stores before those close.
    sourcesStamp ??= currentStamp();
    const stamp = await sourcesStamp;
    const cliServer = stamp?.current
      ? await startCliServer({ dataDir, build: stamp.current, run: runCli, log })
      : undefined;
    if (cliServer) stops.push(cliServer.stop);

    const webhookUrl = `${http.url}/webhooks/wix`;
    await writeEndpoints(dataDir, {
      pid: process.pid,
      apiUrl: http.url,
      webhookUrl,
      wixApiBaseUrl: baseUrl,
      ...(appId ? { appId } : {}),
      publicUrl: config.publicUrl ?? http.url,
      dynamodb: dynamo.endpoint,
      sqs: { endpoint: queues.endpoint, queueUrl: queues.queueUrl, dlqUrl: queues.dlqUrl },
      ...(sandbox
        ? {
            sandbox: {
              url: sandbox.url,
              instanceId: sandbox.instanceId,
              appId: sandbox.appId,
              catalogVersion: sandbox.catalog,
            },
          }
        : {}),
      startedAt: new Date().toISOString(),
      ...(cliServer ? { cli: { url: cliServer.url, token: cliServer.token, build: cliServer.build } } : {}),
    });
    stops.unshift(() => removeEndpoints(dataDir));

    const cli = cliServer && {
      url: cliServer.url,
      servesDist: stamp?.current === stamp?.built,
      commandsRun: cliServer.commandsRun,
    };
    return { apiUrl: http.url, webhookUrl, dataDir, sandbox, demo, log, stores, sweep, cli, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Runs `work` now and then every `intervalMs`, never two at once; `stop` waits for a run in progress. The
 * timer does not keep the process alive.
 */
function startTimer(intervalMs: number, work: () => Promise<unknown>, log: Logger) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = work()
      .catch((error: unknown) => log.warn('reconciliation sweep failed', { error }))
      .finally(() => {
        busy = false;
      });
  };
  tick();
  const handle = setInterval(tick, intervalMs);
  handle.unref();
  return {
    stop: async () => {
      clearInterval(handle);
      await running;
    },
  };
}

/** Metrics as EMF documents in the local log file, where CloudWatch Logs would find them on AWS. */
const localMetrics = (log: Logger): Metrics => createMetrics(log, { dimensions: { Stage: 'local' } });

function bodyHint(body: unknown): string {
  if (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0))
    return '';
  const text = JSON.stringify(redactLogFields(body));
  return ` ${text.length > 120 ? `${text.slice(0, 119)}…` : text}`;
}
