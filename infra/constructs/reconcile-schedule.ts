import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
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
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'wixflow: lets the reconcile schedule send its tick to the events queue',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'wixflow: sweep each Wix connection for changes no webhook delivered',
      schedule: ScheduleExpression.rate(Duration.minutes(props.intervalMinutes)),
      target: new SqsSendMessage(props.queue, {
        input: ScheduleTargetInput.fromObject({ reconcileSweep: {} }),
        // A tick that cannot be delivered is simply skipped: the next one covers the same window.
        retryAttempts: 0,
        role,
      }),
    });
    if (props.queue.encryptionMasterKey) {
      // SQS's own grant to a sender on a customer managed key; the statement names only that key.
      const policy = role.node.tryFindChild('DefaultPolicy');
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        if (policy)
          Validations.of(policy).acknowledge({
            id: `AwsSolutions-IAM5[Action::${action}]`,
            reason:
              "Sending to a queue under a customer managed key takes SQS's key action families (CDK's queue " +
              "grant); the statement names only this stack's key.",
          });
      }
    }
  }
}
