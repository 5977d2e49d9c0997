import { normaliseEventType } from '#shared/triggers/catalog.ts';
import { resolveTriggers } from '#shared/triggers/resolve.ts';
import type { WixApi, WixRequest } from '#shared/wix/client/wix-http-client.ts';
import { type CatalogVersion, CatalogVersions } from '#shared/wix/modules/catalog-version.ts';
import type { OutsideHttp, OutsideRequest } from '#shared/wix/modules/outside-http.ts';
import type { WixEvent } from '#shared/wix/webhook/wix-event.ts';
import { executeSteps } from './execute-steps.ts';
import { ExpressionError } from './expressions.ts';
import { matchesForRule } from './rule-matches.ts';
import type { Rule } from './rule-schema.ts';

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
  /** The Stores catalog the plan assumed, when a step's module asked for it (its calls differ by catalog). */
  catalogVersion?: CatalogVersion;
  steps: DryRunStep[];
}

export interface DryRunOptions {
  connection: { id: string; instanceId: string };
  /** The site's Stores catalog to plan for; default V3, what Wix gives every new store. */
  catalogVersion?: CatalogVersion;
  /** Reads a rule secret; its value is used to plan and shown only as `[secret NAME]`. */
  ruleSecret?: (name: string) => Promise<string | undefined>;
}

/** A connection's recorded catalog (connections.ts), as a dry run plans for it; undefined when not one of the two. */
export const plannableCatalog = (recorded: string | undefined): CatalogVersion | undefined =>
  recorded === 'V1_CATALOG' || recorded === 'V3_CATALOG' ? recorded : undefined;

/** The marked stand-in a later step sees for an earlier step's output in a dry run. */
export const dryRunOutput = (stepId: string, module: string) => ({
  dryRun: `the output of step ${stepId} (${module}) would be here`,
});

/**
 * Shows what a rule would do for an event — trigger match, filter, each step's rendered input and the calls
 * it would make — calling nothing: the rule runs through the live runs' interpreter (executeSteps) with
 * recording clients. Wix reads a module needs first answer with marked placeholders; the site's catalog is
 * taken to be `catalogVersion`.
 */
export async function dryRunRule(rule: Rule, event: WixEvent, options: DryRunOptions): Promise<DryRunReport> {
  const matches = matchesForRule(rule, resolveTriggers(event), normaliseEventType(event.eventType), event);
  const report: DryRunReport = {
    ruleId: rule.id,
    eventType: event.eventType,
    triggers: matches.map((m) => m.trigger),
    steps: [],
  };
  const match = matches[0];
  if (!match) return report;
  // The dry run's own cache, holding the catalog it assumes: the consumer's cache never sees it.
  const assumed = options.catalogVersion ?? 'V3_CATALOG';
  const catalogVersions = new AssumedCatalog({ [options.connection.instanceId]: assumed });
  const executed = await executeSteps<PlannedCall>({
    rule,
    trigger: match.context,
    connection: options.connection,
    ...(options.ruleSecret ? { ruleSecret: options.ruleSecret } : {}),
    mode: 'plan',
    moduleContext: (step, calls) => ({
      wix: recordingWix(calls),
      http: recordingHttp(calls),
      connection: options.connection,
      catalogVersions,
      step: { runId: 'dry-run', stepId: step.id },
    }),
    outputSeen: (step) => dryRunOutput(step.id, step.module),
  });
  if (executed.missingSecrets.length > 0) report.missingSecrets = executed.missingSecrets;
  if (executed.secretFailure) {
    const { name, error } = executed.secretFailure;
    throw new Error(`rule ${rule.id}: secret ${name} could not be read: ${describe(error)}`);
  }
  if (executed.filter) {
    const { expression, value, passes, error } = executed.filter;
    report.filter = { expression, value, passes, ...(error === undefined ? {} : { error: describe(error) }) };
  }
  if (catalogVersions.asked) report.catalogVersion = assumed;
  for (const step of executed.steps) {
    const planned: DryRunStep = { id: step.step.id, module: step.step.module, calls: step.calls };
    if (step.rendered !== undefined) planned.input = step.rendered;
    if (step.failure) {
      const reason = describe(step.failure.error);
      planned.error = step.failure.stage === 'run' ? `could not plan every call: ${reason}` : reason;
    }
    report.steps.push(planned);
  }
  return executed.hide(report);
}

/** The assumed catalog, noting whether a module asked for it (so the report can say what it planned for). */
class AssumedCatalog extends CatalogVersions {
  asked = false;

  override of(ctx: Parameters<CatalogVersions['of']>[0]): Promise<CatalogVersion> {
    this.asked = true;
    return super.of(ctx);
  }
}

function recordingWix(calls: PlannedCall[]): WixApi {
  return {
    request: async <T>(request: WixRequest) => {
      calls.push({
        target: 'wix',
        method: request.method,
        path: request.path,
        ...(request.query ? { query: request.query } : {}),
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const body = { dryRun: `Wix's answer to ${request.method} ${request.path} would be here` };
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
