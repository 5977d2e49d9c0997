import { HttpError } from '#shared/http-error.ts';
import type { Logger } from '#shared/log.ts';
import type { SecretStore } from '#shared/secrets/secret-store.ts';
import {
  CONNECTION_ID,
  type Connection,
  type ConnectionStore,
  connectionSecretId,
} from '#shared/store/connections.ts';
import type { WixAppCredentials } from '#shared/wix/client/connection-client.ts';
import { targetConnection } from './install-connection.ts';
import { createInstallState, installStateKey, verifyInstallState } from './install-state.ts';
import { confirmInstance, exchangeCode, markSetupComplete } from './install-wix-calls.ts';

export const INSTALL_PATH = '/oauth/install';
export const CALLBACK_PATH = '/oauth/callback';
/** Wix's consent screen (step 2 of docs/wix-behaviour.md#install-flow). */
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
