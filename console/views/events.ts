import { planReplay, queueReplays, type ReplayPlan, storedEvent } from '#shared/replay/replay-events.ts';
import type { EventRecord } from '#shared/store/events.ts';
import { badge, href, html, json, time } from '../html.ts';
import { sourceOf } from './overview.ts';
import { NotFound, noticeOf, pageOf, sinceOf, type View } from './view.ts';

const STATUSES = ['received', 'done', 'stale', 'ignored'];

/** The event log, newest first, with triggers, runs and duplicates; events can be selected for replay. */
export const eventsList: View = async ({ ctx, now }, { query }) => {
  const filters = {
    status: query.get('status') ?? '',
    type: query.get('type') ?? '',
    since: query.get('since') ?? '1d',
  };
  const since = sinceOf(filters.since, now(), '1d');
  const records =
    since instanceof Date
      ? (await ctx.stores.events.listSince(since, 10_000))
          .filter(
            (e) =>
              (!filters.status || e.status === filters.status) &&
              (!filters.type || e.eventType.includes(filters.type)),
          )
          .reverse()
      : [];
  const shown = pageOf(records, (e) => e.eventId, query.get('cursor'));
  const notice = since instanceof Date ? noticeOf(query) : { kind: 'error' as const, text: since.error };
  return {
    title: 'Events',
    current: '/events',
    ...(notice ? { notice } : {}),
    body: html`<h1>Events</h1>
<p><a href="/events/dlq">Dead-letter queue</a></p>
<form method="get" action="/events" class="filters" role="search" aria-label="Filter events">
  <label>status <select name="status"><option value="">any</option>${STATUSES.map(
    (s) => html`<option${s === filters.status ? html` selected` : ''}>${s}</option>`,
  )}</select></label>
  <label>event type contains <input name="type" value="${filters.type}"></label>
  <label>since <input name="since" value="${filters.since}"></label>
  <button type="submit">Filter</button>
</form>
${
  shown.items.length === 0
    ? html`<p>No events match.</p>`
    : html`<form method="post" action="/events/replay">
<table><thead><tr><th scope="col"><span class="visually-hidden">select</span></th><th scope="col">event</th><th scope="col">received</th><th scope="col">type</th><th scope="col">source</th><th scope="col">status</th><th scope="col">triggers</th><th scope="col">runs</th><th scope="col">duplicates</th></tr></thead>
<tbody>${shown.items.map(
        (
          e,
        ) => html`<tr><td><input type="checkbox" name="event" value="${e.eventId}" id="sel-${e.eventId}" aria-label="select ${e.eventId}"></td>
<td><a href="/events/${encodeURIComponent(e.eventId)}">${e.eventId}</a></td><td>${time(e.receivedAt)}</td><td>${e.eventType}</td><td>${sourceOf(e)}</td><td>${badge(e.status)}</td><td>${e.triggers.join(', ') || '-'}</td><td>${e.runIds.length}</td><td>${e.duplicates}</td></tr>`,
      )}</tbody></table>
<p><label><input type="checkbox" name="force" value="yes"> run rules again even where they succeeded</label>
<button type="submit">Replay selected…</button> <span class="help">shows the plan first</span></p>
</form>`
}
${shown.next ? html`<p><a rel="next" href="${href('/events', { ...filters, cursor: shown.next })}">Older events →</a></p>` : ''}`,
  };
};

/** One event: its decoded payload, triggers, runs and duplicate count, with a replay. */
export const eventDetail: View = async ({ ctx }, { params, query }) => {
  const eventId = params[0] ?? '';
  const record = await ctx.stores.events.find(eventId);
  if (!record) throw new NotFound(`no event "${eventId}" in the event log`);
  const runs = await Promise.all(record.runIds.map((id) => ctx.stores.runs.get(id)));
  const event = storedEvent(record);
  const notice = noticeOf(query);
  return {
    title: `Event ${eventId}`,
    current: '/events',
    ...(notice ? { notice } : {}),
    body: html`<h1>Event <code>${record.eventId}</code> ${badge(record.status)}</h1>
<dl class="facts">
  <dt>type</dt><dd>${record.eventType}</dd><dt>source</dt><dd>${sourceOf(record)}</dd>
  ${record.originalEventId ? html`<dt>Wix event id</dt><dd><code>${record.originalEventId}</code></dd>` : ''}
  <dt>instance</dt><dd>${record.instanceId}</dd><dt>received</dt><dd>${time(record.receivedAt)}</dd>
  <dt>triggers</dt><dd>${record.triggers.join(', ') || '-'}</dd><dt>duplicates</dt><dd>${record.duplicates}</dd>
  ${record.note ? html`<dt>note</dt><dd>${record.note}</dd>` : ''}
</dl>
<h2>Runs</h2>
${
  runs.length === 0
    ? html`<p>No rule ran for it.</p>`
    : html`<ul>${runs.map((r, i) =>
        r
          ? html`<li><a href="/runs/${encodeURIComponent(r.runId)}">${r.runId}</a> ${r.ruleId} ${badge(r.status)}</li>`
          : html`<li>${record.runIds[i]} (no longer kept)</li>`,
      )}</ul>`
}
<form method="post" action="/events/replay"><input type="hidden" name="event" value="${record.eventId}">
<label><input type="checkbox" name="force" value="yes"> run rules again even where they succeeded</label>
<button type="submit">Replay…</button> <span class="help">shows the plan first</span></form>
<h2>Payload</h2>
${event ? json(event) : html`<p>Stored without its payload (GDPR anonymize request).</p>`}`,
  };
};

/** Replay: first the plan (what would run, nothing queued); with `confirm`, queues the events. */
export const replayEvents: View = async ({ ctx }, { form }) => {
  const ids = [...new Set(form.getAll('event'))];
  const force = form.get('force') === 'yes';
  if (ids.length === 0)
    return { redirect: href('/events', { error: 'select at least one event to replay' }) };
  const records: EventRecord[] = [];
  for (const id of ids) {
    const record = await ctx.stores.events.get(id);
    if (!record) throw new NotFound(`no event "${id}" in the event log`);
    records.push(record);
  }
  const rules = await ctx.stores.rules.list();
  const plans: ReplayPlan[] = [];
  for (const record of records) {
    plans.push(
      await planReplay(record, { rules, connections: ctx.stores.connections, runs: ctx.stores.runs }, force),
    );
  }
  const back = ids.length === 1 ? `/events/${encodeURIComponent(ids[0] ?? '')}` : '/events';
  if (form.get('confirm') !== 'yes') {
    const runnable = plans.filter((p) => p.runs.some((r) => r.action !== 'skip')).length;
    return {
      title: 'Replay plan',
      current: '/events',
      body: html`<h1>Replay plan</h1>
<p>Nothing has been queued. This is what replaying ${ids.length === 1 ? 'the event' : `${ids.length} events`} through the current rules would do:</p>
${plans.map(planBlock)}
${
  runnable === 0
    ? html`<p>Nothing would run. ${force ? '' : 'Tick “run rules again” to repeat succeeded runs.'}</p><p><a href="${back}">Back</a></p>`
    : html`<form method="post" action="/events/replay">${ids.map((id) => html`<input type="hidden" name="event" value="${id}">`)}
${force ? html`<input type="hidden" name="force" value="yes">` : ''}<input type="hidden" name="confirm" value="yes">
<button type="submit" class="primary">Queue ${runnable} event${runnable === 1 ? '' : 's'} for replay</button> <a href="${back}">Cancel</a></form>`
}`,
    };
  }
  const queued = await queueReplays(ctx.queues(), records, plans, force);
  return {
    redirect: href(back, {
      ok: `Queued ${queued} event${queued === 1 ? '' : 's'} for replay; the new runs appear under Runs.`,
    }),
  };
};

function planBlock(plan: ReplayPlan) {
  return html`<section class="plan"><h2><a href="/events/${encodeURIComponent(plan.eventId)}">${plan.eventId}</a> <small>${plan.eventType}</small></h2>
${plan.unavailable ? html`<p>Cannot replay: ${plan.unavailable}</p>` : plan.runs.length === 0 ? html`<p>No enabled rule matches it now.</p>` : ''}
<ul>${plan.runs.map(
    (r) =>
      html`<li>${r.ruleId} on ${r.connectionId} for ${r.trigger}: ${
        r.action === 'skip'
          ? `skip (already ${r.previousStatus})`
          : r.action === 'retry'
            ? `run again (was ${r.previousStatus})`
            : 'run'
      }</li>`,
  )}</ul></section>`;
}

/** The dead-letter queue: how many events wait there, and moving them back. */
export const dlqView: View = async ({ ctx }, { query }) => {
  let depth: { queue: number; dlq: number } | undefined;
  let problem: string | undefined;
  try {
    const queues = ctx.queues();
    try {
      depth = await queues.depth();
    } finally {
      queues.close();
    }
  } catch (error) {
    problem = (error as Error).message;
  }
  const notice = noticeOf(query) ?? (problem ? { kind: 'error' as const, text: problem } : undefined);
  return {
    title: 'Dead-letter queue',
    current: '/events',
    ...(notice ? { notice } : {}),
    body: html`<h1>Dead-letter queue</h1>
${
  depth
    ? html`<p>${depth.dlq} event${depth.dlq === 1 ? '' : 's'} dead-lettered · ${depth.queue} waiting in the events queue.</p>
${depth.dlq > 0 ? html`<form method="post" action="/events/dlq/redrive"><button type="submit">Move ${depth.dlq} back to the events queue</button></form>` : ''}`
    : html`<p>The queues cannot be reached.</p>`
}`,
  };
};

/** Moves every dead-lettered event back to the events queue. */
export const redriveDlq: View = async ({ ctx }) => {
  const queues = ctx.queues();
  try {
    const moved = await queues.redriveDlq();
    return {
      redirect: href('/events/dlq', {
        ok: `Moved ${moved} event${moved === 1 ? '' : 's'} back to the events queue.`,
      }),
    };
  } finally {
    queues.close();
  }
};
