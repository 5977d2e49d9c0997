import { existsSync } from 'node:fs';
import { openLocalContext } from '#cli/context.ts';
import { startConsole } from '#console/server.ts';
import { loadLocalConfig } from '#shared/config.ts';
import { DEMO_CONNECTION_ID, DEMO_RULE_ID } from './demo.ts';
import { type LocalStack, startLocalStack } from './stack.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
if (existsSync('.env')) process.loadEnvFile('.env');

const print = (line: string) => process.stdout.write(`${line}\n`);

try {
  const config = loadLocalConfig();
  const stack = await startLocalStack(config, { print });
  const consoleContext = await openLocalContext(stack.dataDir);
  const webConsole = await startConsole({ ctx: consoleContext });
  print('');
  print(`wixflow local stack is up${stack.sandbox ? ' (sandbox mode: no Wix app configured)' : ''}`);
  print(
    `  API          ${stack.apiUrl}   POST /webhooks/wix · POST /webhooks/automations/… · GET /oauth/install · GET /health`,
  );
  if (stack.sandbox) {
    const catalog = stack.sandbox.catalog === 'V3_CATALOG' ? 'Catalog V3' : 'Catalog V1';
    print(
      `  Wix sandbox  ${stack.sandbox.url}   demo site instance ${stack.sandbox.instanceId} (${catalog}; WIXFLOW_SANDBOX_CATALOG)`,
    );
  } else {
    print(`  Wix API      ${config.wixApiBaseUrl}   app ${config.app?.appId}`);
  }
  print(`  data         ${stack.dataDir} (logs in wixflow.log)`);
  print(`  CLI          ${cliLine(stack.cli)}`);
  print(`  console      ${webConsole.loginUrl}`);
  print('');
  if (stack.sandbox) {
    print(
      `Demo: connection "${DEMO_CONNECTION_ID}" and rule "${DEMO_RULE_ID}" (products.created → collections.addProducts: the seeded ${stack.sandbox.catalog === 'V3_CATALOG' ? 'category' : 'collection'}).`,
    );
    print('Try it from another terminal:');
    print('  npx wixflow sandbox emit products.created');
    print('and watch the webhook become a Wix call below. Ctrl+C stops.');
  } else {
    print(`Point your Wix app's webhooks at ${stack.webhookUrl} (through a tunnel), then:`);
    print('  npx wixflow connections add --id my-site --instance-id <instance> --oauth');
    print('  npx wixflow rules apply rules/');
  }
  print('');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    print('stopping…');
    await webConsole.stop();
    await consoleContext.close();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(`wixflow: ${(error as Error).message}\n`);
  process.exit(1);
}

function cliLine(cli: LocalStack['cli']): string {
  if (!cli) return '`npx wixflow` runs on its own: dist/ is not built (npm run build:cli)';
  if (!cli.servesDist)
    return '`npx wixflow` runs on its own: dist/ was built from other sources (npm run build:cli)';
  return '`npx wixflow …` commands run in this stack (docs/decisions/014-cli-served-by-the-local-stack.md)';
}
