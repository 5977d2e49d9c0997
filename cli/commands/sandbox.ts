import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readRunningEndpoints } from '#local/endpoints.ts';
import { eventTypesFor, isCatalogTrigger, listTriggers } from '#shared/triggers/catalog.ts';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { CliError, print } from '../output.ts';

interface EmitOptions {
  legacy?: boolean;
  url?: string;
  instanceId?: string;
  dataDir?: string;
}

/** Registers `wixflow sandbox` (start the Wix sandbox alone) and `wixflow sandbox emit TRIGGER`. */
export function sandboxCommand(program: Command): void {
  const sandbox = program
    .command('sandbox')
    .description('the Wix sandbox: a local stand-in for the Wix REST API that signs webhooks as Wix does')
    .option('--port <port>', 'port to listen on', '4010')
    .option('--rate-limit <perMinute>', 'requests per minute per site', '200')
    .option('--catalog <version>', 'the demo site’s Stores catalog: v3 (what new Wix stores run) or v1', 'v3')
    .action(async (options: { port: string; rateLimit: string; catalog: string }) => {
      const catalog = options.catalog.toLowerCase();
      if (catalog !== 'v1' && catalog !== 'v3') throw new CliError('--catalog takes v3 or v1');
      const dataDir = resolve(process.env.WIXFLOW_DATA_DIR ?? '.wixflow');
      const { startWixSandbox } = await import('#sandbox/server.ts');
      const server = await startWixSandbox({
        port: Number(options.port),
        dataDir: join(dataDir, 'sandbox'),
        rateLimitPerMinute: Number(options.rateLimit),
        catalog: catalog === 'v3' ? 'V3_CATALOG' : 'V1_CATALOG',
        onRequest: (r) => print(`  ${r.method} ${r.path} → ${r.status}`),
      });
      print(`Wix sandbox at ${server.url}`);
      print(
        `  app id ${server.appId} · demo site instance ${server.instanceId} · site ${server.siteId} · Catalog ${catalog.toUpperCase()}`,
      );
      print(`  public key and app credentials: ${join(dataDir, 'sandbox')}`);
      print(`Use it as WIX_API_BASE_URL=${server.url}. Ctrl+C stops.`);
      const stop = async () => {
        await server.stop();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  sandbox
    .command('emit <trigger>')
    .description('send a signed sample webhook for a trigger (or a raw Wix eventType) to the local stack')
    .option('--legacy', 'send the legacy payload generation instead of the current one')
    .option('--url <webhookUrl>', 'where to send it (default: the running local stack)')
    .option('--instance-id <instance>', 'the app instance to send it for (default: the sandbox demo site)')
    .action((trigger: string, options: EmitOptions) => emit(trigger, options));
}

async function emit(trigger: string, options: EmitOptions): Promise<void> {
  const dataDir = resolve(process.env.WIXFLOW_DATA_DIR ?? '.wixflow');
  const running = await readRunningEndpoints(dataDir);
  const webhookUrl = options.url ?? running?.webhookUrl;
  if (!webhookUrl) throw new CliError('no local stack is running; start it with `npm start` (or pass --url)');
  // Catalog V1 sites send Catalog V1 product, collection and inventory events.
  const catalogV1 =
    running?.sandbox?.catalogVersion === 'V1_CATALOG' && /^(products|collections|inventory)\./.test(trigger);
  const eventType = eventTypeFor(trigger, Boolean(options.legacy) || catalogV1);
  if (running?.sandbox) {
    // The running sandbox makes the event happen (e.g. creates the product) and sends what Wix would send.
    const response = await fetch(`${running.sandbox.url}/_sandbox/emit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        eventType,
        webhookUrl,
        ...(options.instanceId ? { instanceId: options.instanceId } : {}),
      }),
    }).catch(() => {
      throw new CliError(
        `could not reach the Wix sandbox at ${running.sandbox?.url}; is \`npm start\` still running?`,
      );
    });
    const result = (await response.json()) as {
      status?: number;
      body?: string;
      instanceId?: string;
      message?: string;
    };
    if (!response.ok)
      throw new CliError(`the sandbox could not emit ${eventType}: ${result.message ?? response.status}`);
    report(eventType, result.instanceId ?? '', webhookUrl, result.status ?? 0, result.body ?? '');
    return;
  }
  const instanceId = options.instanceId;
  if (!instanceId) throw new CliError('the local stack is not in sandbox mode; pass --instance-id');
  const privateKey = await readFile(join(dataDir, 'sandbox', 'wix-sandbox-private-key.pem'), 'utf8').catch(
    () => {
      throw new CliError(
        `no sandbox signing key in ${join(dataDir, 'sandbox')}; run \`wixflow sandbox\` once first`,
      );
    },
  );
  const { sampleEnvelope } = await import('#sandbox/samples.ts');
  const response = await fetch(webhookUrl, {
    method: 'POST',
    body: signWixWebhook(sampleEnvelope(eventType, { instanceId }), privateKey),
  }).catch(() => {
    throw new CliError(`could not reach ${webhookUrl}`);
  });
  report(eventType, instanceId, webhookUrl, response.status, await response.text());
}

function report(eventType: string, instanceId: string, url: string, status: number, body: string): void {
  if (status !== 200) throw new CliError(`${url} answered ${status} to ${eventType}: ${body}`);
  print(`Sent a signed ${eventType} webhook for instance ${instanceId}: ${status} ${body}`);
  print('Watch the `npm start` terminal, or run `npx wixflow runs list`.');
}

function eventTypeFor(trigger: string, legacy: boolean): string {
  if (!isCatalogTrigger(trigger)) {
    if (trigger.includes('_') || /^[A-Z]/.test(trigger) || trigger.startsWith('com.wix')) return trigger;
    throw new CliError(
      `unknown trigger "${trigger}"; one of: ${listTriggers()
        .map((t) => t.name)
        .join(', ')}`,
    );
  }
  const types = eventTypesFor(trigger);
  // Triggers Wix delivers only in the flat legacy format (ticket orders, app lifecycle) send that one.
  const eventType = legacy ? types.legacy[0] : (types.current[0] ?? types.legacy[0]);
  if (!eventType) throw new CliError(`${trigger} has no legacy Wix event type`);
  return eventType;
}
