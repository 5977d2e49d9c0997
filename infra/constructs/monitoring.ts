import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WixflowAlarmsProps {
  readonly events: IQueue;
  readonly deadLetters: IQueue;
  readonly api: IHttpApi;
  /** Age of the oldest queued event that means the consumer is not keeping up. */
  readonly maxEventAge: Duration;
}

/** Alarms for the ways an event can get stuck or lost. */
export class WixflowAlarms extends Construct {
  readonly deadLettersVisible: Alarm;
  readonly eventsBacklogAge: Alarm;
  readonly webhookServerErrors: Alarm;

  constructor(scope: Construct, id: string, props: WixflowAlarmsProps) {
    super(scope, id);

    this.deadLettersVisible = new Alarm(this, 'DeadLettersVisible', {
      alarmDescription:
        'wixflow: events gave up after every retry and wait in the dead-letter queue. ' +
        'Inspect them, fix the cause, then run: wixflow events replay --dlq',
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    this.eventsBacklogAge = new Alarm(this, 'EventsBacklogAge', {
      alarmDescription:
        `wixflow: the oldest queued event is older than ${props.maxEventAge.toMinutes()} ` +
        'minutes; the consumer is failing or falling behind.',
      metric: props.events.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: props.maxEventAge.toSeconds(),
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    // Ingest answers 5xx when it cannot queue and Wix retries, but only for a while (about 47 hours).
    this.webhookServerErrors = new Alarm(this, 'WebhookServerErrors', {
      alarmDescription:
        'wixflow: the webhook API answers 5xx; Wix is retrying deliveries it could not hand over.',
      metric: props.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
