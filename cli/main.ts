import { Command, CommanderError } from 'commander';
import type { CliRuntime, DefineCommand, WithContext } from './command.ts';
import { CliError, type CliIo, type CliOutput, cliPath, withCliIo } from './output.ts';

/** One top-level command: what `wixflow --help` shows, and the module that defines it, loaded only to run it. */
interface CommandEntry {
  /** The name, with its arguments in commander's syntax (`modules [name]`). */
  name: string;
  summary: string;
  load(): Promise<DefineCommand>;
}

/**
 * Every top-level command, in the order `wixflow --help` lists them. `wixflow --help` reads this list alone;
 * a command's module — and what it imports (the AWS SDK, the sandbox, the console) — is imported only when
 * that command runs. A new command is one entry here and a module exporting a `DefineCommand`.
 */
const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'connections',
    summary: 'the Wix sites wixflow acts on',
    load: async () => (await import('./commands/connections.ts')).connectionsCommand,
  },
  {
    name: 'secrets',
    summary: 'values rules use as {{ secrets.NAME }} without holding them (webhook URLs, API keys)',
    load: async () => (await import('./commands/secrets.ts')).secretsCommand,
  },
  {
    name: 'rules',
    summary: 'the rules that turn Wix events into actions',
    load: async () => (await import('./commands/rules.ts')).rulesCommand,
  },
  {
    name: 'runs',
    summary: 'the history of rule runs',
    load: async () => (await import('./commands/runs.ts')).runsCommand,
  },
  {
    name: 'events',
    summary: 'the event log: every accepted Wix event, and replays',
    load: async () => (await import('./commands/events.ts')).eventsCommand,
  },
  {
    name: 'backfill <ruleId>',
    summary: 'run a rule over what already happened on the site (orders, products, contacts, bookings …)',
    load: async () => (await import('./commands/backfill.ts')).backfillCommand,
  },
  {
    name: 'triggers',
    summary: 'list the triggers a rule can name, with the Wix events behind each',
    load: async () => (await import('./commands/catalog.ts')).triggersCommand,
  },
  {
    name: 'modules [name]',
    summary: 'list the action modules, or show one module’s inputs and output',
    load: async () => (await import('./commands/catalog.ts')).modulesCommand,
  },
  {
    name: 'sandbox',
    summary: 'the Wix sandbox: a local stand-in for the Wix REST API that signs webhooks as Wix does',
    load: async () => (await import('./commands/sandbox.ts')).sandboxCommand,
  },
  {
    name: 'automations',
    summary: 'the hidden Wix Automations that forward automation:… triggers to wixflow',
    load: async () => (await import('./commands/automations.ts')).automationsCommand,
  },
  {
    name: 'console',
    summary: 'open the web console (loopback only, one-time token): runs, events, rules, connections',
    load: async () => (await import('./commands/console.ts')).consoleCommand,
  },
];

interface GlobalOptions {
  dataDir?: string;
  aws?: boolean;
  stack?: string;
  region?: string;
}

/**
 * Runs `wixflow <argv…>` in this process with `io` as its streams and environment; resolves to the exit code
 * (0, or 1 after one line on stderr). The bin entry (cli/bin.ts) calls it with the process's own.
 */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return withCliIo(io, async () => {
    const program = buildProgram(io);
    try {
      await program.parseAsync([...argv], { from: 'user' });
      return 0;
    } catch (error) {
      if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
      const message =
        error instanceof CliError ? error.message : `unexpected error: ${(error as Error).message}`;
      io.stderr.write(`wixflow: ${message}\n`);
      return 1;
    }
  });
}

/** A terminal's width, else commander's 80 columns. */
const helpWidth = (stream: CliOutput): number => (stream.isTTY ? stream.columns : undefined) ?? 80;

function buildProgram(io: CliIo): Command {
  const program = new Command('wixflow')
    .description('Self-hosted, serverless automations for Wix sites')
    .option('--data-dir <dir>', 'the local stack data directory (default: $WIXFLOW_DATA_DIR or .wixflow)')
    .option('--aws', 'work on the deployed stack (default Wixflow-dev) with your AWS credentials')
    .option('--stack <name>', 'work on this deployed stack (implies --aws)')
    .option('--region <region>', 'the AWS region of the stack (default: your AWS configuration)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // The run's streams, not this process's: the local stack runs commands for other terminals.
      getOutHelpWidth: () => helpWidth(io.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr),
      // wixflow prints no colours; commander strips any from what it writes (a user's input quoted back).
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .showHelpAfterError()
    .exitOverride()
    .helpCommand(false);

  const options = () => program.opts<GlobalOptions>();
  const dataDir = () => cliPath(options().dataDir ?? io.env.WIXFLOW_DATA_DIR ?? '.wixflow');
  const localDataDir = () => {
    const dir = dataDir();
    if (io.onlyDataDir !== undefined && dir !== io.onlyDataDir)
      throw new CliError(
        `the local stack runs on ${io.onlyDataDir}, not ${dir}; run with WIXFLOW_IN_PROCESS=1`,
      );
    return dir;
  };
  const withContext: WithContext = async (work) => {
    const { aws, stack, region } = options();
    const ctx =
      aws || stack
        ? await (await import('./aws-context.ts')).openAwsContext({
            stackName: stack ?? io.env.WIXFLOW_STACK ?? 'Wixflow-dev',
            ...(region ? { region } : {}),
          })
        : await (await import('./context.ts')).openLocalContext(localDataDir());
    try {
      await work(ctx);
    } finally {
      await ctx.close();
    }
  };
  const runtime: CliRuntime = { withContext, dataDir: localDataDir };

  // Subcommands inherit the output, exit and help settings above, so they are added after them.
  const loaders = new Map<Command, CommandEntry['load']>();
  for (const entry of COMMANDS)
    loaders.set(program.command(entry.name).description(entry.summary), entry.load);
  const define = async (command: Command) => {
    const load = loaders.get(command);
    loaders.delete(command);
    if (load) (await load())(command, runtime);
  };
  program.hook('preSubcommand', (_program, command) => define(command));
  program
    .command('help [command]')
    .description('display help for command')
    .action(async (name: string | undefined) => {
      const command = program.commands.find((c) => c.name() === name);
      if (!command) return program.help({ error: name !== undefined });
      await define(command);
      command.help();
    });
  return program;
}
