import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '#shared/observability/metrics.ts';

/** Wix gives up on a webhook answer after 1,250 ms; ingest should stay far inside it. */
const WIX_WEBHOOK_TIMEOUT_MS = 1250;
const SLOW_INGEST_MS = 1000;
const PERIOD = Duration.minutes(5);

export interface WixflowMonitoringProps {
  /** The `Stage` dimension the functions put on every wixflow metric. */
  readonly stage: string;
  readonly events: IQueue;
  readonly deadLetters: IQueue;
  readonly api: IHttpApi;
  readonly ingest: IFunction;
  readonly consumer: IFunction;
  readonly oauth: IFunction;
  /** Age of the oldest queued event that means the consumer is not keeping up. */
  readonly maxEventAge: Duration;
  /** Subscribed to the alarm topic (the address confirms by email). */
  readonly alarmEmail?: string;
}

/** The alarms for every way an event can get stuck, fail or be lost, their SNS topic, and one dashboard. */
export class WixflowMonitoring extends Construct {
  /** Every alarm notifies it, when it fires and when it clears. */
  readonly alarmTopic: Topic;
  readonly deadLettersVisible: Alarm;
  readonly eventsBacklogAge: Alarm;
  readonly webhookServerErrors: Alarm;
  readonly ingestSlow: Alarm;
  readonly consumerErrors: Alarm;
  readonly failedRuns: Alarm;
  readonly dashboard: Dashboard;

  private readonly stage: string;

  constructor(scope: Construct, id: string, props: WixflowMonitoringProps) {
    super(scope, id);
    this.stage = props.stage;
    const stackName = Stack.of(this).stackName;

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: `wixflow ${stackName} alarms`,
      enforceSSL: true,
    });
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'The topic carries CloudWatch alarm notifications only (alarm name, threshold, state), never customer ' +
        'data. CloudWatch cannot publish to a topic encrypted with the AWS managed aws/sns key, and a key of ' +
        'our own here would need a key policy for cloudwatch.amazonaws.com for no protected content.',
    });
    if (props.alarmEmail !== undefined) {
      this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    }

    this.deadLettersVisible = this.alarm('DeadLettersVisible', {
      description:
        'wixflow: events gave up after every retry and wait in the dead-letter queue. ' +
        'Inspect them, fix the cause, then run: wixflow events replay --dlq',
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
    });

    this.eventsBacklogAge = this.alarm('EventsBacklogAge', {
      description:
        `wixflow: the oldest queued event is older than ${props.maxEventAge.toMinutes()} ` +
        'minutes; the consumer is failing or falling behind.',
      metric: props.events.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
      threshold: props.maxEventAge.toSeconds(),
    });

    // Ingest answers 5xx when it cannot queue and Wix retries, but only for a while (about 47 hours).
    this.webhookServerErrors = this.alarm('WebhookServerErrors', {
      description: 'wixflow: the webhook API answers 5xx; Wix is retrying deliveries it could not hand over.',
      metric: props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
      threshold: 1,
    });

    this.ingestSlow = this.alarm('IngestSlow', {
      description:
        `wixflow: the ingest function's p99 duration is above ${SLOW_INGEST_MS} ms; Wix stops waiting ` +
        `at ${WIX_WEBHOOK_TIMEOUT_MS} ms and then re-sends. Check SQS latency and the ingest logs.`,
      metric: props.ingest.metricDuration({ period: PERIOD, statistic: 'p99' }),
      threshold: SLOW_INGEST_MS,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });

    // Record failures come back through the queue (partial batch responses); an error here is the whole
    // batch failing: a crash, a timeout or a bad configuration.
    this.consumerErrors = this.alarm('ConsumerErrors', {
      description:
        'wixflow: the consumer function failed a whole batch (crash, timeout or configuration); ' +
        'its events come back until they reach the dead-letter queue. See the consumer log group.',
      metric: props.consumer.metricErrors({ period: PERIOD, statistic: 'Sum' }),
      threshold: 1,
    });

    this.failedRuns = this.alarm('FailedRuns', {
      description:
        'wixflow: a rule run failed or needs attention (an action Wix refused, or one whose outcome is ' +
        'unknown). See: wixflow runs list --status failed (or needs-attention).',
      metric: new MathExpression({
        expression: 'FILL(failed, 0) + FILL(attention, 0)',
        usingMetrics: {
          failed: this.metric(METRIC.runs, { Status: 'failed' }),
          attention: this.metric(METRIC.runs, { Status: 'needs-attention' }),
        },
        label: 'failed or needs-attention runs',
        period: PERIOD,
      }),
      threshold: 1,
    });

    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.hours(6) });
    this.buildDashboard(props, stackName);
  }

  /** A wixflow metric (EMF, namespace Wixflow) of this stage, summed per period. */
  metric(name: string, dimensions: Record<string, string> = {}, statistic = 'Sum'): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { Stage: this.stage, ...dimensions },
      statistic,
      period: PERIOD,
    });
  }

  /** Every value of `name`'s extra dimension, one line each, found by a CloudWatch SEARCH. */
  private metricsBy(name: string, dimension: string, label: string): MathExpression {
    return new MathExpression({
      expression:
        `SEARCH('{${METRICS_NAMESPACE},Stage,${dimension}} MetricName="${name}" Stage="${this.stage}"', ` +
        `'Sum', ${PERIOD.toSeconds()})`,
      usingMetrics: {},
      label,
      period: PERIOD,
    });
  }

  private alarm(
    id: string,
    options: {
      description: string;
      metric: IMetric;
      threshold: number;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
    },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means no traffic, not trouble.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.alarmTopic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  }

  private buildDashboard(props: WixflowMonitoringProps, stackName: string): void {
    const functions = [
      ['ingest', props.ingest],
      ['consumer', props.consumer],
      ['oauth', props.oauth],
    ] as const;
    const graph = (
      title: string,
      left: IMetric[],
      extra: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {},
    ) => new GraphWidget({ title, left, width: 8, height: 6, ...extra });

    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          `# wixflow \`${this.stage}\` (${stackName})\n` +
          'Webhooks in, the event queue, rule runs and Wix calls. Alarms notify the stack output ' +
          '`AlarmTopicArn`. Failed runs: `npx wixflow runs list --status failed`; dead letters: ' +
          '`npx wixflow events replay --dlq`.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new AlarmStatusWidget({
        title: 'Alarms',
        alarms: [
          this.deadLettersVisible,
          this.eventsBacklogAge,
          this.webhookServerErrors,
          this.ingestSlow,
          this.consumerErrors,
          this.failedRuns,
        ],
        width: 24,
        height: 3,
      }),
    );
    this.dashboard.addWidgets(
      graph('Webhooks: accepted and rejected (by HTTP status)', [
        this.metric(METRIC.eventsAccepted).with({ label: 'accepted' }),
        this.metricsBy(METRIC.eventsRejected, 'Status', 'rejected'),
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
    this.dashboard.addWidgets(
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
      graph('Events processed (by outcome)', [this.metricsBy(METRIC.eventsProcessed, 'Outcome', 'events')]),
    );
    this.dashboard.addWidgets(
      graph('Rule runs (by status)', [this.metricsBy(METRIC.runs, 'Status', 'runs')]),
      graph('Wix API calls (by status class)', [this.metricsBy(METRIC.wixCalls, 'StatusClass', 'calls')]),
      graph(
        'Rate limiting (per-site pacing)',
        [
          this.metric(METRIC.rateLimitWaits).with({ label: 'waits for a slot' }),
          this.metric(METRIC.rateLimitGiveBacks).with({ label: 'events given back' }),
        ],
        { right: [this.metric(METRIC.rateLimitWaitTime).with({ label: 'time waited (ms)' })] },
      ),
    );
    this.dashboard.addWidgets(
      // `suppressed`: an alert rule's own run failed; it raises no alert, so this graph is where it shows.
      graph('Failure alerts (by outcome: queued, suppressed)', [
        this.metricsBy(METRIC.runAlerts, 'Outcome', 'alerts'),
      ]),
    );
    this.dashboard.addWidgets(
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
  }
}
