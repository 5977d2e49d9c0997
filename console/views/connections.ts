import { badge, html, time } from '../html.ts';
import type { View } from './view.ts';

const AUTH: Record<string, string> = {
  oauth: 'Wix app (client credentials)',
  apiKey: 'API key',
  refreshToken: 'Wix app (legacy refresh token)',
};

/**
 * Each connected site: its auth kind, instance, catalog version, the webhook URL to paste into Wix, and the
 * hidden Wix automations wixflow provisioned on it (their intake URLs are secrets: never shown).
 */
export const connectionsView: View = async ({ ctx }) => {
  const { webhookUrl } = ctx;
  const [connections, automations] = await Promise.all([
    ctx.stores.connections.list(),
    ctx.stores.automations.listRecords(),
  ]);
  return {
    title: 'Connections',
    current: '/connections',
    body: html`<h1>Connections</h1>
${webhookUrl ? html`<p>Webhook URL for your Wix app’s webhooks: <code class="copy">${webhookUrl}</code></p>` : ''}
${
  connections.length === 0
    ? html`<p>No connections yet: <code>npx wixflow connections add --id ID --instance-id INSTANCE (--oauth | --api-key-file FILE --site-id SITE)</code>.</p>`
    : html`<table><thead><tr><th scope="col">connection</th><th scope="col">status</th><th scope="col">auth</th><th scope="col">instance</th><th scope="col">site</th><th scope="col">catalog</th><th scope="col">added</th></tr></thead><tbody>${connections.map(
        (c) =>
          html`<tr><td>${c.id}</td><td>${badge(c.status)}</td><td>${AUTH[c.auth.kind] ?? c.auth.kind}${
            c.auth.kind === 'refreshToken' && c.auth.refreshTokenRejectedAt
              ? html` <span class="error">refresh token rejected ${time(c.auth.refreshTokenRejectedAt)}</span>`
              : ''
          }</td><td><code>${c.instanceId}</code></td><td>${c.siteId ?? (c.auth.kind === 'apiKey' ? (c.auth.siteId ?? `account ${c.auth.accountId ?? ''}`) : '-')}</td><td>${c.catalogVersion ?? 'not asked yet'}</td><td>${time(c.createdAt)}</td></tr>`,
      )}</tbody></table>`
}
<h2>Provisioned automations</h2>
${
  automations.length === 0
    ? html`<p>None: a rule on an <code>automation:…</code> trigger provisions one per site and trigger (<code>npx wixflow automations list</code>).</p>`
    : html`<table><thead><tr><th scope="col">connection</th><th scope="col">trigger</th><th scope="col">Wix automation</th><th scope="col">posts to</th><th scope="col">updated</th></tr></thead><tbody>${automations.map(
        (a) =>
          html`<tr><td>${a.connectionId}</td><td><code>automation:${a.triggerKey}</code></td><td><code>${a.automationId}</code></td><td><code>${a.publicUrl}/webhooks/automations/…</code></td><td>${time(a.updatedAt)}</td></tr>`,
      )}</tbody></table>`
}
<p><code>npx wixflow automations sync</code> repairs an automation the site owner deleted or changed.</p>`,
  };
};
