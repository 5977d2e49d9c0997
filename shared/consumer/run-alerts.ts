import { createHash } from 'node:crypto';
import type { Logger } from '#shared/log.ts';
import type { EventQueue } from '#shared/queue/event-queue.ts';
import { RetryableRunError } from '#shared/rules/run-rule.ts';
import type { Run, RunStore } from '#shared/store/runs.ts';
import {
  BuiltinTriggerCatalog,
  type BuiltinTriggerName,
  builtinTriggerForEventType,
} from '#shared/triggers/catalog.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';

/** The built-in trigger each alerting run status fires. */
const ALERT_TRIGGERS: Partial<Record<Run['status'], BuiltinTriggerName>> = {
  failed: 'wixflow.run.failed',
  'needs-attention': 'wixflow.run.needsAttention',
};

/** The pause after each failed attempt to queue an alert (the last entry: none, it gives up). */
const ALERT_PAUSES_MS = [100, 500, 0];

/** Above this many characters of JSON the succeeded steps' inputs and outputs are left out (SQS takes 256 KiB). */
const MAX_ENTITY_CHARS = 100_000;

/** `trigger.entity` of a wixflow.run.* event: the run record, the event it ran for, and where to look. */
export interface RunAlertEntity extends Run {
  event: { id: string; type: string; instanceId: string; time: string };
  /** The step that failed, with its input and error; absent when the run failed before any step. */
  failedStep?: Run['steps'][number];
  inspect: { cli: string; console: string };
}

/** What became of an alert: `deferred` is kept on the run for the event's next delivery (RunAlerts Outcome). */
export type RunAlertOutcome = 'queued' | 'suppressed' | 'deferred' | 'lost';

export interface RunAlertsOptions {
  queue: EventQueue;
  /** Where a refused alert is kept (Run.alertPending) for the next delivery, and cleared once queued. */
  runs: Pick<RunStore, 'save'>;
  log: Logger;
  /** Told what became of each alert (the handler counts it: METRIC.runAlerts). */
  onOutcome?: (outcome: RunAlertOutcome) => void;
  /** Waits between attempts to queue an alert. @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** How the CLI reaches this deployment, e.g. `wixflow --stack Wixflow-prod`. @default `wixflow` */
  cli?: string;
  now?: () => Date;
}

/** Raises a failure alert (a wixflow.run.* event) when a run ends failed or needs-attention. */
export interface RunAlerts {
  /**
   * Queues the alert of `run`, which ran for `event`, when it ended failed or needs-attention — unless
   * `event` is itself an alert: then it only logs and counts. A queue that refuses the alert is asked again
   * (three attempts, half a second apart at most). One still refused is kept on the run (`alertPending`, one
   * write) and a RetryableRunError is thrown, so the event is delivered again; that delivery, a duplicate of a
   * finished event, calls this again for the run, and the mark is removed once the alert is queued. Only when
   * the mark cannot be written either is the alert logged as an error and counted `lost`.
   */
  afterRun(run: Run, event: WixEvent): Promise<void>;
}

/** The alert sink of the consumer: wixflow.run.* events through the normal events queue. */
export function createRunAlerts(options: RunAlertsOptions): RunAlerts {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  return {
    async afterRun(run, event) {
      const trigger = ALERT_TRIGGERS[run.status];
      if (trigger === undefined) return;
      const log = options.log.child({ runId: run.runId, ruleId: run.ruleId, status: run.status });
      if (isRunAlertEvent(event)) {
        // No loops: an alert rule's own failure raises no alert.
        log.warn('an alert rule run ended badly; no alert is raised for it', { error: run.error });
        options.onOutcome?.('suppressed');
        return;
      }
      const alert = runAlertEvent(run, event, { trigger, cli: options.cli ?? 'wixflow', now: now() });
      const refusal = await sendWithRetries(() => options.queue.send(alert), sleep);
      if (refusal === undefined) {
        options.onOutcome?.('queued');
        log.info('alert queued', { alertEventId: alert.eventId, trigger });
        // A later delivery queued what an earlier one could not: the run no longer waits for it.
        if (run.alertPending) {
          const { alertPending: _queued, ...rest } = run;
          await options.runs.save(rest).catch((error: unknown) => {
            // The next duplicate delivery would queue it again: the same alert id, one event downstream.
            log.warn('the queued alert is still marked pending on its run', { error });
          });
        }
        return;
      }
      if (!run.alertPending) {
        try {
          await options.runs.save({ ...run, alertPending: true });
        } catch (error) {
          options.onOutcome?.('lost');
          log.error(
            'the failure alert could not be queued or kept; it is lost (the run itself is recorded)',
            {
              alertEventId: alert.eventId,
              trigger,
              error: refusal,
              keepError: error,
            },
          );
          return;
        }
      }
      options.onOutcome?.('deferred');
      log.warn('the failure alert could not be queued; the event will be delivered again to queue it', {
        alertEventId: alert.eventId,
        trigger,
        error: refusal,
      });
      throw new RetryableRunError(
        `the queue refused the failure alert of run ${run.runId}; it is kept for the next delivery`,
      );
    },
  };
}

/** Sends, asking again after each pause of ALERT_PAUSES_MS; resolves undefined once sent, or the last error. */
async function sendWithRetries(
  send: () => Promise<void>,
  sleep: (ms: number) => Promise<void>,
): Promise<unknown> {
  let last: unknown;
  for (const [attempt, pause] of ALERT_PAUSES_MS.entries()) {
    try {
      await send();
      return undefined;
    } catch (error) {
      last = error ?? new Error('the queue refused the alert');
      if (attempt < ALERT_PAUSES_MS.length - 1) await sleep(pause);
    }
  }
  return last;
}

/** True for wixflow's own wixflow.run.* events. */
export const isRunAlertEvent = (event: Pick<WixEvent, 'eventType'>): boolean =>
  builtinTriggerForEventType(event.eventType) !== undefined;

/**
 * The wixflow.run.* event of a run's end. Its id is derived from the run, its status and its replay, so
 * the same end queued twice is one event to the event log, and each replay's end is its own.
 */
export function runAlertEvent(
  run: Run,
  event: WixEvent,
  options: { trigger: BuiltinTriggerName; cli: string; now: Date },
): WixEvent {
  const digest = createHash('sha256')
    .update([run.runId, run.status, run.replayId ?? ''].join('\n'))
    .digest('hex');
  const entity: RunAlertEntity = {
    ...run,
    event: { id: event.eventId, type: event.eventType, instanceId: event.instanceId, time: event.time },
    ...failedStepOf(run),
    inspect: {
      cli: `${options.cli} runs show ${run.runId}`,
      console: `/runs/${encodeURIComponent(run.runId)}`,
    },
  };
  const at = options.now.toISOString();
  return {
    eventId: `wixflow_${digest.slice(0, 32)}`,
    eventIdSource: 'wixflow',
    eventType: BuiltinTriggerCatalog[options.trigger].eventType,
    instanceId: run.instanceId,
    generation: 'legacy',
    data: fitted(entity),
    time: run.finishedAt ?? at,
    receivedAt: at,
  };
}

function failedStepOf(run: Run): { failedStep?: Run['steps'][number] } {
  const step = run.steps.findLast((s) => s.status === 'failed');
  return step === undefined ? {} : { failedStep: step };
}

/** The entity, with the succeeded steps' inputs and outputs left out when it would not fit a queue message. */
function fitted(entity: RunAlertEntity): RunAlertEntity {
  if (JSON.stringify(entity).length <= MAX_ENTITY_CHARS) return entity;
  return {
    ...entity,
    steps: entity.steps.map((s) =>
      s.status === 'succeeded' ? { ...s, input: undefined, output: undefined } : s,
    ),
  };
}
