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
import { type KeySpec, TABLE_KEYS, type TableKeySpec } from '#shared/store/table-keys.ts';

export interface WixflowTablesProps {
  /** The stack's customer managed key. @default the AWS managed key aws/dynamodb */
  readonly encryptionKey?: IKey;
}

/**
 * The four DynamoDB tables, keyed as shared/store/table-keys.ts says; CDK names them and the functions learn
 * the names from their environment.
 */
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

    const table = (id: string, spec: TableKeySpec): Table => {
      const created = new Table(this, id, {
        ...stateTableDefaults,
        ...keyOf(spec),
        ...(spec.timeToLive ? { timeToLiveAttribute: spec.timeToLive } : {}),
      });
      for (const [indexName, index] of Object.entries(spec.indexes ?? {})) {
        created.addGlobalSecondaryIndex({ indexName, ...keyOf(index), projectionType: ProjectionType.ALL });
      }
      return created;
    };
    this.connections = table('Connections', TABLE_KEYS.connections);
    this.rules = table('Rules', TABLE_KEYS.rules);
    this.events = table('Events', TABLE_KEYS.events);
    this.runs = table('Runs', TABLE_KEYS.runs);
  }
}

/** A key spec as CDK's partition and sort key attributes (all strings). */
function keyOf(spec: KeySpec): Pick<TableProps, 'partitionKey' | 'sortKey'> {
  return {
    partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
    ...(spec.sortKey ? { sortKey: { name: spec.sortKey, type: AttributeType.STRING } } : {}),
  };
}
