// Figure 4: sustained webhook intake and end-to-end events per second of the local stack, event-to-Wix-call
// latency, and a bare node:http server driven the same way on the same machine.
import { childEnv, startChild } from './support/child.ts';
import { type LoadResult, postAtRate, postInRounds, recordSandboxWebhooks } from './support/load.ts';
import {
  ADD_PRODUCTS_PATH,
  PRODUCT_CREATED,
  pollUntil,
  startLocalStackProcess,
} from './support/local-stack.ts';
import type { SandboxCall } from './support/local-stack-process.ts';
import { latencyPercentiles, type Summary, summarise } from './support/stats.ts';
import { peekEnvelope } from './support/webhook.ts';

const BARE_REPEAT = 5;
/** Intake (and the bare server) are driven in this many back-to-back rounds, for a median and a range. */
const ROUNDS = 4;

export interface LocalThroughputResult {
  concurrency: number;
  webhookBytes: number;
  /** `rps`: 2xx answers per second, median and range over the rounds. */
  intake: {
    sent: number;
    accepted: number;
    statuses: Record<string, number>;
    durationS: number;
    rps: Summary;
  };
  bare: { sent: number; ok: number; durationS: number; rps: Summary };
  e2e: { events: number; actedOn: number; durationS: number; eps: number };
  latency: {
    offeredRatePerS: number;
    events: number;
    actedOn: number;
    p50: number;
    p95: number;
    p99: number;
    /** The POST → 200 time of the same webhooks. */
    intakeP50: number;
    intakeP99: number;
  };
}

/** When the sandbox first answered 2xx to the rule's call for each product. */
function firstCallAt(calls: readonly SandboxCall[]): Map<string, number> {
  const at = new Map<string, number>();
  for (const call of calls) {
    if (call.method !== 'POST' || !ADD_PRODUCTS_PATH.test(call.path) || call.status >= 300) continue;
    for (const id of call.productIds) if (!at.has(id)) at.set(id, call.at);
  }
  return at;
}

const productIdOf = (body: string): string => String(peekEnvelope(body).data.productId);

/** Event → Wix-call times (ms) of the bodies that were sent and acted on. */
function e2eLatencies(bodies: readonly string[], load: LoadResult, actedAt: Map<string, number>): number[] {
  const out: number[] = [];
  bodies.forEach((body, i) => {
    const sent = load.sentAt[i];
    const acted = actedAt.get(productIdOf(body));
    if (sent !== undefined && acted !== undefined) out.push(acted - sent);
  });
  return out;
}

/**
 * Runs the local stack in its own process with the Wix limit out of the way, records `intakeCount + latencyCount`
 * signed Product Created webhooks from its sandbox, then: (1) POSTs `intakeCount` of them at fixed concurrency in
 * four back-to-back rounds (intake rps) and waits for every rule call (end-to-end eps); (2) sends the rest at half that e2e rate (latency);
 * (3) POSTs the same intake bodies (five rounds) to a bare node:http server in its own process.
 */
export async function measureLocalThroughput(options: {
  workDir: string;
  intakeCount: number;
  latencyCount: number;
  concurrency: number;
  maxPhaseMs: number;
}): Promise<LocalThroughputResult> {
  const stack = await startLocalStackProcess(options.workDir, { WIXFLOW_WIX_RATE_LIMIT: '1000000' });
  let intakeBodies: string[];
  let intake: LoadResult;
  let intakeRps: number[];
  let e2e: LocalThroughputResult['e2e'];
  let latency: LocalThroughputResult['latency'];
  try {
    const bodies = await recordSandboxWebhooks(
      stack.info.sandboxUrl,
      PRODUCT_CREATED,
      options.intakeCount + options.latencyCount,
    );
    intakeBodies = bodies.slice(0, options.intakeCount);
    const latencyBodies = bodies.slice(options.intakeCount);

    // (1) Intake at fixed concurrency; the consumer works through the queue meanwhile, as it would under a burst.
    const rounds = await postInRounds(stack.info.webhookUrl, intakeBodies, {
      rounds: ROUNDS,
      concurrency: options.concurrency,
      maxDurationMs: options.maxPhaseMs,
    });
    intake = rounds.merged;
    intakeRps = rounds.roundRps;
    const firstSent = Math.min(...intake.sentAt.filter((t): t is number => t !== undefined));
    const wanted = new Set(intakeBodies.filter((_, i) => intake.sentAt[i] !== undefined).map(productIdOf));
    let actedAt = new Map<string, number>();
    const countActed = () => [...wanted].filter((id) => actedAt.has(id)).length;
    await pollUntil(async () => {
      actedAt = firstCallAt(await stack.calls());
      return countActed() >= intake.ok;
    }, options.maxPhaseMs * 3);
    const acted = [...wanted].map((id) => actedAt.get(id)).filter((t): t is number => t !== undefined);
    const e2eSeconds = (Math.max(...acted) - firstSent) / 1000;
    e2e = { events: intake.ok, actedOn: acted.length, durationS: e2eSeconds, eps: acted.length / e2eSeconds };

    // (2) Latency at half the measured end-to-end capacity, so it measures the path and not a queue.
    const rate = Math.max(1, Math.min(200, Math.floor(e2e.eps / 2)));
    const sample = latencyBodies.slice(0, Math.max(20, Math.min(latencyBodies.length, rate * 10)));
    const paced = await postAtRate(stack.info.webhookUrl, sample, rate);
    const sampleIds = sample.map(productIdOf);
    await pollUntil(async () => {
      actedAt = firstCallAt(await stack.calls());
      return sampleIds.every((id) => actedAt.has(id));
    }, 30_000);
    const latencies = e2eLatencies(sample, paced, actedAt);
    const intakeLatency = latencyPercentiles(paced.latenciesMs);
    latency = {
      offeredRatePerS: rate,
      events: sample.length,
      actedOn: latencies.length,
      ...latencyPercentiles(latencies),
      intakeP50: intakeLatency.p50,
      intakeP99: intakeLatency.p99,
    };
  } finally {
    await stack.stop();
  }

  // (3) The bare server, driven like the intake phase with the stack stopped. It is ~10× faster, so it gets the
  // same bodies five times over to run long enough (well over a second) for a steady figure.
  const bareServer = await startChild<{ url: string }>('bench/support/bare-http-process.ts', childEnv({}));
  let bare: LoadResult;
  let bareRps: number[];
  try {
    const repeated = Array.from({ length: BARE_REPEAT }, () => intakeBodies).flat();
    const rounds = await postInRounds(bareServer.info.url, repeated, {
      rounds: ROUNDS,
      concurrency: options.concurrency,
      maxDurationMs: options.maxPhaseMs,
    });
    bare = rounds.merged;
    bareRps = rounds.roundRps;
  } finally {
    await bareServer.stop();
  }

  const sent = intake.sentAt.filter((t) => t !== undefined).length;
  return {
    concurrency: options.concurrency,
    webhookBytes: Buffer.byteLength(intakeBodies[0] ?? ''),
    intake: {
      sent,
      accepted: intake.ok,
      statuses: intake.statuses,
      durationS: intake.durationMs / 1000,
      rps: summarise(intakeRps),
    },
    bare: {
      sent: bare.sentAt.filter((t) => t !== undefined).length,
      ok: bare.ok,
      durationS: bare.durationMs / 1000,
      rps: summarise(bareRps),
    },
    e2e,
    latency,
  };
}
