import { join } from 'node:path';
import { createOAuthHandler } from '#functions/oauth/app.ts';
import { startDynalite } from '#local/emulators.ts';
import { type LocalHttpServer, startHttpServer } from '#local/http-server.ts';
import { type LocalStores, openLocalStores } from '#local/stores.ts';
import { INSTALLER_PATH } from '#sandbox/routes/oauth.ts';
import { startWixSandbox, type WixSandbox } from '#sandbox/server.ts';
import { createLogger, type Logger } from '#shared/log.ts';
import { CALLBACK_PATH, INSTALL_PATH } from '#shared/oauth/install-flow.ts';
import { FileSecretStore } from '#shared/secrets/file-secret-store.ts';
import { appCredentials } from '#shared/wix/client/app-credentials.ts';
import { tempDir } from '../../support/temp.ts';

export const APP_SECRET_ID = 'wix-app-secret';

export interface OAuthHarness {
  sandbox: WixSandbox;
  stores: LocalStores;
  secrets: FileSecretStore;
  http: LocalHttpServer;
  /** Every JSON log line the handler wrote. */
  logLines: string[];
  log: Logger;
  /** Moves the handler's clock (the sandbox keeps real time). */
  advance(ms: number): void;
  stop(): Promise<void>;
}

/** The install routes on real HTTP, over dynalite, a file secret store and a Wix sandbox standing in for Wix. */
export async function startOAuthHarness(): Promise<OAuthHarness> {
  const dataDir = tempDir('wixflow-oauth-');
  const sandbox = await startWixSandbox();
  const dynamo = await startDynalite();
  const stores = await openLocalStores(dynamo.endpoint);
  const secrets = new FileSecretStore(join(dataDir, 'secrets.json'));
  await secrets.put(APP_SECRET_ID, sandbox.appSecret);
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  let offset = 0;
  const notFound = async () => ({ statusCode: 404, body: 'not found' });
  const http = await startHttpServer(notFound, { port: 0 });
  const oauth = createOAuthHandler({
    app: appCredentials(sandbox.appId, APP_SECRET_ID, secrets),
    wixApiBaseUrl: sandbox.url,
    installerUrl: `${sandbox.url}${INSTALLER_PATH}`,
    publicUrl: http.url,
    connections: stores.connections,
    secrets,
    secretsPrefix: '',
    log,
    now: () => Date.now() + offset,
  });
  http.route(`GET ${INSTALL_PATH}`, oauth);
  http.route(`GET ${CALLBACK_PATH}`, oauth);
  return {
    sandbox,
    stores,
    secrets,
    http,
    logLines,
    log,
    advance: (ms) => {
      offset += ms;
    },
    stop: async () => {
      await http.stop();
      stores.destroy();
      await dynamo.stop();
      await sandbox.stop();
    },
  };
}

export interface Hop {
  url: string;
  status: number;
  location: string | undefined;
  body: string;
  headers: Headers;
}

/** Opens `url` like a browser, following redirects by hand so each hop can be inspected. */
export async function browse(url: string, maxHops = 5): Promise<Hop[]> {
  const hops: Hop[] = [];
  let next: string | undefined = url;
  while (next && hops.length < maxHops) {
    const response = await fetch(next, { redirect: 'manual' });
    const location = response.headers.get('location') ?? undefined;
    hops.push({
      url: next,
      status: response.status,
      location,
      body: await response.text(),
      headers: response.headers,
    });
    next = location ? new URL(location, next).toString() : undefined;
  }
  return hops;
}

/** The last hop of a browse; throws when there was none. */
export function lastHop(hops: Hop[]): Hop {
  const hop = hops.at(-1);
  if (!hop) throw new Error('no hop');
  return hop;
}

/** Calls made to a sandbox path, e.g. `/oauth/access`. */
export const callsTo = (sandbox: WixSandbox, path: string) => sandbox.requests.filter((r) => r.path === path);
