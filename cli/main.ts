import { Command, CommanderError } from 'commander';
import { backfillCommand } from './commands/backfill.ts';
import { catalogCommands } from './commands/catalog.ts';
import { connectionsCommand, openLocalContext, type WithContext } from './commands/connections.ts';
import { consoleCommand } from './commands/console.ts';
import { eventsCommand } from './commands/events.ts';
import { rulesCommand } from './commands/rules.ts';
import { runsCommand } from './commands/runs.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { secretsCommand } from './commands/secrets.ts';
import { CliError } from './output.ts';

const program = new Command('wixflow')
  .description('Self-hosted, serverless automations for Wix sites')
  .option('--data-dir <dir>', 'the local stack data directory (default: $WIXFLOW_DATA_DIR or .wixflow)')
  .option('--aws', 'work on the deployed stack (default Wixflow-dev) with your AWS credentials')
  .option('--stack <name>', 'work on this deployed stack (implies --aws)')
  .option('--region <region>', 'the AWS region of the stack (default: your AWS configuration)')
  .showHelpAfterError()
  .exitOverride();

interface GlobalOptions {
  dataDir?: string;
  aws?: boolean;
  stack?: string;
  region?: string;
}

const withContext: WithContext = async (work) => {
  const options = program.opts<GlobalOptions>();
  const ctx =
    options.aws || options.stack
      ? await (await import('./aws-context.ts')).openAwsContext({
          stackName: options.stack ?? process.env.WIXFLOW_STACK ?? 'Wixflow-dev',
          ...(options.region ? { region: options.region } : {}),
        })
      : await openLocalContext(options.dataDir);
  try {
    await work(ctx);
  } finally {
    await ctx.close();
  }
};

connectionsCommand(program, withContext);
secretsCommand(program, withContext);
rulesCommand(program, withContext);
runsCommand(program, withContext);
eventsCommand(program, withContext);
backfillCommand(program, withContext);
catalogCommands(program);
sandboxCommand(program);
consoleCommand(program, withContext);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 1);
  }
  const message = error instanceof CliError ? error.message : `unexpected error: ${(error as Error).message}`;
  process.stderr.write(`wixflow: ${message}\n`);
  process.exit(1);
}
