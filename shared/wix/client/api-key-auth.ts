import type { WixAuth } from './wix-http-client.ts';

/** An API key connection: `Authorization: <key>` plus exactly one of `wix-site-id` / `wix-account-id`. */
export class ApiKeyAuth implements WixAuth {
  constructor(
    private readonly apiKey: () => Promise<string>,
    private readonly scope: { siteId: string } | { accountId: string },
  ) {}

  async headers(): Promise<Record<string, string>> {
    const key = await this.apiKey();
    return 'siteId' in this.scope
      ? { Authorization: key, 'wix-site-id': this.scope.siteId }
      : { Authorization: key, 'wix-account-id': this.scope.accountId };
  }
}
