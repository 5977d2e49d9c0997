// The Lambda side of the cost run: imports the deployable ingest and consumer bundles (configured from the
// environment exactly as on AWS, their AWS endpoints pointed at the counting emulators) and feeds them webhooks
// as API Gateway and SQS's event source mapping would, timing every invocation. Writes its result as JSON to
// BENCH_RESULT_FILE; what the handlers log to stdout is counted (CloudWatch would ingest it) and dropped.
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { toRecord } from '#local/poller.ts';
import { type Counts, diffCounts } from './counting-proxy.ts';

const EVENT_SOURCE_ARN = 'arn:aws:sqs:us-east-1:123456789012:wixflow-events';

import { webhookEvent } from './webhook.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface InvocationTotals {
  invocations: number;
  /** Records handed to the consumer (its invocations are batches). */
  records: number;
  wallMs: number;
  cpuMs: number;
  failures: number;
}

export interface PhaseResult {
  name: string;
  events: number;
  ingest: InvocationTotals;
  consumer: InvocationTotals;
  logBytes: number;
  logLines: number;
  aws: Counts;
  wix: Record<string, number>;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`bench: ${name} is not set`);
  return value;
};

let logBytes = 0;
let logLines = 0;
process.stdout.write = ((chunk: string | Uint8Array) => {
  logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  logLines += 1;
  return true;
}) as typeof process.stdout.write;

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'wixflow-bench',
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 60_000,
};

const load = async (file: string): Promise<Handler> =>
  ((await import(pathToFileURL(file).href)) as { handler: Handler }).handler;
const ingest = await load(env('BENCH_INGEST_BUNDLE'));
const consumer = await load(env('BENCH_CONSUMER_BUNDLE'));
const bodies = JSON.parse(await readFile(env('BENCH_BODIES_FILE'), 'utf8')) as string[];
const controlUrl = env('BENCH_CONTROL_URL');
const queueUrl = env('EVENTS_QUEUE_URL');
// The event source mapping's own client (its requests are billed SQS requests too).
const esm = new SQSClient({});

const totals = (): InvocationTotals => ({ invocations: 0, records: 0, wallMs: 0, cpuMs: 0, failures: 0 });

async function timed<T>(into: InvocationTotals, call: () => Promise<T>): Promise<T> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    return await call();
  } finally {
    into.wallMs += performance.now() - start;
    const used = process.cpuUsage(cpu);
    into.cpuMs += (used.user + used.system) / 1000;
    into.invocations += 1;
  }
}

/** One poll of the event source mapping: receive up to 10, invoke the consumer, delete what succeeded. */
async function pollOnce(into: InvocationTotals): Promise<number> {
  const received = await esm.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      MessageSystemAttributeNames: ['All'],
    }),
  );
  const messages = received.Messages ?? [];
  if (messages.length === 0) return 0;
  const event: SQSEvent = { Records: messages.map((m) => toRecord(m, EVENT_SOURCE_ARN)) };
  into.records += messages.length;
  const result = (await timed(into, () => consumer(event, context))) as {
    batchItemFailures?: { itemIdentifier: string }[];
  };
  const failed = new Set((result.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  into.failures += failed.size;
  const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
  if (done.length > 0) {
    await esm.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
  return done.length;
}

async function deliver(into: InvocationTotals, body: string): Promise<void> {
  const answer = (await timed(into, () => ingest(webhookEvent(body), context))) as { statusCode?: number };
  if (answer.statusCode !== 200) into.failures += 1;
}

async function snapshot(): Promise<{ aws: Counts; wix: Record<string, number> }> {
  const response = await fetch(`${controlUrl}/counts`);
  return (await response.json()) as { aws: Counts; wix: Record<string, number> };
}

/**
 * `trickle`: each webhook is consumed before the next arrives (every consumer batch holds one event, as for a
 * shop whose events come seconds apart). `burst`: all webhooks first, then batches of up to 10.
 */
async function phase(
  name: string,
  batch: readonly string[],
  mode: 'trickle' | 'burst',
): Promise<PhaseResult> {
  const before = await snapshot();
  const linesBefore = logLines;
  const bytesBefore = logBytes;
  const ingestTotals = totals();
  const consumerTotals = totals();
  const deadline = performance.now() + 120_000;
  let consumed = 0;
  const drainTo = async (target: number) => {
    while (consumed < target && performance.now() < deadline) consumed += await pollOnce(consumerTotals);
  };
  if (mode === 'trickle') {
    for (const body of batch) {
      await deliver(ingestTotals, body);
      await drainTo(consumed + 1);
    }
  } else {
    for (const body of batch) await deliver(ingestTotals, body);
    await drainTo(batch.length);
  }
  const after = await snapshot();
  return {
    name,
    events: batch.length,
    ingest: ingestTotals,
    consumer: consumerTotals,
    logBytes: logBytes - bytesBefore,
    logLines: logLines - linesBefore,
    aws: diffCounts(after.aws, before.aws),
    wix: Object.fromEntries(
      Object.entries(after.wix)
        .map(([call, n]) => [call, n - (before.wix[call] ?? 0)] as const)
        .filter(([, n]) => n > 0),
    ),
  };
}

const warm = Number(env('BENCH_WARM'));
const trickle = Number(env('BENCH_TRICKLE'));
const results = [
  await phase('cold container (first events)', bodies.slice(0, warm), 'trickle'),
  await phase('trickle', bodies.slice(warm, warm + trickle), 'trickle'),
  await phase('burst', bodies.slice(warm + trickle), 'burst'),
];
esm.destroy();
await writeFile(env('BENCH_RESULT_FILE'), JSON.stringify(results));
process.exit(0);
