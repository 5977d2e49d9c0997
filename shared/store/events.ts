import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/** Keys in the events table: claims ("this order already fired orders.created"), later the event log. */
export interface EventStore {
  /**
   * Claims `key` for `eventId`: true the first time, and again for the same event (so a retried event keeps
   * its claim); false when another event claimed it.
   */
  claimOnce(instanceId: string, key: string, eventId: string): Promise<boolean>;
}

/** Claims last as long as Wix can re-send an event, with margin (≥ 72 h, PRODUCT.md §5). */
const CLAIM_TTL_S = 7 * 86_400;

/** The events table in DynamoDB (PK `pk`, TTL `expiresAt`). */
export class DynamoEventStore implements EventStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async claimOnce(instanceId: string, key: string, eventId: string): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `once#${instanceId}#${key}`,
            eventId,
            claimedAt: new Date(this.now()).toISOString(),
            expiresAt: Math.floor(this.now() / 1000) + CLAIM_TTL_S,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR eventId = :eventId',
          ExpressionAttributeValues: { ':eventId': eventId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
