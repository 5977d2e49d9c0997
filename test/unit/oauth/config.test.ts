import { describe, expect, it } from 'vitest';
import { loadLocalConfig, loadOAuthConfig } from '#shared/config.ts';

const OAUTH_ENV = {
  CONNECTIONS_TABLE: 'connections',
  WIX_APP_ID: 'app',
  WIX_APP_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:wix-AbC123',
  WIXFLOW_SECRETS_PREFIX: 'wixflow/Wixflow-dev/',
  WIXFLOW_PUBLIC_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
  WIXFLOW_STAGE: 'prod',
};

describe('install flow configuration', () => {
  it('reads the oauth function settings, trimming the public URL and defaulting Wix URLs', () => {
    expect(loadOAuthConfig(OAUTH_ENV)).toEqual({
      connectionsTable: 'connections',
      wixApiBaseUrl: 'https://www.wixapis.com',
      appId: 'app',
      appSecretId: OAUTH_ENV.WIX_APP_SECRET_ARN,
      secretsPrefix: 'wixflow/Wixflow-dev/',
      secretsKmsKeyArn: undefined,
      publicUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com',
      installerUrl: 'https://www.wix.com/installer/install',
      stage: 'prod',
      logLevel: 'info',
    });
  });

  it('fails fast naming every missing or malformed variable', () => {
    const load = () => loadOAuthConfig({ ...OAUTH_ENV, WIX_APP_ID: '', WIXFLOW_PUBLIC_URL: 'not a url' });

    expect(load).toThrow(/oauth configuration is invalid: .*WIX_APP_ID.*WIXFLOW_PUBLIC_URL/);
  });

  it('refuses a public URL with a query string', () => {
    expect(() => loadOAuthConfig({ ...OAUTH_ENV, WIXFLOW_PUBLIC_URL: 'https://x.example.com/?a=1' })).toThrow(
      /WIXFLOW_PUBLIC_URL/,
    );
  });

  it('lets the local stack name its public URL and installer, with defaults', () => {
    expect(loadLocalConfig({})).toMatchObject({
      publicUrl: undefined,
      installerUrl: 'https://www.wix.com/installer/install',
    });
    expect(
      loadLocalConfig({
        WIXFLOW_PUBLIC_URL: 'https://my-tunnel.example.com',
        WIX_INSTALLER_URL: 'http://127.0.0.1:4010/installer/install',
      }),
    ).toMatchObject({
      publicUrl: 'https://my-tunnel.example.com',
      installerUrl: 'http://127.0.0.1:4010/installer/install',
    });
  });
});
