import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface EventQueuesProps {
  /** Deliveries of one event before SQS moves it to the dead-letter queue. */
  readonly maxReceives: number;
  /** The consumer's timeout; the queue's visibility timeout is six times it (the AWS recommendation). */
  readonly consumerTimeout: Duration;
  /** The stack's customer managed key. @default SQS-managed encryption (SSE-SQS) */
  readonly encryptionKey?: IKey;
}

/** The verified-events queue between ingest and consumer, and its dead-letter queue. */
export class EventQueues extends Construct {
  readonly events: Queue;
  readonly deadLetters: Queue;
  readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: EventQueuesProps) {
    super(scope, id);
    if (!Number.isInteger(props.maxReceives) || props.maxReceives < 1 || props.maxReceives > 1000) {
      throw new Error(`maxReceives must be an integer from 1 to 1000, got ${props.maxReceives}`);
    }

    this.visibilityTimeout = Duration.seconds(props.consumerTimeout.toSeconds() * 6);
    const encryption: Partial<QueueProps> = props.encryptionKey
      ? // Data keys are reused for 5 minutes, so KMS sees a few calls per producer, not one per event.
        {
          encryption: QueueEncryption.KMS,
          encryptionMasterKey: props.encryptionKey,
          dataKeyReuse: Duration.minutes(5),
        }
      : { encryption: QueueEncryption.SQS_MANAGED };
    this.deadLetters = new Queue(this, 'DeadLetters', {
      ...encryption,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.events = new Queue(this, 'Events', {
      ...encryption,
      enforceSSL: true,
      visibilityTimeout: this.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: props.maxReceives },
    });
  }
}
