import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
  type TableProps,
} from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

export interface WixflowTablesProps {
  /** The stack's customer managed key. @default the AWS managed key aws/dynamodb */
  readonly encryptionKey?: IKey;
}

/** The four DynamoDB tables; CDK names them and the functions learn the names from their environment. */
export class WixflowTables extends Construct {
  /** Sites wixflow acts for; looked up by Wix `instanceId` on every event. */
  readonly connections: Table;
  /** Rule documents as applied by `wixflow rules apply`. */
  readonly rules: Table;
  /** Dedupe keys, the event log and per-entity ordering marks; items expire through `expiresAt`. */
  readonly events: Table;
  /** Run records with per-step checkpoints; listed per rule, newest first. */
  readonly runs: Table;

  constructor(scope: Construct, id: string, props: WixflowTablesProps = {}) {
    super(scope, id);
    const stateTableDefaults = {
      billingMode: BillingMode.PAY_PER_REQUEST,
      ...(props.encryptionKey
        ? { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: props.encryptionKey }
        : { encryption: TableEncryption.AWS_MANAGED }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // State the user cannot rebuild (connections, rules, run history): never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    } satisfies Partial<TableProps>;

    this.connections = new Table(this, 'Connections', {
      ...stateTableDefaults,
      partitionKey: { name: 'id', type: AttributeType.STRING },
    });
    this.connections.addGlobalSecondaryIndex({
      indexName: 'byInstanceId',
      partitionKey: { name: 'instanceId', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    this.rules = new Table(this, 'Rules', {
      ...stateTableDefaults,
      partitionKey: { name: 'id', type: AttributeType.STRING },
    });

    this.events = new Table(this, 'Events', {
      ...stateTableDefaults,
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
    });

    this.runs = new Table(this, 'Runs', {
      ...stateTableDefaults,
      partitionKey: { name: 'runId', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
    });
    this.runs.addGlobalSecondaryIndex({
      indexName: 'byRule',
      partitionKey: { name: 'ruleId', type: AttributeType.STRING },
      sortKey: { name: 'startedAt', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
}
