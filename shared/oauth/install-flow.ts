import * as z from 'zod';
import { HttpError } from '#shared/http-error.ts';
import type { Logger } from '#shared/log.ts';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import {
  type CatalogVersion,
  CatalogVersionSchema,
  CONNECTION_ID,
  type Connection,
  type ConnectionStore,
  connectionSecretId,
  freeConnectionId,
} from '#shared/store/connections.ts';
import { isRefreshTokenRejection, type LegacyTokens, requestLegacyTokens } from '#shared/wix/client/auth.ts';
import type { WixAppCredentials } from '#shared/wix/client/connection-client.ts';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import { createWixHttp, WixHttpClient } from '#shared/wix/client/wix-http-client.ts';
import { createInstallState, installStateKey, verifyInstallState } from './install-state.ts';

export const INSTALL_PATH = '/oauth/install';
export const CALLBACK_PATH = '/oauth/callback';
/** Wix's consent screen (wix-api.md §1.1 step 2). */
export const WIX_INSTALLER_URL = 'https://www.wix.com/installer/install';

export interface InstallFlowDeps {
  /** The Wix app; undefined when none is configured (the routes then answer 503). */
  app: WixAppCredentials | undefined;
  wixApiBaseUrl: string;
  /** Where the consent screen is: Wix's, or the sandbox's. */
  installerUrl: string;
  /** The public base URL of this wixflow's HTTP API (no trailing slash): the redirect URL is under it. */
  publicUrl: string;
  connections: ConnectionStore;
  secrets: SecretStore;
  /** Prefix of the secret names wixflow creates (`wixflow/<stack>/` on AWS, empty locally). */
  secretsPrefix: string;
  log: Logger;
  now?: () => number;
}

export type Query = Record<string, string | undefined>;

/** The redirect URL to register in the Wix app dashboard. */
export const redirectUrlOf = (publicUrl: string) => `${publicUrl}${CALLBACK_PATH}`;

/**
 * `GET /oauth/install`: the URL of Wix's consent screen for this app, with the redirect URL, a signed
 * expiring state, and Wix's install `token` passed through. `connection` names the connection to create.
 * Throws HttpError 400 for a malformed connection name, 503 without a configured app.
 */
export async function beginInstall(query: Query, deps: InstallFlowDeps): Promise<string> {
  const connectionId = query.connection || undefined;
  if (connectionId !== undefined && !CONNECTION_ID.test(connectionId)) {
    throw new HttpError(
      400,
      `"${connectionId.slice(0, 100)}" cannot be a connection id: use letters, digits, ".", "_" and "-".`,
      'invalid_connection_id',
    );
  }
  const app = await appOf(deps);
  const target = new URL(deps.installerUrl);
  if (query.token) target.searchParams.set('token', query.token);
  target.searchParams.set('appId', app.appId);
  target.searchParams.set('redirectUrl', redirectUrlOf(deps.publicUrl));
  target.searchParams.set(
    'state',
    createInstallState(installStateKey(app.appSecret), { now: now(deps), connectionId }),
  );
  return target.toString();
}

export interface InstallOutcome {
  connection: Connection;
  /** False when an existing connection of the instance was authorised anew. */
  created: boolean;
}

/**
 * `GET /oauth/callback`: checks the state, exchanges the authorization code at `POST /oauth/access`,
 * confirms the instance the tokens are for, keeps the refresh token in the secret store and creates (or
 * re-authorises) the instance's connection. Nothing is exchanged unless the state is good and the connection
 * can be written. Throws HttpError: 400/403 for a bad state or request, 409 for a connection conflict,
 * 502 when Wix cannot be reached, 503 without a configured app.
 */
export async function completeInstall(query: Query, deps: InstallFlowDeps): Promise<InstallOutcome> {
  const app = await appOf(deps);
  if (query.error) {
    throw new HttpError(
      400,
      `Wix did not authorise the install: ${(query.error_description || query.error).slice(0, 200)}.`,
      'install_declined',
    );
  }
  const state = verifyInstallState(installStateKey(app.appSecret), query.state, now(deps));
  const { code, instanceId } = query;
  if (!code || !instanceId) {
    throw new HttpError(
      400,
      'Wix sent no authorization code or instance id. Start the install again.',
      'missing_code',
    );
  }
  const target = await targetConnection(instanceId, state.connectionId, deps.connections);

  const tokens = await exchangeCode(code, app, deps);
  const { siteId, catalogVersion } = await confirmInstance(tokens.accessToken, instanceId, deps);

  const secretId = connectionSecretId(deps.secretsPrefix, target.id, 'refresh-token');
  await deps.secrets.put(secretId, tokens.refreshToken);
  const at = new Date(now(deps)).toISOString();
  const connection: Connection = {
    id: target.id,
    instanceId,
    ...((siteId ?? target.previous?.siteId) ? { siteId: siteId ?? target.previous?.siteId } : {}),
    auth: { kind: 'refreshToken', secretId },
    status: 'active',
    ...((catalogVersion ?? target.previous?.catalogVersion)
      ? { catalogVersion: catalogVersion ?? target.previous?.catalogVersion }
      : {}),
    createdAt: target.previous?.createdAt ?? at,
    updatedAt: at,
  };
  let created = false;
  if (target.previous) {
    await deps.connections.put(connection);
  } else if (await deps.connections.create(connection)) {
    created = true;
  } else {
    // Created meanwhile (Wix's AppInstalled webhook races the redirect): authorise that one.
    const raced = await deps.connections.get(target.id);
    if (raced?.instanceId !== instanceId || raced.auth.kind === 'apiKey') {
      throw new HttpError(
        409,
        `Connection "${target.id}" was just taken by another site.`,
        'connection_conflict',
      );
    }
    await deps.connections.put({ ...connection, createdAt: raced.createdAt });
  }
  await markSetupComplete(tokens.accessToken, instanceId, deps);
  deps.log.info('Wix app installed', {
    connectionId: connection.id,
    instanceId,
    siteId: connection.siteId,
    created,
  });
  return { connection, created };
}

/**
 * Tells Wix the app needs no further setup (`POST /apps/v1/bi-event` APP_FINISHED_CONFIGURATION, wix-api.md
 * §1.1 step 7): until then the site's dashboard shows the app as "Setup Incomplete". Best effort: the
 * connection already works, so a failure is logged, not shown to the site owner.
 */
async function markSetupComplete(accessToken: string, instanceId: string, deps: InstallFlowDeps) {
  try {
    await tokenClient(accessToken, deps).request({
      method: 'POST',
      path: '/apps/v1/bi-event',
      body: { eventName: 'APP_FINISHED_CONFIGURATION' },
    });
  } catch (error) {
    deps.log.warn('could not mark the install as set up; the site may show wixflow as "Setup Incomplete"', {
      instanceId,
      error,
    });
  }
}

/** A Wix client acting with an access token just issued to the install. */
function tokenClient(accessToken: string, deps: InstallFlowDeps): WixHttpClient {
  return new WixHttpClient({
    baseUrl: deps.wixApiBaseUrl,
    auth: { headers: async () => ({ Authorization: accessToken }) },
  });
}

/**
 * The connection an install authorises: the instance's existing app connection (there is one per site),
 * else the one the install link named, else a free `site-…` id. Throws HttpError 409 when the named id is
 * another site's, or an API key connection.
 */
async function targetConnection(
  instanceId: string,
  requested: string | undefined,
  connections: ConnectionStore,
): Promise<{ id: string; previous: Connection | undefined }> {
  const existing = (await connections.findByInstanceId(instanceId)).find((c) => c.auth.kind !== 'apiKey');
  if (existing) return { id: existing.id, previous: existing };
  const id = requested ?? (await freeConnectionId(connections, instanceId));
  const previous = await connections.get(id);
  if (previous && (previous.instanceId !== instanceId || previous.auth.kind === 'apiKey')) {
    throw new HttpError(
      409,
      previous.instanceId !== instanceId
        ? `Connection "${id}" already belongs to another Wix site. Nothing was installed; choose another name.`
        : `Connection "${id}" uses an API key. Nothing was installed; remove it first or choose another name.`,
      'connection_conflict',
    );
  }
  return { id, previous };
}

async function exchangeCode(
  code: string,
  app: { appId: string; appSecret: string },
  deps: InstallFlowDeps,
): Promise<LegacyTokens & { refreshToken: string }> {
  let tokens: LegacyTokens;
  try {
    tokens = await requestLegacyTokens(createWixHttp(deps.wixApiBaseUrl), app, { code });
  } catch (error) {
    throw wixFailure(error, 'exchange the authorization code', deps.log);
  }
  if (!tokens.refreshToken) {
    throw new HttpError(502, 'Wix answered the code exchange without a refresh token.', 'wix_unavailable');
  }
  return { ...tokens, refreshToken: tokens.refreshToken };
}

const AppInstance = z.looseObject({
  instance: z.looseObject({ instanceId: z.string().min(1) }),
  site: z.looseObject({ siteId: z.string().min(1).optional() }).optional(),
});

/**
 * Asks Wix which instance the new token acts for (`GET /apps/v1/instance`), refusing a callback whose
 * `instanceId` is not the code's, and reads the site's catalog version (best effort).
 */
async function confirmInstance(
  accessToken: string,
  instanceId: string,
  deps: InstallFlowDeps,
): Promise<{ siteId: string | undefined; catalogVersion: CatalogVersion | undefined }> {
  const wix = tokenClient(accessToken, deps);
  let instance: z.infer<typeof AppInstance>;
  try {
    const parsed = AppInstance.safeParse(
      (await wix.request({ method: 'GET', path: '/apps/v1/instance' })).body,
    );
    if (!parsed.success)
      throw new WixApiError('Wix answered GET /apps/v1/instance without an instance', {
        status: 502,
        retryable: true,
      });
    instance = parsed.data;
  } catch (error) {
    throw wixFailure(error, 'confirm the installation', deps.log);
  }
  if (instance.instance.instanceId !== instanceId) {
    deps.log.warn('install callback names another instance than its authorization code', {
      callbackInstanceId: instanceId,
      codeInstanceId: instance.instance.instanceId,
    });
    throw new HttpError(
      400,
      'The instance id in the callback is not the one Wix authorised. Nothing was installed.',
      'instance_mismatch',
    );
  }
  let catalogVersion: CatalogVersion | undefined;
  try {
    const { body } = await wix.request<{ catalogVersion?: unknown }>({
      method: 'GET',
      path: '/stores/v3/provision/version',
    });
    const parsed = CatalogVersionSchema.safeParse(body.catalogVersion);
    catalogVersion = parsed.success ? parsed.data : undefined;
  } catch (error) {
    deps.log.warn('could not read the catalog version at install; a run will learn it', {
      instanceId,
      error,
    });
  }
  return { siteId: instance.site?.siteId, catalogVersion };
}

function wixFailure(error: unknown, what: string, log: Logger): HttpError {
  if (isRefreshTokenRejection(error)) {
    log.warn(`Wix refused to ${what}`, { error });
    return new HttpError(
      400,
      `Wix refused to ${what}: ${(error as Error).message}. Install links work once and for ten minutes; start the install again.`,
      'code_rejected',
    );
  }
  log.error(`could not ${what}`, { error });
  return new HttpError(
    502,
    `wixflow could not reach Wix to ${what}. Nothing was installed; try again in a moment.`,
    'wix_unavailable',
  );
}

async function appOf(deps: InstallFlowDeps): Promise<{ appId: string; appSecret: string }> {
  if (!deps.app) {
    throw new HttpError(503, 'This wixflow has no Wix app configured, so it cannot install one.', 'no_app');
  }
  try {
    return { appId: deps.app.appId, appSecret: await deps.app.appSecret() };
  } catch (error) {
    deps.log.error('the Wix app secret cannot be read', { error });
    throw new HttpError(
      503,
      'This wixflow cannot read its Wix app secret, so it cannot install the app.',
      'no_app',
    );
  }
}

const now = (deps: InstallFlowDeps) => (deps.now ?? Date.now)();
