import type { Run, StepRecord } from '#shared/store/runs.ts';
import { badge, href, html, json, time } from '../html.ts';
import { NotFound, noticeOf, pageOf, sinceOf, type View } from './view.ts';

const STATUSES = ['running', 'succeeded', 'failed', 'retrying', 'skipped', 'needs-attention'];

/** Runs, newest first, filtered by rule, status, trigger, connection and time; the filters live in the URL. */
export const runsList: View = async ({ ctx, now }, { query }) => {
  const filters = {
    rule: query.get('rule') ?? '',
    status: query.get('status') ?? '',
    trigger: query.get('trigger') ?? '',
    connection: query.get('connection') ?? '',
    since: query.get('since') ?? '7d',
  };
  const since = sinceOf(filters.since, now(), '7d');
  const all = await ctx.stores.runs.list({ ...(filters.rule ? { ruleId: filters.rule } : {}), limit: 1000 });
  const matching =
    since instanceof Date
      ? all.filter(
          (r) =>
            (!filters.status || r.status === filters.status) &&
            (!filters.trigger || r.trigger === filters.trigger) &&
            (!filters.connection || r.connectionId === filters.connection) &&
            Date.parse(r.startedAt) >= since.getTime(),
        )
      : [];
  const shown = pageOf(matching, (r) => r.runId, query.get('cursor'));
  const notice = since instanceof Date ? noticeOf(query) : { kind: 'error' as const, text: since.error };
  return {
    title: 'Runs',
    current: '/runs',
    ...(notice ? { notice } : {}),
    body: html`<h1>Runs</h1>
<form method="get" action="/runs" class="filters" role="search" aria-label="Filter runs">
  <label>rule <input name="rule" value="${filters.rule}"></label>
  <label>status <select name="status"><option value="">any</option>${STATUSES.map(
    (s) => html`<option${s === filters.status ? html` selected` : ''}>${s}</option>`,
  )}</select></label>
  <label>trigger <input name="trigger" value="${filters.trigger}"></label>
  <label>connection <input name="connection" value="${filters.connection}"></label>
  <label>since <input name="since" value="${filters.since}" aria-describedby="since-help"></label>
  <span id="since-help" class="help">30m, 6h, 2d or an ISO time</span>
  <button type="submit">Filter</button>
</form>
${
  shown.items.length === 0
    ? html`<p>No runs match.</p>`
    : html`<table><thead><tr><th scope="col">run</th><th scope="col">started</th><th scope="col">rule</th><th scope="col">trigger</th><th scope="col">connection</th><th scope="col">status</th><th scope="col">attempts</th><th scope="col">duration</th></tr></thead>
<tbody>${shown.items.map(
        (
          r,
        ) => html`<tr><td><a href="/runs/${encodeURIComponent(r.runId)}">${r.runId}</a></td><td>${time(r.startedAt)}</td>
<td><a href="/rules/${encodeURIComponent(r.ruleId)}">${r.ruleId}</a></td><td>${r.trigger}</td><td>${r.connectionId}</td><td>${badge(r.status)}</td><td>${r.attempts}</td><td>${r.durationMs === undefined ? '-' : `${r.durationMs} ms`}</td></tr>`,
      )}</tbody></table>`
}
${shown.next ? html`<p><a rel="next" href="${href('/runs', { ...filters, cursor: shown.next })}">Older runs →</a></p>` : ''}`,
  };
};

/** One run: each step's input, output, Wix error (message and code), calls, attempts and timing. */
export const runDetail: View = async ({ ctx }, { params, query }) => {
  const runId = params[0] ?? '';
  const run = await ctx.stores.runs.get(runId);
  if (!run) throw new NotFound(`no run "${runId}"`);
  const notice = noticeOf(query);
  return {
    title: `Run ${run.runId}`,
    current: '/runs',
    ...(notice ? { notice } : {}),
    body: html`<h1>Run <code>${run.runId}</code> ${badge(run.status)}</h1>
<dl class="facts">
  <dt>rule</dt><dd><a href="/rules/${encodeURIComponent(run.ruleId)}">${run.ruleId}</a> (version ${run.ruleVersion})</dd>
  <dt>event</dt><dd><a href="/events/${encodeURIComponent(run.eventId)}">${run.eventId}</a> ${run.eventType}</dd>
  <dt>trigger</dt><dd>${run.trigger}</dd>
  <dt>connection</dt><dd>${run.connectionId} (instance ${run.instanceId})</dd>
  <dt>started</dt><dd>${time(run.startedAt)}</dd>
  <dt>finished</dt><dd>${time(run.finishedAt)}${run.durationMs === undefined ? '' : ` · ${run.durationMs} ms`}</dd>
  <dt>attempts</dt><dd>${run.attempts}</dd>
  ${run.reason ? html`<dt>reason</dt><dd>${run.reason}</dd>` : ''}
  ${run.replayId ? html`<dt>replay</dt><dd>${run.replayId}</dd>` : ''}
</dl>
${run.error ? errorBlock(run.error, 'The run failed') : ''}
${
  run.status === 'failed' || run.status === 'needs-attention'
    ? html`<form method="post" action="/events/replay"><input type="hidden" name="event" value="${run.eventId}"><button type="submit">Replay its event…</button> <span class="help">shows the plan first; nothing runs until you confirm</span></form>`
    : ''
}
<h2>Steps</h2>
${run.steps.length === 0 ? html`<p>No step ran.</p>` : run.steps.map(stepBlock)}`,
  };
};

function stepBlock(step: StepRecord) {
  return html`<section class="step" aria-labelledby="step-${step.id}">
<h3 id="step-${step.id}">${step.id} <small>${step.module}</small> ${badge(step.status)}</h3>
<p>${time(step.startedAt)} · ${step.durationMs} ms</p>
${step.error ? errorBlock(step.error, 'Error') : ''}
<details open><summary>Input</summary>${json(step.input)}</details>
${step.output === undefined ? '' : html`<details><summary>Output</summary>${json(step.output)}</details>`}
${
  step.calls.length === 0
    ? ''
    : html`<details><summary>Wix calls (${step.calls.length})</summary><ul>${step.calls.map(
        (c) => html`<li><code>${c.method} ${c.path}</code> → ${c.status}</li>`,
      )}</ul></details>`
}
</section>`;
}

function errorBlock(error: NonNullable<Run['error']>, heading: string) {
  return html`<div class="error" role="note"><strong>${heading}:</strong> ${error.message}
<dl class="facts">${error.status === undefined ? '' : html`<dt>status</dt><dd>${error.status}</dd>`}${error.code ? html`<dt>code</dt><dd><code>${error.code}</code></dd>` : ''}<dt>retryable</dt><dd>${error.retryable ? 'yes' : 'no'}</dd></dl></div>`;
}
