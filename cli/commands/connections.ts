import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CONNECTION_ID, type Connection, connectionSecretId } from '#shared/store/connections.ts';
import type { CliRuntime } from '../command.ts';
import type { CliContext } from '../context.ts';
import { CliError, cliPath, print, printJson, table } from '../output.ts';
import { removeConnectionAutomations } from './automations.ts';

interface AddOptions {
  id: string;
  instanceId: string;
  oauth?: boolean;
  apiKeyFile?: string;
  siteId?: string;
  accountId?: string;
}

/** Defines `wixflow connections add|list|remove`. */
export function connectionsCommand(connections: Command, { withContext }: CliRuntime): void {
  connections
    .command('add')
    .description('add a connection to a Wix site (its app instance)')
    .requiredOption('--id <id>', 'your name for the connection, used by rules')
    .requiredOption('--instance-id <instance>', 'the Wix app instance id of the site (webhooks carry it)')
    .option('--oauth', "authorise with the Wix app's client credentials (POST /oauth2/token)")
    .option('--api-key-file <file>', 'authorise with a Wix API key read from this file')
    .option('--site-id <site>', 'with --api-key-file: the site the key acts on (wix-site-id)')
    .option('--account-id <account>', 'with --api-key-file: act account-wide instead (wix-account-id)')
    .action((options: AddOptions) => withContext((ctx) => addConnection(ctx, options)));

  connections
    .command('list')
    .description('list connections: id, instance, site, auth, catalog version, status (never their secrets)')
    .option('--json', 'print JSON for scripts')
    .action((options: { json?: boolean }) =>
      withContext(async (ctx) => {
        const all = await ctx.stores.connections.list();
        if (options.json) return printJson(all.map(publicView));
        if (all.length === 0) return print('No connections yet. Add one with `wixflow connections add`.');
        print(
          table(
            ['ID', 'INSTANCE', 'SITE', 'AUTH', 'CATALOG', 'STATUS'],
            all.map((c) => [
              c.id,
              c.instanceId,
              c.auth.kind === 'apiKey' && c.auth.accountId
                ? `account ${c.auth.accountId}`
                : (c.siteId ?? '-'),
              describeAuth(c.auth),
              c.catalogVersion ?? '-',
              c.status,
            ]),
          ),
        );
      }),
    );

  connections
    .command('remove <id>')
    .description('remove a connection and its stored secret')
    .action((id: string) =>
      withContext(async (ctx) => {
        const connection = await ctx.stores.connections.get(id);
        if (!connection) throw new CliError(`no connection "${id}"; see \`wixflow connections list\``);
        // Its automations first: deleting them on the site needs the connection's credentials.
        await removeConnectionAutomations(ctx, id);
        if (connection.auth.kind !== 'oauth') await ctx.secrets.delete(connection.auth.secretId);
        await ctx.stores.connections.delete(id);
        print(`Removed connection ${id}.`);
      }),
    );
}

/** How a connection authorises, in the user's words. */
export function describeAuth(auth: Connection['auth']): string {
  switch (auth.kind) {
    case 'oauth':
      return 'oauth (client credentials)';
    case 'apiKey':
      return auth.accountId ? 'api key (account)' : 'api key';
    case 'refreshToken':
      return auth.refreshTokenRejectedAt
        ? 'oauth (refresh token rejected; client credentials)'
        : 'oauth (refresh token)';
  }
}

async function addConnection(ctx: CliContext, options: AddOptions): Promise<void> {
  if (Boolean(options.oauth) === Boolean(options.apiKeyFile)) {
    throw new CliError('choose one way to authorise: --oauth or --api-key-file FILE');
  }
  if (options.apiKeyFile && Boolean(options.siteId) === Boolean(options.accountId)) {
    throw new CliError('--api-key-file needs exactly one of --site-id or --account-id');
  }
  if (!options.apiKeyFile && (options.siteId || options.accountId)) {
    throw new CliError('--site-id and --account-id go with --api-key-file');
  }
  if (!CONNECTION_ID.test(options.id)) {
    throw new CliError(`connection id "${options.id}" may hold letters, digits, ".", "_" and "-"`);
  }
  if (await ctx.stores.connections.get(options.id)) {
    throw new CliError(`connection "${options.id}" already exists; remove it first to replace it`);
  }
  if (options.oauth) {
    const appConnection = (await ctx.stores.connections.findByInstanceId(options.instanceId)).find(
      (c) => c.auth.kind !== 'apiKey',
    );
    // Two app connections of one site would run every "*" rule twice.
    if (appConnection) {
      throw new CliError(
        `instance ${options.instanceId} already has the app connection "${appConnection.id}"; use that one`,
      );
    }
  }
  const now = new Date().toISOString();
  let auth: Connection['auth'] = { kind: 'oauth' };
  if (options.apiKeyFile) {
    const key = (
      await readFile(cliPath(options.apiKeyFile), 'utf8').catch(() => {
        throw new CliError(`cannot read the API key file ${options.apiKeyFile}`);
      })
    ).trim();
    if (key === '') throw new CliError(`the API key file ${options.apiKeyFile} is empty`);
    const secretId = connectionSecretId(ctx.secretsPrefix, options.id, 'api-key');
    await ctx.secrets.put(secretId, key);
    auth = {
      kind: 'apiKey',
      secretId,
      ...(options.siteId ? { siteId: options.siteId } : {}),
      ...(options.accountId ? { accountId: options.accountId } : {}),
    };
  }
  const created = await ctx.stores.connections.create({
    id: options.id,
    instanceId: options.instanceId,
    ...(options.siteId ? { siteId: options.siteId } : {}),
    auth,
    status: 'active',
    createdAt: now,
    updatedAt: now,
  });
  if (!created)
    throw new CliError(`connection "${options.id}" already exists; remove it first to replace it`);
  print(`Added connection ${options.id} for instance ${options.instanceId} (${describeAuth(auth)}).`);
  print(`Next: write a rule with \`connection: ${options.id}\` and run \`wixflow rules apply FILE\`.`);
}

/** A connection as scripts see it: where its secret lives is an implementation detail, the secret never shows. */
function publicView(c: Connection) {
  const { auth, ...rest } = c;
  switch (auth.kind) {
    case 'oauth':
      return { ...rest, auth };
    case 'apiKey':
      return { ...rest, auth: { kind: auth.kind, siteId: auth.siteId, accountId: auth.accountId } };
    case 'refreshToken':
      return { ...rest, auth: { kind: auth.kind, refreshTokenRejectedAt: auth.refreshTokenRejectedAt } };
  }
}
