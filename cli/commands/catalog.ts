import type { Command } from 'commander';
import { z } from 'zod';
import { listTriggers } from '#shared/triggers/catalog.ts';
import { getModule, listModules } from '#shared/wix/modules/registry.ts';
import { CliError, print, printJson, table } from '../output.ts';

/** Registers `wixflow triggers` and `wixflow modules [NAME]`. */
export function catalogCommands(program: Command): void {
  program
    .command('triggers')
    .description('list the triggers a rule can name, with the Wix events behind each')
    .option('--json', 'print JSON for scripts')
    .action((options: { json?: boolean }) => {
      const triggers = listTriggers();
      if (options.json) return printJson(triggers);
      print(
        table(
          ['TRIGGER', 'MAKE MODULE', 'WIX EVENT TYPES (current; legacy)'],
          triggers.map((t) => [
            t.name,
            t.makeModule,
            [t.eventTypes.current.join(', '), t.eventTypes.legacy.join(', ')].filter(Boolean).join('; '),
          ]),
        ),
      );
      print('\nA rule may also name any raw Wix eventType, e.g. wix.ecom.v1.order_updated.');
    });

  program
    .command('modules [name]')
    .description('list the action modules, or show one module’s inputs and output')
    .option('--json', 'print JSON for scripts')
    .action((name: string | undefined, options: { json?: boolean }) => {
      if (!name) {
        const modules = listModules();
        if (options.json)
          return printJson(
            modules.map((m) => ({ name: m.name, makeModule: m.makeModule, description: m.description })),
          );
        print(
          table(
            ['MODULE', 'MAKE MODULE', 'DESCRIPTION'],
            modules.map((m) => [m.name, m.makeModule, m.description]),
          ),
        );
        return;
      }
      const module = getModule(name);
      if (!module) throw new CliError(`no module "${name}"; run \`wixflow modules\` for the list`);
      const schema = z.toJSONSchema(module.input, { io: 'input', unrepresentable: 'any' });
      if (options.json)
        return printJson({
          name: module.name,
          description: module.description,
          input: schema,
          output: module.output,
        });
      print(`${module.name} — ${module.description} (Make: ${module.makeModule})\n`);
      print('Inputs:');
      const properties = (schema.properties ?? {}) as Record<string, { type?: string; description?: string }>;
      const required = new Set(schema.required ?? []);
      for (const [key, prop] of Object.entries(properties)) {
        print(
          `  ${key}${required.has(key) ? '' : ' (optional)'}: ${describeType(prop)}${prop.description ? ` — ${prop.description}` : ''}`,
        );
      }
      print(`\nOutput: ${module.output}`);
    });
}

function describeType(prop: { type?: string; items?: { type?: string } }): string {
  if (prop.type === 'array') return `list of ${prop.items?.type ?? 'values'}`;
  return prop.type ?? 'any';
}
