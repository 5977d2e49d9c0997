// Figure 3: a burst of events for one site through the local stack, against the sandbox enforcing a per-minute
// limit that wixflow is configured with too: achieved Wix calls per minute ÷ the limit, and 429-failed steps.

import { busiestWindow } from '../test/support/windows.ts';
import { postClosedLoop, recordSandboxWebhooks } from './support/load.ts';
import {
  ADD_PRODUCTS_PATH,
  PRODUCT_CREATED,
  pollUntil,
  startLocalStackProcess,
} from './support/local-stack.ts';
import type { SandboxCall } from './support/local-stack-process.ts';

export interface RateLimitResult {
  limitPerMinute: number;
  burstEvents: number;
  accepted: number;
  /** Events whose rule call Wix answered 2xx before the deadline. */
  completed: number;
  timedOut: boolean;
  /** Successful API calls (token requests excluded: Wix does not count them against the site). */
  apiCalls: number;
  sandbox429s: number;
  /** Run attempts that ended with a step failed on Wix's 429 (retried or not), from the stack's log. */
  failedSteps429: number;
  /** Final state of the run records. */
  runs: Record<string, number>;
  durationS: number;
  callsPerMinute: number;
  utilisation: number;
  /** Most calls (429s included) reaching the sandbox in any sliding one-second window. */
  maxCallsInOneSecond: number;
  /** One second's share of the limit (limit ÷ 60). */
  oneSecondShare: number;
  /** Most calls (429s included) reaching the sandbox in any sliding minute, beside the limit. */
  maxCallsInOneMinute: number;
}

const isApiCall = (call: SandboxCall) => !call.path.startsWith('/oauth');

/**
 * Sets one per-minute limit for the sandbox and for wixflow (WIXFLOW_WIX_RATE_LIMIT sets both on the local stack),
 * sends a burst of `burstFactor × limit` Product Created webhooks for the demo site at once, and waits until every
 * rule call went through or `deadlineS` passed.
 */
export async function measureRateLimit(options: {
  workDir: string;
  limitPerMinute: number;
  burstFactor: number;
  deadlineS: number;
}): Promise<RateLimitResult> {
  const limit = options.limitPerMinute;
  const stack = await startLocalStackProcess(options.workDir, {
    WIXFLOW_WIX_RATE_LIMIT: String(limit),
    // A 429-failed step comes back after the visibility timeout; keep it short so the run ends in time either way.
    WIXFLOW_RETRY_DELAY_S: '5',
  });
  try {
    const burst = Math.ceil(limit * options.burstFactor);
    const bodies = await recordSandboxWebhooks(stack.info.sandboxUrl, PRODUCT_CREATED, burst);
    const before = (await stack.calls()).length;

    const load = await postClosedLoop(stack.info.webhookUrl, bodies, {
      concurrency: 16,
      maxDurationMs: 60_000,
    });
    const burstStart = Math.min(...load.sentAt.filter((t): t is number => t !== undefined));

    const completedIds = new Set<string>();
    let calls: SandboxCall[] = [];
    const finished = await pollUntil(
      async () => {
        calls = (await stack.calls()).slice(before);
        for (const call of calls)
          if (call.method === 'POST' && ADD_PRODUCTS_PATH.test(call.path) && call.status < 300)
            for (const id of call.productIds) completedIds.add(id);
        return completedIds.size >= load.ok;
      },
      options.deadlineS * 1000,
      500,
    );

    const ok = calls.filter((c) => isApiCall(c) && c.status < 400);
    const times = ok.map((c) => c.at).sort((a, b) => a - b);
    const last = times[times.length - 1] ?? burstStart;
    const durationS = Math.max(0.001, (last - burstStart) / 1000);
    const callsPerMinute = (ok.length / durationS) * 60;

    // Pacing is judged on every request that reached the sandbox, refused ones too.
    const sent = calls
      .filter(isApiCall)
      .map((c) => c.at)
      .sort((a, b) => a - b);
    const byStatus: Record<string, number> = {};
    for (const run of await stack.runs()) byStatus[run.status] = (byStatus[run.status] ?? 0) + 1;
    const attempts = await stack.attempts();
    return {
      limitPerMinute: limit,
      burstEvents: burst,
      accepted: load.ok,
      completed: completedIds.size,
      timedOut: !finished,
      apiCalls: ok.length,
      sandbox429s: calls.filter((c) => isApiCall(c) && c.status === 429).length,
      failedSteps429: attempts.byErrorStatus['429'] ?? 0,
      runs: byStatus,
      durationS,
      callsPerMinute,
      utilisation: callsPerMinute / limit,
      maxCallsInOneSecond: busiestWindow(sent, 1000),
      oneSecondShare: limit / 60,
      maxCallsInOneMinute: busiestWindow(sent, 60_000),
    };
  } finally {
    await stack.stop();
  }
}
