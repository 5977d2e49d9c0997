import { stringify } from 'yaml';
import { provisionAfterRulesChange, summariseChanges } from '#cli/commands/automations.ts';
import { ruleSecretNames } from '#cli/commands/secrets.ts';
import { sampleEnvelope } from '#sandbox/samples.ts';
import { storedEvent } from '#shared/replay/replay-events.ts';
import { formatProblem } from '#shared/rules/apply-rules.ts';
import { type DryRunReport, dryRunRule } from '#shared/rules/dry-run.ts';
import { type Rule, ruleTriggers, type StoredRule } from '#shared/rules/rule-schema.ts';
import { type LocatedProblem, validateRuleText } from '#shared/rules/rule-text.ts';
import { missingSecretProblems, saveRules } from '#shared/rules/save-rules.ts';
import { ruleSecretId } from '#shared/secrets/rule-secrets.ts';
import { eventTypesFor, isCatalogTrigger } from '#shared/triggers/catalog.ts';
import { eventFromEnvelope } from '#shared/wix/webhook/verify.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { badge, href, html, json, time } from '../html.ts';
import { NotFound, noticeOf, type View, type ViewDeps } from './view.ts';

const GIT_NOTE = html`<p class="help">Rules kept in git should be changed there and applied with <code>npx wixflow rules apply</code>: a save here is overwritten by the next apply. Copy the YAML below into your file.</p>`;

/** Every rule with its last run and failure rate. */
export const rulesList: View = async ({ ctx }, { query }) => {
  const rules = await ctx.stores.rules.list();
  const runs = await Promise.all(rules.map((r) => ctx.stores.runs.list({ ruleId: r.id, limit: 100 })));
  const notice = noticeOf(query);
  return {
    title: 'Rules',
    current: '/rules',
    ...(notice ? { notice } : {}),
    body: html`<h1>Rules</h1>
${
  rules.length === 0
    ? html`<p>No rules yet. Write one (see the README) and run <code>npx wixflow rules apply FILE</code>.</p>`
    : html`<table><thead><tr><th scope="col">rule</th><th scope="col">trigger</th><th scope="col">connection</th><th scope="col">enabled</th><th scope="col">last run</th><th scope="col">failure rate <small>(last 100 runs)</small></th></tr></thead><tbody>${rules.map(
        (rule, i) => {
          const own = runs[i] ?? [];
          const last = own[0];
          const failed = own.filter((r) => r.status === 'failed' || r.status === 'needs-attention').length;
          return html`<tr><td><a href="/rules/${encodeURIComponent(rule.id)}">${rule.id}</a></td><td>${ruleTriggers(rule).join(', ')}</td><td>${rule.connection}</td>
<td>${rule.enabled ? 'yes' : 'no'}</td><td>${last ? html`<a href="/runs/${encodeURIComponent(last.runId)}">${badge(last.status)} ${time(last.startedAt)}</a>` : '-'}</td>
<td>${own.length === 0 ? '-' : `${Math.round((failed / own.length) * 100)} % (${failed} of ${own.length})`}</td></tr>`;
        },
      )}</tbody></table>`
}`,
  };
};

/** One rule: its source, enable/disable, and a dry run against a stored event or Wix's documented sample. */
export const ruleDetail: View = async (deps, { params, query }) => {
  const rule = await ruleOr404(deps, params[0]);
  const notice = noticeOf(query);
  return {
    title: `Rule ${rule.id}`,
    current: '/rules',
    ...(notice ? { notice } : {}),
    body: html`<h1>Rule <code>${rule.id}</code> ${rule.enabled ? badge('enabled') : badge('disabled')}</h1>
<p><a href="/rules/${encodeURIComponent(rule.id)}/edit">Edit</a> · <a href="${href('/runs', { rule: rule.id })}">Runs</a></p>
<form method="post" action="/rules/${encodeURIComponent(rule.id)}/enabled"><input type="hidden" name="enabled" value="${rule.enabled ? 'no' : 'yes'}">
<button type="submit">${rule.enabled ? 'Disable' : 'Enable'}</button></form>
<h2>Source</h2>
<p>Version ${rule.version}, saved ${time(rule.updatedAt)}.</p>
<pre class="source" aria-label="rule source">${sourceOf(rule)}</pre>
${await testForm(deps, rule)}`,
  };
};

/** The editor: the rule's YAML in a text area, validated as `rules apply` validates. */
export const ruleEdit: View = async (deps, { params }) => {
  const rule = await ruleOr404(deps, params[0]);
  return editPage(rule.id, sourceOf(rule));
};

/** Validates the edited text; with `save`, stores it as `rules apply` would. */
export const ruleSave: View = async (deps, { params, form }) => {
  const rule = await ruleOr404(deps, params[0]);
  const text = form.get('source') ?? '';
  const checked = validateRuleText(text, rule.id);
  const problems: LocatedProblem[] = checked.ok ? [] : checked.problems;
  if (checked.ok) {
    const [only, ...more] = checked.rules;
    if (!only || more.length > 0 || only.id !== rule.id)
      problems.push({
        ruleId: rule.id,
        path: 'id',
        reason: `the editor changes rule ${rule.id} only: keep one rule with id ${rule.id}`,
        line: 1,
      });
    else problems.push(...missingSecretProblems(checked.rules, await ruleSecretNames(deps.ctx)));
  }
  if (problems.length > 0) return editPage(rule.id, text, { problems });
  if (form.get('action') !== 'save') return editPage(rule.id, text, { valid: true });
  if (!checked.ok) throw new Error('unreachable: saved text was not valid');
  const saved = await saveRules(deps.ctx.stores, checked.rules);
  const what = saved.unchanged > 0 ? 'unchanged' : 'saved';
  return {
    redirect: href(
      `/rules/${encodeURIComponent(rule.id)}`,
      await withAutomations(deps, `Rule ${rule.id} ${what}.`),
    ),
  };
};

/** Enables or disables a rule. */
export const ruleToggle: View = async (deps, { params, form }) => {
  const rule = await ruleOr404(deps, params[0]);
  const enabled = form.get('enabled') === 'yes';
  const { version: _v, updatedAt: _u, ...plain } = rule;
  await saveRules(deps.ctx.stores, [{ ...plain, enabled }]);
  return {
    redirect: href(
      `/rules/${encodeURIComponent(rule.id)}`,
      await withAutomations(deps, `Rule ${rule.id} ${enabled ? 'enabled' : 'disabled'}.`),
    ),
  };
};

/** After a save: keeps the sites' wixflow automations in step (README "Automations triggers") and says so. */
async function withAutomations(deps: ViewDeps, saved: string): Promise<{ ok: string } | { error: string }> {
  try {
    const changes = await provisionAfterRulesChange(deps.ctx);
    const summary = summariseChanges(changes);
    return changes.some((c) => c.error) ? { error: `${saved}${summary}` } : { ok: `${saved}${summary}` };
  } catch (error) {
    return { error: `${saved} Automations could not be set up: ${(error as Error).message}` };
  }
}

/** The dry run of a rule against a stored event or a documented sample: the plan, nothing called. */
export const ruleTest: View = async (deps, { params, form }) => {
  const rule = await ruleOr404(deps, params[0]);
  const source = form.get('event') ?? '';
  const catalog = form.get('catalog') === 'V1_CATALOG' ? 'V1_CATALOG' : 'V3_CATALOG';
  let event: WixEvent | undefined;
  if (source.startsWith('sample:')) event = sampleEvent(source.slice('sample:'.length));
  else {
    const record = await deps.ctx.stores.events.get(source);
    if (!record) throw new NotFound(`no event "${source}" in the event log`);
    event = storedEvent(record);
  }
  if (!event)
    return {
      redirect: href(`/rules/${encodeURIComponent(rule.id)}`, {
        error: 'no payload to test with: the event was stored without one, or Wix documents no sample for it',
      }),
    };
  const known = rule.connection === '*' ? undefined : await deps.ctx.stores.connections.get(rule.connection);
  const report = await dryRunRule(rule, event, {
    connection: { id: known?.id ?? rule.connection, instanceId: known?.instanceId ?? event.instanceId },
    catalogVersion: catalog,
    ruleSecret: (name) => deps.ctx.secrets.get(ruleSecretId(deps.ctx.secretsPrefix, name)),
  });
  return {
    title: `Test of ${rule.id}`,
    current: '/rules',
    body: html`<h1>Dry run of <a href="/rules/${encodeURIComponent(rule.id)}">${rule.id}</a></h1>
<p>For ${event.eventType} on ${catalog === 'V3_CATALOG' ? 'Catalog V3' : 'Catalog V1'} — nothing was called.</p>
${dryRunBlock(report)}
${await testForm(deps, rule)}`,
  };
};

function dryRunBlock(report: DryRunReport) {
  if (report.triggers.length === 0) return html`<p>The rule does not trigger on this event.</p>`;
  const stop = report.filter && !report.filter.passes;
  return html`<p>Triggers: ${report.triggers.join(', ')}</p>
${(report.missingSecrets ?? []).map((name) => html`<p class="error">Secret ${name} is not set: a live run would fail.</p>`)}
${
  report.filter
    ? html`<p>Filter <code>${report.filter.expression}</code>: ${
        report.filter.error
          ? `fails: ${report.filter.error}`
          : `${JSON.stringify(report.filter.value)} → ${report.filter.passes ? 'runs' : 'skipped'}`
      }</p>`
    : ''
}
${
  stop
    ? ''
    : report.steps.map(
        (step) => html`<section class="step"><h3>${step.id} <small>${step.module}</small></h3>
<details open><summary>Input</summary>${json(step.input)}</details>
${step.calls.length === 0 ? '' : html`<p>Would send:</p><ul>${step.calls.map((c) => html`<li><code>${c.method} ${c.path}</code>${c.body === undefined ? '' : json(c.body)}</li>`)}</ul>`}
${step.error ? html`<p class="error">${step.error}</p>` : ''}</section>`,
      )
}`;
}

async function testForm(deps: ViewDeps, rule: StoredRule) {
  const recent = (await deps.ctx.stores.events.listSince(new Date(deps.now() - 7 * 86_400_000), 1000))
    .filter((e) => e.payload && e.triggers.some((t) => ruleTriggers(rule).includes(t)))
    .reverse()
    .slice(0, 20);
  const samples = ruleTriggers(rule).flatMap((t) =>
    isCatalogTrigger(t) ? eventTypesFor(t).current.slice(0, 1) : [t],
  );
  return html`<h2>Test</h2>
<form method="post" action="/rules/${encodeURIComponent(rule.id)}/test">
<label>event <select name="event">
${samples.map((type) => html`<option value="sample:${type}">Wix’s documented sample: ${type}</option>`)}
${recent.map((e) => html`<option value="${e.eventId}">stored ${e.eventId} (${e.eventType}, ${e.receivedAt})</option>`)}
</select></label>
<label>catalog <select name="catalog"><option value="V3_CATALOG">V3</option><option value="V1_CATALOG">V1</option></select></label>
<button type="submit">Dry run</button> <span class="help">shows the plan; calls nothing</span></form>`;
}

function editPage(
  ruleId: string,
  text: string,
  outcome: { problems?: LocatedProblem[]; valid?: boolean } = {},
) {
  const problems = outcome.problems ?? [];
  return {
    title: `Edit ${ruleId}`,
    current: '/rules',
    ...(problems.length > 0 ? { status: 422 } : {}),
    ...(outcome.valid
      ? { notice: { kind: 'ok' as const, text: 'Valid: nothing is saved until you press Save.' } }
      : {}),
    body: html`<h1>Edit <a href="/rules/${encodeURIComponent(ruleId)}">${ruleId}</a></h1>
${GIT_NOTE}
${
  problems.length === 0
    ? ''
    : html`<div class="error" role="alert" id="problems"><p>${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was saved:</p><ul>${problems.map(
        (p) =>
          html`<li data-line="${p.line ?? ''}">${p.line ? html`<a href="#source" data-line="${p.line}">line ${p.line}</a>: ` : ''}<code>${formatProblem(p)}</code></li>`,
      )}</ul></div>`
}
<form method="post" action="/rules/${encodeURIComponent(ruleId)}/edit">
<label for="source">YAML</label>
<textarea id="source" name="source" rows="${Math.max(12, text.split('\n').length + 2)}" spellcheck="false"${problems.length > 0 ? html` aria-describedby="problems" aria-invalid="true"` : ''}>${text}</textarea>
<p><button type="submit" name="action" value="validate">Validate</button> <button type="submit" name="action" value="save" class="primary">Save</button></p>
</form>`,
  };
}

const sourceOf = (rule: StoredRule): string => {
  const { version: _v, updatedAt: _u, ...plain } = rule;
  return stringify(plain satisfies Rule, { lineWidth: 0 });
};

async function ruleOr404(deps: ViewDeps, id: string | undefined): Promise<StoredRule> {
  const rule = id ? await deps.ctx.stores.rules.get(id) : undefined;
  if (!rule) throw new NotFound(`no rule "${id}"; the Rules view lists them`);
  return rule;
}

/** Wix's documented example for an event type (the sandbox keeps them), or undefined when there is none. */
function sampleEvent(eventType: string): WixEvent | undefined {
  try {
    return eventFromEnvelope(sampleEnvelope(eventType, { instanceId: 'documented-sample' }));
  } catch {
    return undefined;
  }
}
