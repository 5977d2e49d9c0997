import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalStack } from '#local/stack.ts';
import type { WixSandbox } from '#sandbox/server.ts';
import type { Run } from '#shared/store/runs.ts';
import { type CliResult, runCli } from '../../support/cli.ts';
import { waitFor } from '../../support/wait.ts';

export const BOOKING_CANCELED = 'automation:wix_bookings-booking_canceled';

/** A rule on a Bookings automation trigger whose action creates a contact named after the booking. */
export const bookingRule = (id: string, connection: string, extra = '') => `id: ${id}
connection: ${connection}
trigger: ${BOOKING_CANCELED}
${extra}actions:
  - id: note
    module: contacts.create
    input:
      firstName: "Booking {{ trigger.entityId }}"
      allowDuplicates: true
`;

/** The CLI against a running local stack, as a user runs it from another terminal. */
export const cliOf =
  (stack: LocalStack, env: Record<string, string> = {}) =>
  (args: string[]): Promise<CliResult> =>
    runCli(args, { dataDir: stack.dataDir, env });

/** Adds an API-key connection to the sandbox's demo site, as a site owner with only an API key would. */
export async function addApiKeyConnection(stack: LocalStack, sandbox: WixSandbox, id: string): Promise<void> {
  const keyFile = join(stack.dataDir, `${id}-key.txt`);
  writeFileSync(keyFile, `${sandbox.apiKey}\n`, { mode: 0o600 });
  const added = await cliOf(stack)([
    'connections',
    'add',
    '--id',
    id,
    '--instance-id',
    sandbox.instanceId,
    '--api-key-file',
    keyFile,
    '--site-id',
    sandbox.siteId,
  ]);
  if (added.code !== 0) throw new Error(`connections add failed: ${added.stderr}`);
}

/** The sandbox site's automations, read through its Automations V2 API as the site owner. */
export async function siteAutomations(sandbox: WixSandbox): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${sandbox.url}/automations-service/v2/automations/query`, {
    method: 'POST',
    headers: {
      authorization: sandbox.apiKey,
      'wix-site-id': sandbox.siteId,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ query: {} }),
  });
  return ((await response.json()) as { automations: Record<string, unknown>[] }).automations;
}

/** Calls the sandbox's Automations V2 API as the site owner (to delete or edit an automation behind wixflow's back). */
export async function asSiteOwner(sandbox: WixSandbox, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      authorization: sandbox.apiKey,
      'wix-site-id': sandbox.siteId,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The URL an automation's webhook action posts to (holds the token). */
export function webhookUrlOf(automation: Record<string, unknown>): string {
  const config = automation.configuration as { rootActionIds: string[]; actions: Record<string, unknown> };
  const action = config.actions[config.rootActionIds[0] ?? ''] as {
    appDefinedInfo: { inputMapping: { url: string } };
  };
  return action.appDefinedInfo.inputMapping.url;
}

export const runsOf = (stack: LocalStack, ruleId: string, count = 1): Promise<Run[]> =>
  waitFor<Run[]>(`${count} finished run(s) of ${ruleId}`, async () => {
    const runs = (await stack.stores.runs.list({ ruleId, limit: 500 })).filter(
      (r) => r.status !== 'running' && r.status !== 'retrying',
    );
    return runs.length >= count && runs;
  });
