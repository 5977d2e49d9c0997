import { Duration, Stack } from 'aws-cdk-lib';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { METRIC, METRICS_NAMESPACE } from '#shared/observability/metrics.ts';
import type { WixflowMonitoring, WixflowMonitoringProps } from './monitoring.ts';

/** Wix gives up on a webhook answer after 1,250 ms; ingest should stay far inside it. */
export const WIX_WEBHOOK_TIMEOUT_MS = 1250;
/** The period of every alarm and graph. */
export const PERIOD = Duration.minutes(5);

/** The deployment's one dashboard: webhooks, the queue, runs, Wix calls and the functions, beside the alarms. */
export function wixflowDashboard(monitoring: WixflowMonitoring, props: WixflowMonitoringProps): Dashboard {
  const { stage } = monitoring;
  const stackName = Stack.of(monitoring).stackName;
  const dashboard = new Dashboard(monitoring, 'Dashboard', { defaultInterval: Duration.hours(6) });
  const by = (name: string, dimension: string, label: string) => metricsBy(stage, name, dimension, label);
  const functions = [
    ['ingest', props.ingest],
    ['consumer', props.consumer],
    ['oauth', props.oauth],
    ['automations intake', props.automationsIngest],
  ] as const;
  const graph = (
    title: string,
    left: IMetric[],
    extra: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {},
  ) => new GraphWidget({ title, left, width: 8, height: 6, ...extra });

  dashboard.addWidgets(
    new TextWidget({
      markdown:
        `# wixflow \`${stage}\` (${stackName})\n` +
        'Webhooks in, the event queue, rule runs and Wix calls. Alarms notify the stack output ' +
        '`AlarmTopicArn`. Failed runs: `npx wixflow runs list --status failed`; dead letters: ' +
        '`npx wixflow events replay --dlq`.',
      width: 24,
      height: 2,
    }),
  );
  dashboard.addWidgets(
    new AlarmStatusWidget({
      title: 'Alarms',
      alarms: [
        monitoring.deadLettersVisible,
        monitoring.eventsBacklogAge,
        monitoring.webhookServerErrors,
        monitoring.ingestSlow,
        monitoring.consumerErrors,
        monitoring.failedRuns,
      ],
      width: 24,
      height: 3,
    }),
  );
  dashboard.addWidgets(
    graph('Webhooks: accepted and rejected (by HTTP status)', [
      monitoring.metric(METRIC.eventsAccepted).with({ label: 'accepted' }),
      by(METRIC.eventsRejected, 'Status', 'rejected'),
    ]),
    graph('Webhook API: requests and errors', [
      props.api.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' }),
      props.api.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }),
      props.api.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' }),
    ]),
    graph(
      'Webhook answer time (ms)',
      [
        props.api.metricLatency({ period: PERIOD, statistic: 'p99', label: 'API p99' }),
        props.ingest.metricDuration({ period: PERIOD, statistic: 'p50', label: 'ingest p50' }),
        props.ingest.metricDuration({ period: PERIOD, statistic: 'p99', label: 'ingest p99' }),
      ],
      { leftAnnotations: [{ value: WIX_WEBHOOK_TIMEOUT_MS, label: "Wix's timeout" }] },
    ),
  );
  dashboard.addWidgets(
    graph('Event queue', [
      props.events.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: 'waiting' }),
      props.events.metricApproximateNumberOfMessagesNotVisible({
        period: PERIOD,
        label: 'in flight or held back',
      }),
      props.deadLetters.metricApproximateNumberOfMessagesVisible({ period: PERIOD, label: 'dead letters' }),
    ]),
    graph(
      'Oldest queued event (s)',
      [
        props.events.metricApproximateAgeOfOldestMessage({
          period: PERIOD,
          statistic: 'Maximum',
          label: 'age',
        }),
      ],
      { leftAnnotations: [{ value: props.maxEventAge.toSeconds(), label: 'alarm' }] },
    ),
    graph('Events processed (by outcome)', [by(METRIC.eventsProcessed, 'Outcome', 'events')]),
  );
  dashboard.addWidgets(
    graph('Rule runs (by status)', [by(METRIC.runs, 'Status', 'runs')]),
    graph('Wix API calls (by status class)', [by(METRIC.wixCalls, 'StatusClass', 'calls')]),
    graph(
      'Rate limiting (per-site pacing)',
      [
        monitoring.metric(METRIC.rateLimitWaits).with({ label: 'waits for a slot' }),
        monitoring.metric(METRIC.rateLimitGiveBacks).with({ label: 'events given back' }),
      ],
      { right: [monitoring.metric(METRIC.rateLimitWaitTime).with({ label: 'time waited (ms)' })] },
    ),
    // A rising reconciled count means webhooks are not arriving (docs/backfill-and-reconcile.md).
    graph(
      'Reconciliation (changes no webhook delivered)',
      [
        monitoring.metric(METRIC.eventsReconciled).with({ label: 'reconciled events' }),
        monitoring.metric(METRIC.reconcileFailures).with({ label: 'failed sweeps' }),
      ],
      { right: [monitoring.metric(METRIC.reconcileQueries).with({ label: 'Wix queries' })] },
    ),
  );
  dashboard.addWidgets(
    // `suppressed`: an alert rule's own run failed; it raises no alert, so this graph is where it shows.
    graph('Failure alerts (by outcome: queued, suppressed, deferred, lost)', [
      by(METRIC.runAlerts, 'Outcome', 'alerts'),
    ]),
  );
  dashboard.addWidgets(
    graph(
      'Lambda invocations and errors',
      functions.flatMap(([name, fn]) => [
        fn.metricInvocations({ period: PERIOD, statistic: 'Sum', label: `${name} invocations` }),
        fn.metricErrors({ period: PERIOD, statistic: 'Sum', label: `${name} errors` }),
      ]),
    ),
    graph(
      'Lambda duration p99 (ms)',
      functions.map(([name, fn]) => fn.metricDuration({ period: PERIOD, statistic: 'p99', label: name })),
    ),
    graph(
      'Lambda throttles and concurrency',
      functions.map(([name, fn]) =>
        fn.metricThrottles({ period: PERIOD, statistic: 'Sum', label: `${name} throttles` }),
      ),
      {
        right: functions.map(([name, fn]) =>
          fn.metric('ConcurrentExecutions', {
            period: PERIOD,
            statistic: 'Maximum',
            label: `${name} concurrency`,
          }),
        ),
      },
    ),
  );
  return dashboard;
}

/** Every value of `name`'s extra dimension, one line each, found by a CloudWatch SEARCH. */
function metricsBy(stage: string, name: string, dimension: string, label: string): MathExpression {
  return new MathExpression({
    expression:
      `SEARCH('{${METRICS_NAMESPACE},Stage,${dimension}} MetricName="${name}" Stage="${stage}"', ` +
      `'Sum', ${PERIOD.toSeconds()})`,
    usingMetrics: {},
    label,
    period: PERIOD,
  });
}
