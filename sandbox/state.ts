import { randomBytes, randomUUID } from 'node:crypto';
import type { Entity } from './fixtures.ts';

/** The Stores catalog a site runs (`GET /stores/v3/provision/version`). */
export type CatalogVersion = 'V1_CATALOG' | 'V3_CATALOG' | 'STORES_NOT_INSTALLED';

/** One Wix site with the sandbox app installed, and everything the sandbox keeps for it. */
export interface Site {
  siteId: string;
  instanceId: string;
  catalogVersion: CatalogVersion;
  installedAt: string;
  /** Stores Catalog V1 (V1 sites). */
  products: Map<string, Entity>;
  collections: Map<string, Entity>;
  /** Stores Catalog V3 and Categories (V3 sites). */
  productsV3: Map<string, Entity>;
  categories: Map<string, Entity>;
  /** Category id → item references `{catalogItemId, appId}`. */
  categoryItems: Map<string, Entity[]>;
  contacts: Map<string, Entity>;
  carts: Map<string, Entity>;
  orders: Map<string, Entity>;
  /** Order id → fulfillments. */
  fulfillments: Map<string, Entity[]>;
  /** Order id → `orderTransactions`. */
  transactions: Map<string, Entity>;
  conversations: Map<string, Entity>;
  messages: Entity[];
  coupons: Map<string, Entity>;
  /** Last V1 `numericId` handed out (strictly increasing, as the crawl relies on). */
  lastNumericId: bigint;
  /** Last Inbox message sequence handed out (microsecond clock, strictly increasing). */
  lastMessageSequence: bigint;
  /** App BI events the app reported for this site (`POST /apps/v1/bi-event`), oldest first. */
  biEvents: Entity[];
}

/** Who a request acts for, once authenticated. */
export type Caller =
  | { kind: 'app'; site: Site; tokenKind: 'oauth2' | 'legacy' }
  | { kind: 'apiKey'; site: Site }
  | { kind: 'account'; accountId: string };

interface IssuedToken {
  instanceId: string;
  issuedAt: number;
  expiresAt: number;
  kind: 'oauth2' | 'legacy';
}

/** OAuth2 client-credentials tokens live 4 h; legacy `/oauth/access` 5 min (docs/wix-behaviour.md#token-lifetimes). */
export const OAUTH2_TOKEN_TTL_S = 14_400;
export const LEGACY_TOKEN_TTL_S = 300;
const AUTH_CODE_TTL_MS = 10 * 60_000;
/** UNCONFIRMED: Wix does not document how long an install session token lives; an hour is generous. */
const INSTALL_TOKEN_TTL_MS = 60 * 60_000;

const opaque = (prefix: string) => `${prefix}.${randomBytes(32).toString('base64url')}`;

/** Creates an empty site record. */
export function emptySite(
  siteId: string,
  instanceId: string,
  catalogVersion: CatalogVersion,
  now: Date,
): Site {
  return {
    siteId,
    instanceId,
    catalogVersion,
    installedAt: now.toISOString(),
    products: new Map(),
    collections: new Map(),
    productsV3: new Map(),
    categories: new Map(),
    categoryItems: new Map(),
    contacts: new Map(),
    carts: new Map(),
    orders: new Map(),
    fulfillments: new Map(),
    transactions: new Map(),
    conversations: new Map(),
    messages: [],
    coupons: new Map(),
    lastNumericId: 0n,
    lastMessageSequence: 0n,
    biEvents: [],
  };
}

/** The sandbox's whole world: the app, its installations, and the credentials it has handed out. */
export class SandboxState {
  private readonly sitesByInstance = new Map<string, Site>();
  private readonly sitesById = new Map<string, Site>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly authCodes = new Map<string, { instanceId: string; expiresAt: number }>();
  private readonly installTokens = new Map<string, { instanceId: string; expiresAt: number }>();
  /**
   * When true, every refresh answers a new refresh token and the old one stops working. Wix documents that
   * a refresh answers the same token (docs/wix-behaviour.md#install-flow); tests prove a rotated one is kept.
   */
  rotateRefreshTokens = false;
  /** The Stores catalog of sites created without one named (the installer's new sites): the sandbox's `catalog`. */
  newSiteCatalog: Exclude<CatalogVersion, 'STORES_NOT_INSTALLED'> = 'V3_CATALOG';

  constructor(
    readonly appId: string,
    readonly appSecret: string,
    readonly apiKey: string,
    readonly accountId: string,
    private readonly clock: () => number,
  ) {}

  /** Adds a site; throws if its instance or site id is taken. */
  addSite(site: Site): Site {
    if (this.sitesByInstance.has(site.instanceId))
      throw new Error(`instance ${site.instanceId} already exists`);
    if (this.sitesById.has(site.siteId)) throw new Error(`site ${site.siteId} already exists`);
    this.sitesByInstance.set(site.instanceId, site);
    this.sitesById.set(site.siteId, site);
    return site;
  }

  siteByInstance(instanceId: string): Site | undefined {
    return this.sitesByInstance.get(instanceId);
  }

  siteById(siteId: string): Site | undefined {
    return this.sitesById.get(siteId);
  }

  /** Issues an access token for an instance, valid `ttlSeconds`. */
  issueToken(instanceId: string, kind: 'oauth2' | 'legacy', ttlSeconds: number): string {
    const token = opaque(kind === 'oauth2' ? 'OauthNG.JWS' : 'LEGACY.AT');
    const issuedAt = this.clock();
    this.tokens.set(token, { instanceId, kind, issuedAt, expiresAt: issuedAt + ttlSeconds * 1000 });
    return token;
  }

  /** The site and kind of a live token, or why it is not usable. */
  resolveToken(token: string): { site: Site; kind: 'oauth2' | 'legacy' } | 'unknown' | 'expired' {
    const issued = this.tokens.get(token);
    if (!issued) return 'unknown';
    if (issued.expiresAt <= this.clock()) return 'expired';
    const site = this.sitesByInstance.get(issued.instanceId);
    return site ? { site, kind: issued.kind } : 'unknown';
  }

  /** What the sandbox knows about a token it issued, live or not. */
  describeToken(token: string): Readonly<IssuedToken> | undefined {
    return this.tokens.get(token);
  }

  /** A refresh token for the legacy flow; it lives as long as the app stays installed. */
  refreshTokenFor(instanceId: string): string {
    for (const [token, owner] of this.refreshTokens) if (owner === instanceId) return token;
    const token = opaque('LEGACY.RT');
    this.refreshTokens.set(token, instanceId);
    return token;
  }

  instanceOfRefreshToken(token: string): string | undefined {
    return this.refreshTokens.get(token);
  }

  /** A one-use authorization code for the legacy flow, valid 10 minutes. */
  createAuthCode(instanceId: string): string {
    if (!this.sitesByInstance.has(instanceId)) throw new Error(`unknown instance ${instanceId}`);
    const code = opaque('OAUTH.CODE');
    this.authCodes.set(code, { instanceId, expiresAt: this.clock() + AUTH_CODE_TTL_MS });
    return code;
  }

  /** Consumes an authorization code: the instance it was issued for, or undefined if unknown, used or expired. */
  consumeAuthCode(code: string): string | undefined {
    const entry = this.authCodes.get(code);
    this.authCodes.delete(code);
    if (!entry || entry.expiresAt <= this.clock()) return undefined;
    return entry.instanceId;
  }

  /** Replaces a refresh token with a new one for the same instance; the old one stops working. */
  rotateRefreshToken(token: string): string | undefined {
    const instanceId = this.refreshTokens.get(token);
    if (!instanceId) return undefined;
    this.refreshTokens.delete(token);
    return this.refreshTokenFor(instanceId);
  }

  /** Revokes every refresh token of an instance (as an uninstall does); returns how many there were. */
  revokeRefreshTokens(instanceId: string): number {
    let revoked = 0;
    for (const [token, owner] of this.refreshTokens) {
      if (owner !== instanceId) continue;
      this.refreshTokens.delete(token);
      revoked += 1;
    }
    return revoked;
  }

  /** Ends the life of every live access token of an instance now; returns how many it ended. */
  expireAccessTokens(instanceId: string): number {
    const now = this.clock();
    let expired = 0;
    for (const issued of this.tokens.values()) {
      if (issued.instanceId !== instanceId || issued.expiresAt <= now) continue;
      issued.expiresAt = now;
      expired += 1;
    }
    return expired;
  }

  /** The `token` Wix adds to the App URL for an App Market install (docs/wix-behaviour.md#install-flow step 1). */
  createInstallToken(instanceId: string): string {
    if (!this.sitesByInstance.has(instanceId)) throw new Error(`unknown instance ${instanceId}`);
    const token = opaque('INSTALL');
    this.installTokens.set(token, { instanceId, expiresAt: this.clock() + INSTALL_TOKEN_TTL_MS });
    return token;
  }

  /** The instance an install token was issued for, or undefined when it is unknown or expired. */
  instanceOfInstallToken(token: string): string | undefined {
    const entry = this.installTokens.get(token);
    if (!entry || entry.expiresAt <= this.clock()) return undefined;
    return entry.instanceId;
  }

  now(): Date {
    return new Date(this.clock());
  }
}

/** A new random UUID (entity ids). */
export const newId = (): string => randomUUID();
