// Figure 2: cold-start import of the ingest bundle in a fresh Node process against importing the SQS client alone,
// the bundle sizes, and a cold process's first webhook (import + first invocation).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ORDER_WEBHOOK } from './ingest-cpu.ts';
import { type Bundle, bundleLikeLambda } from './support/bundle.ts';
import { type Summary, summarise } from './support/stats.ts';
import { signedFixtureWebhook } from './support/webhook.ts';

const run = promisify(execFile);

/** The Lambda sets NODE_OPTIONS=--enable-source-maps (lambda-defaults.ts); the bench imports the same way. */
const NODE_FLAGS = ['--enable-source-maps'];

/** Imports one bundle in the fresh process it runs in; with an event file, invokes its handler once too. */
const RUNNER = `
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [file, eventFile] = process.argv.slice(2);
const t0 = performance.now();
const mod = await import(pathToFileURL(file).href);
const importMs = performance.now() - t0;
let invokeMs;
let status;
if (eventFile) {
  const event = JSON.parse(readFileSync(eventFile, 'utf8'));
  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 5000 };
  const t1 = performance.now();
  const result = await mod.handler(event, context);
  invokeMs = performance.now() - t1;
  status = result.statusCode;
}
console.log(JSON.stringify({ importMs, invokeMs, status }));
`;

export interface ColdStartResult {
  bundles: Bundle[];
  nodeFlags: string[];
  importMs: { ingest: Summary; consumer: Summary; sqsClient: Summary };
  /** Per repetition: ingest import ÷ SQS client import, measured back to back. */
  coldStartRatio: Summary;
  consumerRatio: Summary;
  /** A cold process: importing the ingest bundle, then answering one webhook (SQS on a loopback stub). */
  firstWebhookMs: Summary;
}

/** A loopback stand-in for SQS's JSON protocol that accepts every SendMessage. */
async function startSqsStub(): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { MessageBody?: string };
      const md5 = createHash('md5')
        .update(input.MessageBody ?? '')
        .digest('hex');
      const body = JSON.stringify({ MessageId: 'bench', MD5OfMessageBody: md5 });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface RunnerOutput {
  importMs: number;
  invokeMs?: number;
  status?: number;
}

async function importInFreshProcess(
  runner: string,
  bundle: Bundle,
  env: NodeJS.ProcessEnv,
  eventFile?: string,
): Promise<RunnerOutput> {
  const args = [...NODE_FLAGS, runner, bundle.file, ...(eventFile ? [eventFile] : [])];
  const { stdout } = await run(process.execPath, args, { env, timeout: 30_000 });
  // The runner's JSON is the last line; a handler may log before it.
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as RunnerOutput;
}

/**
 * Bundles the two Lambdas and an SQS-client-only baseline into `workDir`, then imports each in `reps` fresh
 * processes (interleaved) and times one cold first webhook per repetition.
 */
export async function measureColdStart(options: { reps: number; workDir: string }): Promise<ColdStartResult> {
  const ingest = await bundleLikeLambda('ingest', 'functions/ingest/handler.ts', options.workDir);
  const consumer = await bundleLikeLambda('consumer', 'functions/consumer/handler.ts', options.workDir);
  // The baseline does what any SQS-writing Lambda does at init: import the client and construct it.
  const sqsClient = await bundleLikeLambda(
    'sqs-client',
    {
      contents:
        "import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';\n" +
        'export const sqs = new SQSClient({});\nexport { SendMessageCommand };\n',
    },
    options.workDir,
  );
  const runner = join(options.workDir, 'runner.mjs');
  await writeFile(runner, RUNNER);

  const { body, publicKey } = signedFixtureWebhook(ORDER_WEBHOOK);
  const eventFile = join(options.workDir, 'webhook-event.json');
  await writeFile(
    eventFile,
    JSON.stringify({
      version: '2.0',
      routeKey: 'POST /webhooks/wix',
      rawPath: '/webhooks/wix',
      rawQueryString: '',
      headers: { 'content-type': 'text/plain' },
      body,
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/webhooks/wix' }, timeEpoch: Date.now() },
    }),
  );
  const sqs = await startSqsStub();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_SQS: sqs.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    EVENTS_QUEUE_URL: `${sqs.url}/123456789012/wixflow-events`,
    WIX_APP_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    LOG_LEVEL: 'warn',
    CONNECTIONS_TABLE: 'connections',
    RULES_TABLE: 'rules',
    RUNS_TABLE: 'runs',
    EVENTS_TABLE: 'events',
    WIXFLOW_SECRETS_PREFIX: 'wixflow/',
    WIXFLOW_STAGE: 'bench',
    WIX_APP_ID: 'bench-app',
    WIX_APP_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:bench',
  };

  try {
    // One untimed round warms the page cache so every timed import reads from memory.
    await importInFreshProcess(runner, sqsClient, env);
    await importInFreshProcess(runner, ingest, env);
    await importInFreshProcess(runner, consumer, env);

    const times = { ingest: [] as number[], consumer: [] as number[], sqsClient: [] as number[] };
    const ratios: number[] = [];
    const consumerRatios: number[] = [];
    const firstWebhook: number[] = [];
    for (let rep = 0; rep < options.reps; rep++) {
      const order = rep % 2 === 0 ? ['sqs', 'ingest', 'consumer'] : ['consumer', 'ingest', 'sqs'];
      const got: Record<string, number> = {};
      for (const which of order) {
        const bundle = which === 'sqs' ? sqsClient : which === 'ingest' ? ingest : consumer;
        got[which] = (await importInFreshProcess(runner, bundle, env)).importMs;
      }
      const s = got.sqs ?? Number.NaN;
      const i = got.ingest ?? Number.NaN;
      const c = got.consumer ?? Number.NaN;
      times.sqsClient.push(s);
      times.ingest.push(i);
      times.consumer.push(c);
      ratios.push(i / s);
      consumerRatios.push(c / s);
      const cold = await importInFreshProcess(runner, ingest, env, eventFile);
      if (cold.status !== 200) throw new Error(`bench: the cold ingest bundle answered ${cold.status}`);
      firstWebhook.push(cold.importMs + (cold.invokeMs ?? 0));
    }
    return {
      bundles: [ingest, consumer, sqsClient],
      nodeFlags: NODE_FLAGS,
      importMs: {
        ingest: summarise(times.ingest),
        consumer: summarise(times.consumer),
        sqsClient: summarise(times.sqsClient),
      },
      coldStartRatio: summarise(ratios),
      consumerRatio: summarise(consumerRatios),
      firstWebhookMs: summarise(firstWebhook),
    };
  } finally {
    await sqs.stop();
  }
}
