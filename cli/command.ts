import type { Command } from 'commander';
import type { CliContext } from './context.ts';

/** Opens the stack the global options name (the local data, or --aws/--stack), runs `work` on it, closes it. */
export type WithContext = (work: (ctx: CliContext) => Promise<void>) => Promise<void>;

/** What cli/main.ts gives every command module. */
export interface CliRuntime {
  withContext: WithContext;
  /** The local stack's data directory: --data-dir, else $WIXFLOW_DATA_DIR, else `.wixflow` (absolute). */
  dataDir(): string;
}

/**
 * A command module's export: fills in `command` — already named and described by its entry in cli/main.ts —
 * with its options, arguments, subcommands and actions.
 */
export type DefineCommand = (command: Command, cli: CliRuntime) => void;
