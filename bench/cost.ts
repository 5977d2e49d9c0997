// Figure 5: dollars per million events on AWS, from counts measured per event (Lambda invocations and CPU, SQS
// requests, DynamoDB capacity units, Secrets Manager calls, Wix calls) at published us-east-1 prices.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCAL_TABLES } from '#local/tables.ts';
import {
  ALTERNATIVES,
  ASSUMED_LATENCY_MS,
  FULL_VCPU_MB,
  LAMBDA_MEMORY_MB,
  AWS_US_EAST_1 as P,
  PLATFORM_LOG_BYTES_PER_INVOCATION,
  PRICES_READ_ON,
} from './prices.ts';
import type { AwsLocalInfo } from './support/aws-local-process.ts';
import { childEnv, runChild, startChild } from './support/child.ts';
import type { Counts } from './support/counting-proxy.ts';
import type { InvocationTotals, PhaseResult } from './support/lambdas-process.ts';
import { recordSandboxWebhooks } from './support/load.ts';
import { PRODUCT_CREATED } from './support/local-stack.ts';

/** What one event costs, counted; all figures per event. */
export interface PerEvent {
  apiGatewayRequests: number;
  lambda: {
    ingestInvocations: number;
    consumerInvocations: number;
    /** Records per consumer batch. */
    batchSize: number;
    ingestCpuMs: number;
    consumerCpuMs: number;
    ingestBilledMs: number;
    consumerBilledMs: number;
    gbSeconds: number;
  };
  sqsRequests: Record<string, number>;
  sqsEmptyReceives: number;
  dynamodb: {
    requests: Record<string, number>;
    readUnits: number;
    /** Table write units as dynalite sizes them, a failed conditional write counted as one. */
    writeUnits: number;
    /** Write units by table (successful writes). */
    writeUnitsByTable: Record<string, number>;
    /**
     * Write units DynamoDB also bills for the copy in a global secondary index (runs' byRule, connections'
     * byInstanceId, both projecting every attribute): dynalite reports none, so they are counted from the
     * writes to those tables.
     */
    indexWriteUnits: number;
    conditionalFailures: number;
  };
  secretsManagerCalls: number;
  wixCalls: Record<string, number>;
  logBytes: number;
}

export interface CostBreakdown {
  apiGateway: number;
  lambdaRequests: number;
  lambdaDuration: number;
  sqs: number;
  dynamodb: number;
  secretsManager: number;
  total: number;
  /** Not in `total` (the issue's figure): CloudWatch Logs ingestion of the handlers' and Lambda's log lines. */
  cloudWatchLogs: number;
  /** Not in `total` either (dynalite does not report them): the index copies of `indexWriteUnits`. */
  dynamodbIndexWrites: number;
  /** `total` with the remote-call allowances left out: measured CPU only. */
  totalCpuOnly: number;
}

export interface CostScenario {
  name: string;
  events: number;
  perEvent: PerEvent;
  usdPerMillionEvents: CostBreakdown;
}

export interface CostResult {
  pricesReadOn: string;
  memoryMb: typeof LAMBDA_MEMORY_MB;
  assumedLatencyMs: typeof ASSUMED_LATENCY_MS;
  /** The headline scenario: events far enough apart that every consumer batch holds one. */
  headline: CostScenario;
  burst: CostScenario;
  coldContainer: { events: number; secretsManagerCalls: number; wixCalls: Record<string, number> };
  alternatives: typeof ALTERNATIVES;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const requestsOf = (counts: Counts, service: string): Record<string, number> =>
  Object.fromEntries(Object.entries(counts[service] ?? {}).map(([op, c]) => [op, c.requests]));

/** Milliseconds Lambda bills for an invocation that used `cpuMs` of a full core and waited on remote calls. */
function billedMs(
  totals: InvocationTotals,
  memoryMb: number,
  waitMsTotal: number,
  withWaits: boolean,
): number {
  if (totals.invocations === 0) return 0;
  const cpuScale = Math.max(1, FULL_VCPU_MB / memoryMb);
  const perInvocation = (totals.cpuMs * cpuScale + (withWaits ? waitMsTotal : 0)) / totals.invocations;
  return Math.max(1, Math.ceil(perInvocation));
}

/** Tables whose every write DynamoDB repeats in an index projecting all attributes (infra/constructs/tables.ts). */
const INDEXED_TABLES = [LOCAL_TABLES.runs, LOCAL_TABLES.connections];

function scenario(phase: PhaseResult): CostScenario {
  const n = phase.events;
  const sqs = phase.aws.sqs ?? {};
  const dynamo = phase.aws.dynamodb ?? {};
  const wixCalls = Object.entries(phase.wix).filter(([call]) => !call.includes('/_sandbox'));
  const wixTotal = sum(wixCalls.map(([, c]) => c));
  const secretsCalls = sum(Object.values(phase.aws.secretsmanager ?? {}).map((c) => c.requests));
  const dynamoRequests = sum(Object.values(dynamo).map((c) => c.requests));
  const conditionalFailures = sum(
    Object.values(dynamo).map((c) => c.errors.ConditionalCheckFailedException ?? 0),
  );
  // SendMessage happens inside ingest, ChangeMessageVisibility inside the consumer; receives and deletes are the
  // event source mapping's own (billed as SQS requests, not as Lambda time).
  const ingestWaits = (sqs.SendMessage?.requests ?? 0) * ASSUMED_LATENCY_MS.sqs;
  const consumerWaits =
    dynamoRequests * ASSUMED_LATENCY_MS.dynamodb +
    (sqs.ChangeMessageVisibility?.requests ?? 0) * ASSUMED_LATENCY_MS.sqs +
    secretsCalls * ASSUMED_LATENCY_MS.secretsManager +
    wixTotal * ASSUMED_LATENCY_MS.wix;

  const lambda = (withWaits: boolean) => {
    const ingestBilled = billedMs(phase.ingest, LAMBDA_MEMORY_MB.ingest, ingestWaits, withWaits);
    const consumerBilled = billedMs(phase.consumer, LAMBDA_MEMORY_MB.consumer, consumerWaits, withWaits);
    const gbSeconds =
      (phase.ingest.invocations * ingestBilled * (LAMBDA_MEMORY_MB.ingest / 1024) +
        phase.consumer.invocations * consumerBilled * (LAMBDA_MEMORY_MB.consumer / 1024)) /
      1000 /
      n;
    return { ingestBilled, consumerBilled, gbSeconds };
  };
  const withWaits = lambda(true);
  const cpuOnly = lambda(false);

  const sqsBilled = sum(Object.values(sqs).map((c) => c.requests - c.emptyReceives)) / n;
  const readUnits = sum(Object.values(dynamo).map((c) => c.readUnits)) / n;
  // A failed conditional write still consumes write capacity; the emulator reports none, so count one unit each.
  const writeUnits = (sum(Object.values(dynamo).map((c) => c.writeUnits)) + conditionalFailures) / n;
  const byTable = phase.aws['dynamodb:tables'] ?? {};
  const writeUnitsByTable = Object.fromEntries(
    Object.entries(byTable).map(([table, c]) => [table, c.writeUnits / n]),
  );
  const indexWriteUnits = sum(INDEXED_TABLES.map((table) => writeUnitsByTable[table] ?? 0));
  const invocations = (phase.ingest.invocations + phase.consumer.invocations) / n;
  const logBytes =
    (phase.logBytes +
      (phase.ingest.invocations + phase.consumer.invocations) * PLATFORM_LOG_BYTES_PER_INVOCATION) /
    n;

  const million = 1_000_000;
  const fixed = {
    apiGateway: P.httpApiPerMillionRequests,
    lambdaRequests: invocations * P.lambdaPerMillionRequests,
    sqs: sqsBilled * P.sqsPerMillionRequests,
    dynamodb: readUnits * P.dynamoPerMillionReadUnits + writeUnits * P.dynamoPerMillionWriteUnits,
    secretsManager: ((secretsCalls / n) * million * P.secretsManagerPer10kCalls) / 10_000,
  };
  const lambdaDuration = withWaits.gbSeconds * million * P.lambdaArmPerGbSecond;
  const fixedTotal = sum(Object.values(fixed));
  return {
    name: phase.name,
    events: n,
    perEvent: {
      apiGatewayRequests: 1,
      lambda: {
        ingestInvocations: phase.ingest.invocations / n,
        consumerInvocations: phase.consumer.invocations / n,
        batchSize: phase.consumer.invocations ? phase.consumer.records / phase.consumer.invocations : 0,
        ingestCpuMs: phase.ingest.cpuMs / Math.max(1, phase.ingest.invocations),
        consumerCpuMs: phase.consumer.cpuMs / Math.max(1, phase.consumer.invocations),
        ingestBilledMs: withWaits.ingestBilled,
        consumerBilledMs: withWaits.consumerBilled,
        gbSeconds: withWaits.gbSeconds,
      },
      sqsRequests: Object.fromEntries(
        Object.entries(requestsOf(phase.aws, 'sqs')).map(([op, c]) => [op, c / n]),
      ),
      sqsEmptyReceives: sum(Object.values(sqs).map((c) => c.emptyReceives)) / n,
      dynamodb: {
        requests: Object.fromEntries(
          Object.entries(requestsOf(phase.aws, 'dynamodb')).map(([op, c]) => [op, c / n]),
        ),
        readUnits,
        writeUnits,
        writeUnitsByTable,
        indexWriteUnits,
        conditionalFailures: conditionalFailures / n,
      },
      secretsManagerCalls: secretsCalls / n,
      wixCalls: Object.fromEntries(wixCalls.map(([call, c]) => [call, c / n])),
      logBytes,
    },
    usdPerMillionEvents: {
      ...fixed,
      lambdaDuration,
      total: fixedTotal + lambdaDuration,
      cloudWatchLogs: ((logBytes * million) / 1024 ** 3) * P.cloudWatchLogsPerGbIngested,
      dynamodbIndexWrites: indexWriteUnits * P.dynamoPerMillionWriteUnits,
      totalCpuOnly: fixedTotal + cpuOnly.gbSeconds * million * P.lambdaArmPerGbSecond,
    },
  };
}

/**
 * Runs the deployable bundles against counting emulators in separate processes: `warm` events on a cold
 * container, `trickle` events one at a time, then `burst` events at once; returns the model of each.
 */
export async function measureCost(options: {
  workDir: string;
  ingestBundle: string;
  consumerBundle: string;
  warm: number;
  trickle: number;
  burst: number;
}): Promise<CostResult> {
  const aws = await startChild<AwsLocalInfo>('bench/support/aws-local-process.ts', childEnv({}));
  let phases: PhaseResult[];
  try {
    const total = options.warm + options.trickle + options.burst;
    const bodies = await recordSandboxWebhooks(aws.info.sandbox.url, PRODUCT_CREATED, total);
    const bodiesFile = join(options.workDir, 'cost-webhooks.json');
    const resultFile = join(options.workDir, 'cost-result.json');
    await writeFile(bodiesFile, JSON.stringify(bodies));
    const t = aws.info.tables;
    await runChild(
      'bench/support/lambdas-process.ts',
      childEnv({
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_ENDPOINT_URL_DYNAMODB: aws.info.dynamodbUrl,
        AWS_ENDPOINT_URL_SQS: aws.info.sqsUrl,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.info.secretsManagerUrl,
        EVENTS_QUEUE_URL: aws.info.queueUrl,
        WIX_APP_PUBLIC_KEY: aws.info.sandbox.publicKeyPem,
        CONNECTIONS_TABLE: t.connections,
        RULES_TABLE: t.rules,
        RUNS_TABLE: t.runs,
        EVENTS_TABLE: t.events,
        WIX_API_BASE_URL: aws.info.sandbox.url,
        WIX_APP_ID: aws.info.sandbox.appId,
        WIX_APP_SECRET_ARN: aws.info.appSecretArn,
        WIXFLOW_SECRETS_PREFIX: 'wixflow/',
        WIXFLOW_STAGE: 'bench',
        // The deployment default (reconciliation hourly, so the consumer claims each entity change) unless
        // the bench is run with WIXFLOW_RECONCILE_INTERVAL=off to price a deployment without it.
        ...(process.env.WIXFLOW_RECONCILE_INTERVAL
          ? { WIXFLOW_RECONCILE_INTERVAL: process.env.WIXFLOW_RECONCILE_INTERVAL }
          : {}),
        // The limiter still takes its slot per call (and is counted); the limit itself must not slow the burst.
        WIXFLOW_WIX_RATE_LIMIT: '1000000',
        LOG_LEVEL: 'info',
        BENCH_INGEST_BUNDLE: options.ingestBundle,
        BENCH_CONSUMER_BUNDLE: options.consumerBundle,
        BENCH_BODIES_FILE: bodiesFile,
        BENCH_RESULT_FILE: resultFile,
        BENCH_CONTROL_URL: aws.info.controlUrl,
        BENCH_WARM: String(options.warm),
        BENCH_TRICKLE: String(options.trickle),
      }),
    );
    phases = JSON.parse(await readFile(resultFile, 'utf8')) as PhaseResult[];
  } finally {
    await aws.stop();
  }
  const [cold, trickle, burst] = phases;
  if (!cold || !trickle || !burst) throw new Error('bench: the cost run returned too few phases');
  for (const phase of phases) {
    const failures = phase.ingest.failures + phase.consumer.failures;
    const consumed = phase.consumer.records - phase.consumer.failures;
    if (failures > 0 || consumed < phase.events)
      throw new Error(
        `bench: cost phase "${phase.name}" had ${failures} failures, ${consumed}/${phase.events} consumed`,
      );
  }
  return {
    pricesReadOn: PRICES_READ_ON,
    memoryMb: LAMBDA_MEMORY_MB,
    assumedLatencyMs: ASSUMED_LATENCY_MS,
    headline: scenario(trickle),
    burst: scenario(burst),
    coldContainer: {
      events: cold.events,
      secretsManagerCalls: sum(Object.values(cold.aws.secretsmanager ?? {}).map((c) => c.requests)),
      wixCalls: cold.wix,
    },
    alternatives: ALTERNATIVES,
  };
}
