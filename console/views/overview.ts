import { badge, href, html, time } from '../html.ts';
import type { View } from './view.ts';

const DAY_MS = 86_400_000;
const FAILING = new Set(['failed', 'needs-attention']);

/** The last 24 hours: events, runs by status, the DLQ, the rules failing most, each connection's health. */
export const overview: View = async ({ ctx, now }) => {
  const since = new Date(now() - DAY_MS);
  const [events, runs, connections, depth] = await Promise.all([
    ctx.stores.events.listSince(since, 10_000),
    ctx.stores.runs.list({ limit: 1000 }),
    ctx.stores.connections.list(),
    queueDepth(ctx),
  ]);
  const recent = runs.filter((r) => Date.parse(r.startedAt) >= since.getTime());
  const counts = {
    received: events.length,
    actedOn: events.filter((e) => e.runIds.length > 0).length,
    duplicates: events.reduce((n, e) => n + e.duplicates, 0),
    stale: events.filter((e) => e.status === 'stale').length,
    reconciled: events.filter((e) => sourceOf(e) === 'reconcile').length,
  };
  const byStatus = new Map<string, number>();
  for (const run of recent) byStatus.set(run.status, (byStatus.get(run.status) ?? 0) + 1);
  const failing = new Map<string, number>();
  for (const run of recent)
    if (FAILING.has(run.status)) failing.set(run.ruleId, (failing.get(run.ruleId) ?? 0) + 1);
  const worst = [...failing.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);

  const health = connections.map((c) => {
    const own = runs.filter((r) => r.connectionId === c.id);
    const lastSuccess = own.find((r) => r.status === 'succeeded');
    const authError = own.find(
      (r) =>
        r.error?.status === 401 ||
        r.error?.status === 403 ||
        r.steps.some((s) => s.error?.status === 401 || s.error?.status === 403),
    );
    return { connection: c, lastSuccess, authError };
  });

  return {
    title: 'Overview',
    current: '/',
    body: html`<h1>Overview <small>last 24 hours</small></h1>
<section aria-labelledby="events-h"><h2 id="events-h">Events</h2>
<dl class="tiles">
  <div><dt>received</dt><dd><a href="${href('/events', { since: '24h' })}">${counts.received}</a></dd></div>
  <div><dt>acted on</dt><dd>${counts.actedOn}</dd></div>
  <div><dt>duplicates</dt><dd>${counts.duplicates}</dd></div>
  <div><dt>stale</dt><dd><a href="${href('/events', { since: '24h', status: 'stale' })}">${counts.stale}</a></dd></div>
  <div><dt>reconciled</dt><dd>${counts.reconciled}</dd></div>
  <div><dt>dead-lettered</dt><dd><a href="/events/dlq">${depth ?? 'unknown'}</a></dd></div>
</dl></section>
<section aria-labelledby="runs-h"><h2 id="runs-h">Runs by status</h2>
${
  byStatus.size === 0
    ? html`<p>No runs in the last 24 hours.</p>`
    : html`<ul class="inline">${[...byStatus.entries()].map(
        ([status, n]) =>
          html`<li><a href="${href('/runs', { status, since: '24h' })}">${badge(status)} ${n}</a></li>`,
      )}</ul>`
}</section>
<section aria-labelledby="failing-h"><h2 id="failing-h">Rules failing most</h2>
${
  worst.length === 0
    ? html`<p>No rule failed in the last 24 hours.</p>`
    : html`<table><thead><tr><th scope="col">rule</th><th scope="col">failed or needing attention</th></tr></thead><tbody>${worst.map(
        ([ruleId, n]) =>
          html`<tr><td><a href="${href(`/rules/${encodeURIComponent(ruleId)}`)}">${ruleId}</a></td><td><a href="${href('/runs', { rule: ruleId, status: 'failed', since: '24h' })}">${n}</a></td></tr>`,
      )}</tbody></table>`
}</section>
<section aria-labelledby="conn-h"><h2 id="conn-h">Connections</h2>
${
  health.length === 0
    ? html`<p>No connections yet: <code>npx wixflow connections add</code>.</p>`
    : html`<table><thead><tr><th scope="col">connection</th><th scope="col">status</th><th scope="col">last success</th><th scope="col">token or API-key errors</th></tr></thead><tbody>${health.map(
        ({ connection, lastSuccess, authError }) => html`<tr>
<td><a href="/connections">${connection.id}</a></td><td>${badge(connection.status)}</td>
<td>${lastSuccess ? html`<a href="/runs/${encodeURIComponent(lastSuccess.runId)}">${time(lastSuccess.startedAt)}</a>` : 'never'}</td>
<td>${authError ? html`<a href="/runs/${encodeURIComponent(authError.runId)}">${authError.error?.message ?? authError.steps.find((s) => s.error)?.error?.message ?? 'refused'}</a>` : 'none'}</td></tr>`,
      )}</tbody></table>`
}</section>`,
  };
};

/** Where an event came from: a Wix webhook unless it says otherwise (reconciled, back-filled, automation). */
export function sourceOf(event: { source?: unknown; eventId: string }): string {
  if (typeof event.source === 'string') return event.source;
  const prefix = /^(reconcile|backfill|automation):/.exec(event.eventId)?.[1];
  return prefix ?? 'webhook';
}

async function queueDepth(ctx: Parameters<View>[0]['ctx']): Promise<number | undefined> {
  try {
    const queues = ctx.queues();
    try {
      return (await queues.depth()).dlq;
    } finally {
      queues.close();
    }
  } catch {
    return undefined;
  }
}
