// The AWS side of the cost run, in its own process so the Lambda handlers' CPU is measured alone: dynalite and
// fauxqs behind counting proxies, a Secrets Manager stand-in, and the Wix sandbox with the demo connection and rule.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installDemo } from '#local/demo.ts';
import { startDynalite, startQueues } from '#local/emulators.ts';
import { openLocalStores } from '#local/stores.ts';
import { LOCAL_TABLES } from '#local/tables.ts';
import { startWixSandbox } from '#sandbox/server.ts';
import { stopOnParentExit } from './child.ts';
import { type Counts, startCountingProxy } from './counting-proxy.ts';

export interface AwsLocalInfo {
  dynamodbUrl: string;
  sqsUrl: string;
  secretsManagerUrl: string;
  queueUrl: string;
  tables: typeof LOCAL_TABLES;
  appSecretArn: string;
  sandbox: { url: string; appId: string; instanceId: string; publicKeyPem: string };
  /** GET /counts: Counts so far, plus `wix` (sandbox API calls by path). */
  controlUrl: string;
}

const APP_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:wixflow-app-secret-bench';

const counts: Counts = {};
const dynamo = await startDynalite();
const stores = await openLocalStores(dynamo.endpoint);
const queues = await startQueues({ maxReceives: 5, visibilityTimeoutS: 30 });
// Catalog V1, whose ProductCreated the cost figures have always been measured on (bench/cost.ts emits it): on a
// V3 site the sandbox sends the V3 event as well, which would count two events per event.
const sandbox = await startWixSandbox({ rateLimitPerMinute: 1_000_000, catalog: 'V1_CATALOG' });
await installDemo(stores, sandbox.instanceId, sandbox.catalog);
const dynamoProxy = await startCountingProxy('dynamodb', dynamo.endpoint, counts);
const sqsProxy = await startCountingProxy('sqs', queues.endpoint, counts);

/** Secrets Manager's GetSecretValue (JSON 1.1) for the app secret, counted like the proxies count. */
const secretsManager = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    const service = counts.secretsmanager ?? {};
    counts.secretsmanager = service;
    const count = service[operation] ?? {
      requests: 0,
      errors: {},
      readUnits: 0,
      writeUnits: 0,
      messages: 0,
      emptyReceives: 0,
    };
    service[operation] = count;
    count.requests += 1;
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
    const found = operation === 'GetSecretValue' && input.SecretId === APP_SECRET_ARN;
    const body = found
      ? { ARN: APP_SECRET_ARN, Name: 'wixflow-app-secret', SecretString: sandbox.appSecret, VersionId: 'v1' }
      : { __type: 'ResourceNotFoundException', message: 'no such secret' };
    res
      .writeHead(found ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' })
      .end(JSON.stringify(body));
  });
});
await new Promise<void>((resolve) => secretsManager.listen(0, '127.0.0.1', resolve));

const control = createServer((req, res) => {
  if (req.url === '/counts') {
    const wix: Record<string, number> = {};
    for (const r of sandbox.requests) {
      const key = `${r.method} ${r.path.replace(/\/[0-9a-f-]{36}(?=\/|$)/g, '/{id}')} ${r.status}`;
      wix[key] = (wix[key] ?? 0) + 1;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ aws: counts, wix }));
    return;
  }
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));

stopOnParentExit(async () => {
  for (const server of [control, secretsManager]) {
    server.closeAllConnections();
    server.close();
  }
  await dynamoProxy.stop();
  await sqsProxy.stop();
  await sandbox.stop();
  await queues.stop();
  stores.destroy();
  await dynamo.stop();
});

const info: AwsLocalInfo = {
  dynamodbUrl: dynamoProxy.url,
  sqsUrl: sqsProxy.url,
  secretsManagerUrl: `http://127.0.0.1:${(secretsManager.address() as AddressInfo).port}`,
  queueUrl: queues.queueUrl,
  tables: LOCAL_TABLES,
  appSecretArn: APP_SECRET_ARN,
  sandbox: {
    url: sandbox.url,
    appId: sandbox.appId,
    instanceId: sandbox.instanceId,
    publicKeyPem: sandbox.publicKeyPem,
  },
  controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
};
process.stdout.write(`${JSON.stringify(info)}\n`);
