import * as z from 'zod';
import { HttpError } from '#shared/http-error.ts';
import type { Logger } from '#shared/log.ts';
import { type CatalogVersion, CatalogVersionSchema } from '#shared/store/connections.ts';
import {
  isRefreshTokenRejection,
  type LegacyTokens,
  requestLegacyTokens,
} from '#shared/wix/client/legacy-tokens.ts';
import { WixApiError } from '#shared/wix/client/wix-api-error.ts';
import { createWixHttp, WixHttpClient } from '#shared/wix/client/wix-http-client.ts';

/** What the install's calls to Wix need. */
export interface InstallWixDeps {
  wixApiBaseUrl: string;
  log: Logger;
}

/**
 * Exchanges the install's authorization code at `POST /oauth/access`. Throws HttpError 400 when Wix refuses the
 * code, 502 when Wix cannot be reached or answers without a refresh token.
 */
export async function exchangeCode(
  code: string,
  app: { appId: string; appSecret: string },
  deps: InstallWixDeps,
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
export async function confirmInstance(
  accessToken: string,
  instanceId: string,
  deps: InstallWixDeps,
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

/**
 * Tells Wix the app needs no further setup (`POST /apps/v1/bi-event` APP_FINISHED_CONFIGURATION, step 7 of
 * docs/wix-behaviour.md#install-flow): until then the site's dashboard shows the app as "Setup Incomplete".
 * Best effort: the connection already works, so a failure is logged, not shown to the site owner.
 */
export async function markSetupComplete(accessToken: string, instanceId: string, deps: InstallWixDeps) {
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
function tokenClient(accessToken: string, deps: InstallWixDeps): WixHttpClient {
  return new WixHttpClient({
    baseUrl: deps.wixApiBaseUrl,
    auth: { headers: async () => ({ Authorization: accessToken }) },
  });
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
