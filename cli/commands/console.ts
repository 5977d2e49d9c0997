import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import type { CliRuntime } from '../command.ts';
import { print, untilStopped } from '../output.ts';

/** Defines `wixflow console`: the web console on 127.0.0.1 over the same stores as the other commands. */
export function consoleCommand(command: Command, { withContext }: CliRuntime): void {
  command
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)', '0')
    .option('--open', 'open it in your browser')
    .action((options: { port: string; open?: boolean }) =>
      withContext(async (ctx) => {
        const { startConsole } = await import('#console/server.ts');
        const running = await startConsole({ ctx, port: Number(options.port) });
        print(`wixflow console for ${ctx.description}`);
        print(`  ${running.loginUrl}`);
        print('Open that link (it carries this session’s token; keep it to yourself). Ctrl+C stops.');
        if (options.open) openBrowser(running.loginUrl);
        await untilStopped();
        await running.stop();
      }),
    );
}

function openBrowser(url: string): void {
  const command =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  spawn(command, [url], { detached: true, stdio: 'ignore' })
    .on('error', () => print(`Could not open a browser (${command}); open the link above yourself.`))
    .unref();
}
