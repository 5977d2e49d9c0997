import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';

/** The Wix app's client credentials: `POST /oauth2/token` with the connection's instance id. */
const OAuthAuth = z.object({ kind: z.literal('oauth') });
/** A Wix API key acting on one site (`wix-site-id`) or account-wide (`wix-account-id`). */
const ApiKeyAuth = z.object({
  kind: z.literal('apiKey'),
  /** Where the key lives in the secret store; never the key itself. */
  secretId: z.string().min(1),
  siteId: z.string().min(1).optional(),
  accountId: z.string().min(1).optional(),
});
/** A legacy install (`/oauth/callback`): 5-minute access tokens refreshed with a refresh token. */
const RefreshTokenAuth = z.object({
  kind: z.literal('refreshToken'),
  /** Where the refresh token lives in the secret store; never the token itself. */
  secretId: z.string().min(1),
  /** When Wix rejected the refresh token; from then on the connection uses client credentials. */
  refreshTokenRejectedAt: z.string().optional(),
});

export const CatalogVersionSchema = z.enum(['V1_CATALOG', 'V3_CATALOG', 'STORES_NOT_INSTALLED']);
export type CatalogVersion = z.infer<typeof CatalogVersionSchema>;

export const ConnectionSchema = z
  .object({
    id: z.string().min(1),
    instanceId: z.string().min(1),
    siteId: z.string().optional(),
    auth: z.discriminatedUnion('kind', [OAuthAuth, ApiKeyAuth, RefreshTokenAuth]),
    status: z.enum(['active', 'disabled']),
    /** The site's Stores catalog, once wixflow has asked (at install, or when a rule needed it). */
    catalogVersion: CatalogVersionSchema.optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .refine((c) => c.auth.kind !== 'apiKey' || Boolean(c.auth.siteId) !== Boolean(c.auth.accountId), {
    message: 'an API key connection acts on exactly one of a site (siteId) or an account (accountId)',
    path: ['auth'],
  });
export type Connection = z.infer<typeof ConnectionSchema>;
export type ConnectionAuth = Connection['auth'];

/** Connection ids are the names rules use: letters, digits, ".", "_" and "-". */
export const CONNECTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Where a connection's credential lives in the secret store: `<prefix>connections/<id>/<what>`. */
export function connectionSecretId(
  prefix: string,
  connectionId: string,
  what: 'api-key' | 'refresh-token',
): string {
  return `${prefix}connections/${connectionId}/${what}`;
}

/** Where connections are kept: one item per connection, found by id or by Wix app instance. */
export interface ConnectionStore {
  get(id: string): Promise<Connection | undefined>;
  findByInstanceId(instanceId: string): Promise<Connection[]>;
  list(): Promise<Connection[]>;
  put(connection: Connection): Promise<void>;
  /** Writes `connection` only if no connection has its id yet; false when one has. */
  create(connection: Connection): Promise<boolean>;
  delete(id: string): Promise<void>;
}

/**
 * What the Wix client of a connection records on the connection item: the lease that lets one process at a
 * time refresh its token, a refresh token Wix rejected, and the site's catalog version once learned.
 */
export interface ConnectionTokenStore {
  get(id: string): Promise<Connection | undefined>;
  /** Takes the refresh lease for `leaseMs` if nobody holds a live one; false when someone does. */
  acquireRefreshLease(id: string, owner: string, leaseMs: number, now: number): Promise<boolean>;
  /** Gives the lease back if `owner` still holds it. */
  releaseRefreshLease(id: string, owner: string): Promise<void>;
  /** Records that Wix rejected the connection's refresh token (it then uses client credentials). */
  markRefreshTokenRejected(id: string, at: string): Promise<void>;
  recordCatalogVersion(id: string, version: CatalogVersion, at: string): Promise<void>;
}

/**
 * A free connection id for an app instance: `site-<first 8 characters of the instance>`, longer when that is
 * taken. An id already used by this instance's own app (not API key) connection is returned as is.
 */
export async function freeConnectionId(
  connections: Pick<ConnectionStore, 'get'>,
  instanceId: string,
): Promise<string> {
  const compact = instanceId.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  for (let length = 8; length < compact.length; length += 4) {
    const id = `site-${compact.slice(0, length)}`;
    const taken = await connections.get(id);
    if (!taken || (taken.instanceId === instanceId && taken.auth.kind !== 'apiKey')) return id;
  }
  return `site-${compact}`;
}

/** Connections in DynamoDB (PK `id`, GSI `byInstanceId`); the refresh lease lives on the connection's item. */
export class DynamoConnectionStore implements ConnectionStore, ConnectionTokenStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(id: string): Promise<Connection | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    return out.Item ? ConnectionSchema.parse(out.Item) : undefined;
  }

  async findByInstanceId(instanceId: string): Promise<Connection[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byInstanceId',
        KeyConditionExpression: 'instanceId = :i',
        ExpressionAttributeValues: { ':i': instanceId },
      }),
    );
    return (out.Items ?? [])
      .map((item) => ConnectionSchema.parse(item))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async list(): Promise<Connection[]> {
    const items: Connection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey }),
      );
      for (const item of out.Items ?? []) items.push(ConnectionSchema.parse(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items.sort((a, b) => a.id.localeCompare(b.id));
  }

  async put(connection: Connection): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: ConnectionSchema.parse(connection) }),
    );
  }

  async create(connection: Connection): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: ConnectionSchema.parse(connection),
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async delete(id: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: { id } }));
  }

  async acquireRefreshLease(id: string, owner: string, leaseMs: number, now: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: 'SET refreshLeaseOwner = :owner, refreshLeaseUntil = :until',
          ConditionExpression:
            'attribute_exists(id) AND (attribute_not_exists(refreshLeaseUntil) OR refreshLeaseUntil < :now)',
          ExpressionAttributeValues: { ':owner': owner, ':until': now + leaseMs, ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseRefreshLease(id: string, owner: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: 'REMOVE refreshLeaseOwner, refreshLeaseUntil',
          ConditionExpression: 'refreshLeaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      // Someone took over an expired lease, or the connection is gone: nothing of ours to release.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async markRefreshTokenRejected(id: string, at: string): Promise<void> {
    await this.updateIfExists(
      id,
      'SET #auth.refreshTokenRejectedAt = :at, updatedAt = :at',
      { ':at': at, ':kind': 'refreshToken' },
      '#auth.kind = :kind',
      { '#auth': 'auth' },
    );
  }

  async recordCatalogVersion(id: string, version: CatalogVersion, at: string): Promise<void> {
    await this.updateIfExists(id, 'SET catalogVersion = :v, updatedAt = :at', { ':v': version, ':at': at });
  }

  private async updateIfExists(
    id: string,
    update: string,
    values: Record<string, unknown>,
    condition?: string,
    names?: Record<string, string>,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id },
          UpdateExpression: update,
          ConditionExpression: `attribute_exists(id)${condition ? ` AND ${condition}` : ''}`,
          ExpressionAttributeValues: values,
          ...(names ? { ExpressionAttributeNames: names } : {}),
        }),
      );
    } catch (error) {
      // The connection was removed (or re-authorised) meanwhile: there is nothing to record.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
