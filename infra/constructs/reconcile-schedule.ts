import { Duration } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { SqsSendMessage } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ReconcileScheduleProps {
  /** The events queue: the consumer runs a sweep when it reads the schedule's message. */
  queue: IQueue;
  /** Minutes between sweeps (at least 1). */
  intervalMinutes: number;
}

/**
 * Reconciliation's clock (docs/backfill-and-reconcile.md): an EventBridge Scheduler schedule that puts
 * `{"reconcileSweep": {}}` on the events queue, so the consumer — with its Wix clients and the sites' rate
 * limiters — sweeps every connection. No function of its own; the schedule's role may only send to the queue
 * (and use the queue's key, when it has a customer managed one).
 */
export class ReconcileSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ReconcileScheduleProps) {
    super(scope, id);
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'wixflow: sweep each Wix connection for changes no webhook delivered',
      schedule: ScheduleExpression.rate(Duration.minutes(props.intervalMinutes)),
      target: new SqsSendMessage(props.queue, {
        input: ScheduleTargetInput.fromObject({ reconcileSweep: {} }),
        // A tick that cannot be delivered is simply skipped: the next one covers the same window.
        retryAttempts: 0,
      }),
    });
  }
}
