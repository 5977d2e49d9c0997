import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type Dashboard,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '#shared/observability/metrics.ts';
import { PERIOD, WIX_WEBHOOK_TIMEOUT_MS, wixflowDashboard } from './dashboard.ts';

const SLOW_INGEST_MS = 1000;

export interface WixflowMonitoringProps {
  /** The `Stage` dimension the functions put on every wixflow metric. */
  readonly stage: string;
  readonly events: IQueue;
  readonly deadLetters: IQueue;
  readonly api: IHttpApi;
  readonly ingest: IFunction;
  readonly consumer: IFunction;
  readonly oauth: IFunction;
  /** Takes what wixflow's hidden Wix automations post; its 5xx answers count in WebhookServerErrors. */
  readonly automationsIngest: IFunction;
  /** Age of the oldest queued event that means the consumer is not keeping up. */
  readonly maxEventAge: Duration;
  /** Subscribed to the alarm topic (the address confirms by email). */
  readonly alarmEmail?: string;
}

/**
 * The alarms for every way an event can get stuck, fail or be lost, and their SNS topic; the dashboard
 * (./dashboard.ts) graphs them beside the traffic.
 */
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

  /** The `Stage` dimension of this deployment's metrics. */
  readonly stage: string;

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

    // Ingest answers 5xx when it cannot queue and Wix retries, but only for a while (about 47 hours). The
    // automations intake sits behind the same API: its failures count here too.
    this.webhookServerErrors = this.alarm('WebhookServerErrors', {
      description:
        'wixflow: the webhook API answers 5xx (Wix app webhooks or automation posts); Wix is retrying ' +
        'deliveries it could not hand over. See the ingest and automations-ingest log groups.',
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

    this.dashboard = wixflowDashboard(this, props);
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
}
