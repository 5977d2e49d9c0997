import type { SecretStore } from '#shared/secrets/secret-store.ts';
import type { WixAppCredentials } from './connection-client.ts';

/** The Wix app's credentials, its secret read from the secret store when first needed; undefined without an app id. */
export function appCredentials(
  appId: string | undefined,
  appSecretId: string | undefined,
  secrets: SecretStore,
): WixAppCredentials | undefined {
  if (!appId) return undefined;
  return {
    appId,
    appSecret: async () => {
      const secret = appSecretId ? await secrets.get(appSecretId) : undefined;
      if (!secret) throw new Error('the Wix app secret is not set: store it in the secret store first');
      return secret;
    },
  };
}
