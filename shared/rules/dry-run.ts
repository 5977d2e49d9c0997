import { matchesForRule } from '#shared/consumer/process-event.ts';
import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import type { WixApi, WixRequest } from '#shared/wix/client/wix-http-client.ts';
import type { OutsideHttp, OutsideRequest } from '#shared/wix/modules/outside-http.ts';
import { getModule } from '#shared/wix/modules/registry.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { ExpressionError, evaluateExpression, renderTemplate } from './expressions.ts';
import type { Rule } from './rule-schema.ts';
import { secretHider, secretNames } from './rule-secrets-use.ts';

/** A call a step would make: to Wix (path on the API) or, for http.request, to an outside URL. */
export interface PlannedCall {
  target: 'wix' | 'outside';
  method: string;
  path: string;
  query?: unknown;
  body?: unknown;
}

export interface DryRunStep {
  id: string;
  module: string;
  /** The input after `{{ }}` templates, or undefined when rendering failed. */
  input?: unknown;
  calls: PlannedCall[];
  /** Why the step would fail before (or while planning) its calls. */
  error?: string;
}

export interface DryRunReport {
  ruleId: string;
  eventType: string;
  /** The rule's triggers this event fires; empty means the rule would not run at all. */
  triggers: string[];
  filter?: { expression: string; value: unknown; passes: boolean; error?: string };
  /** Rule secrets the rule uses that are not set (a live run would fail). */
  missingSecrets?: string[];
  steps: DryRunStep[];
}

export interface DryRunOptions {
  connection: { id: string; instanceId: string };
  catalogVersion?: 'V1_CATALOG' | 'V3_CATALOG';
  /** Reads a rule secret; its value is used to plan and shown only as `[secret NAME]`. */
  ruleSecret?: (name: string) => Promise<string | undefined>;
}

/** The marked stand-in a later step sees for an earlier step's output in a dry run. */
export const dryRunOutput = (stepId: string, module: string) => ({
  dryRun: `the output of step ${stepId} (${module}) would be here`,
});

/**
 * Shows what a rule would do for an event — trigger match, filter, each step's rendered input and the calls
 * it would make — calling nothing. Wix reads a module needs first answer with marked placeholders; the
 * catalog version question answers `catalogVersion`.
 */
export async function dryRunRule(rule: Rule, event: WixEvent, options: DryRunOptions): Promise<DryRunReport> {
  const matches = matchesForRule(
    { ...rule, version: 'dry-run', updatedAt: '' },
    resolveTriggers(event),
    normaliseEventType(event.eventType),
    event,
  );
  const report: DryRunReport = {
    ruleId: rule.id,
    eventType: event.eventType,
    triggers: matches.map((m) => m.trigger),
    steps: [],
  };
  const match = matches[0];
  if (!match) return report;
  const secrets: Record<string, string> = {};
  for (const name of secretNames(rule)) {
    const value = await options.ruleSecret?.(name);
    if (value === undefined) report.missingSecrets = [...(report.missingSecrets ?? []), name];
    else secrets[name] = value;
  }
  const scope = {
    trigger: match.context,
    steps: {} as Record<string, unknown>,
    connection: options.connection,
    secrets,
  };
  const planned = await planSteps(rule, report, scope, options);
  return secretHider(secrets)(planned);
}

async function planSteps(
  rule: Rule,
  report: DryRunReport,
  scope: { steps: Record<string, unknown> },
  options: DryRunOptions,
): Promise<DryRunReport> {
  if (rule.filter) {
    try {
      const value = await evaluateExpression(rule.filter, scope);
      report.filter = { expression: rule.filter, value, passes: Boolean(value) };
    } catch (error) {
      report.filter = { expression: rule.filter, value: undefined, passes: false, error: describe(error) };
    }
    if (!report.filter.passes) return report;
  }

  const catalog = options.catalogVersion ?? 'V1_CATALOG';
  for (const step of rule.actions) {
    const planned: DryRunStep = { id: step.id, module: step.module, calls: [] };
    report.steps.push(planned);
    scope.steps[step.id] = dryRunOutput(step.id, step.module);
    const module = getModule(step.module);
    if (!module) {
      planned.error = `unknown module ${step.module}`;
      continue;
    }
    try {
      planned.input = await renderTemplate(step.input, scope);
    } catch (error) {
      planned.error = describe(error);
      continue;
    }
    const parsed = module.input.safeParse(planned.input);
    if (!parsed.success) {
      planned.error = parsed.error.issues.map((i) => `input.${i.path.join('.')}: ${i.message}`).join('; ');
      continue;
    }
    try {
      await module.run(parsed.data, {
        wix: recordingWix(planned.calls, catalog),
        http: recordingHttp(planned.calls),
        step: { runId: 'dry-run', stepId: step.id },
        // Its own instance key: the per-site catalog cache must not keep a dry run's assumed catalog.
        connection: {
          id: options.connection.id,
          instanceId: `${options.connection.instanceId}#dry-run-${catalog}`,
        },
      });
    } catch (error) {
      planned.error = `could not plan every call: ${describe(error)}`;
    }
  }
  return report;
}

function recordingWix(calls: PlannedCall[], catalogVersion: string): WixApi {
  return {
    request: async <T>(request: WixRequest) => {
      calls.push({
        target: 'wix',
        method: request.method,
        path: request.path,
        ...(request.query ? { query: request.query } : {}),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const body =
        request.path === '/stores/v3/provision/version'
          ? { catalogVersion }
          : { dryRun: `Wix's answer to ${request.method} ${request.path} would be here` };
      return { status: 200, headers: {}, body: body as T };
    },
  };
}

function recordingHttp(calls: PlannedCall[]): OutsideHttp {
  return {
    request: async (request: OutsideRequest) => {
      calls.push({
        target: 'outside',
        method: request.method,
        path: request.url,
        ...(request.query ? { query: request.query } : {}),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      return { status: 200, headers: {}, body: { dryRun: `the answer of ${request.url} would be here` } };
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof ExpressionError) return `expression {{ ${error.expression} }} ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
