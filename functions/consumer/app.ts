import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { processRecord, type RecordDeps } from '#shared/consumer/process-record.ts';
import { invocationLogger } from '#shared/observability/correlation.ts';
import { flushMetrics } from '#shared/observability/flush-metrics.ts';
import { METRIC, type Metrics, wixStatusClass } from '#shared/observability/metrics.ts';
import { processPartialBatch } from '#shared/queue/partial-batch.ts';
import type { StoredRule } from '#shared/rules/rule-schema.ts';
import type { RuleStore } from '#shared/store/rules.ts';
import type { RunStore } from '#shared/store/runs.ts';

export interface ConsumerDeps extends Omit<RecordDeps, 'rules'> {
  /** Read once per batch: a rule applied mid-batch takes effect from the next one. */
  ruleStore: RuleStore;
}

/** The consumer Lambda handler: an SQS batch in, the ids of the records to deliver again out. */
export function createConsumerHandler(consumerDeps: ConsumerDeps) {
  const { metrics } = consumerDeps;
  const deps: ConsumerDeps = {
    ...consumerDeps,
    runs: countedRuns(consumerDeps.runs, metrics),
    wixFor: (connection, onCall) =>
      consumerDeps.wixFor(connection, (call) => {
        metrics.count(METRIC.wixCalls, 1, { StatusClass: wixStatusClass(call.status) });
        onCall(call);
      }),
  };

  const lambdaHandler = async (batch: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    let rules: Promise<StoredRule[]> | undefined;
    const batchDeps: RecordDeps = {
      ...deps,
      rules: () => {
        rules ??= deps.ruleStore.list();
        return rules;
      },
      log: invocationLogger(deps.log, context),
      remainingMs: () => context.getRemainingTimeInMillis(),
    };
    return processPartialBatch(batch.Records, (record) => processRecord(record, batchDeps));
  };
  return middy<SQSEvent, SQSBatchResponse>().use(flushMetrics(metrics)).handler(lambdaHandler);
}

/** A run store that counts each attempt's end by its status (`running` saves are checkpoints, not ends). */
function countedRuns(runs: RunStore, metrics: Metrics): RunStore {
  return {
    get: (runId) => runs.get(runId),
    begin: (next, previous) => runs.begin(next, previous),
    list: (options) => runs.list(options),
    save: async (run) => {
      await runs.save(run);
      if (run.status !== 'running') metrics.count(METRIC.runs, 1, { Status: run.status });
    },
  };
}
