import type { Command } from 'commander';
import * as z from 'zod';
import { listBuiltinTriggers, listTriggers } from '#shared/triggers/catalog.ts';
import { getModule, listModules } from '#shared/wix/modules/registry.ts';
import type { CliRuntime } from '../command.ts';
import { CliError, print, printJson, table } from '../output.ts';
import { printAutomationTriggers } from './automations.ts';

/** Defines `wixflow triggers`. */
export function triggersCommand(triggers: Command, { withContext }: CliRuntime): void {
  triggers
    .option('--automations', 'list the Wix Automations triggers (automation:<triggerKey>) instead')
    .option('--app <name>', 'with --automations: only the apps whose name contains this')
    .option('--connection <id>', 'with --automations: ask the site which triggers it has (Trigger Catalog)')
    .option('--json', 'print JSON for scripts')
    .action((options: { json?: boolean; automations?: boolean; app?: string; connection?: string }) => {
      if (options.automations) return printAutomationTriggers(options, withContext);
      if (options.app || options.connection)
        throw new CliError('--app and --connection go with --automations');
      const all = listTriggers();
      const builtin = listBuiltinTriggers();
      if (options.json) return printJson([...all, ...builtin.map((t) => ({ ...t, builtin: true }))]);
      print(
        table(
          ['TRIGGER', 'MAKE MODULE', 'WIX EVENT TYPES (current; legacy)'],
          [
            ...all.map((t) => [
              t.name,
              t.makeModule,
              // "—; legacy" for triggers Wix delivers only in the legacy format, so the column reads the same way.
              t.eventTypes.legacy.length === 0
                ? t.eventTypes.current.join(', ')
                : `${t.eventTypes.current.join(', ') || '—'}; ${t.eventTypes.legacy.join(', ')}`,
            ]),
            // Fired by wixflow itself about its own runs.
            ...builtin.map((t) => [t.name, '(built in)', `— (wixflow: ${t.description})`]),
          ],
        ),
      );
      print('\nA rule may also name any raw Wix eventType, e.g. wix.crm.tasks.v2.task_deleted.');
    });
}

/** Defines `wixflow modules [NAME]`. */
export function modulesCommand(modules: Command): void {
  modules
    .option('--json', 'print JSON for scripts')
    .action((name: string | undefined, options: { json?: boolean }) => {
      if (!name) {
        const all = listModules();
        if (options.json)
          return printJson(
            all.map((m) => ({ name: m.name, makeModule: m.makeModule, description: m.description })),
          );
        print(
          table(
            ['MODULE', 'MAKE MODULE', 'DESCRIPTION'],
            all.map((m) => [m.name, m.makeModule, m.description]),
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
      print(moduleInputsTable(schema as JsonSchemaProperty));
      print(`\nOutput: ${module.output}`);
    });
}

interface JsonSchemaProperty {
  type?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  items?: JsonSchemaProperty;
  anyOf?: JsonSchemaProperty[];
  properties?: Record<string, JsonSchemaProperty>;
  required?: string[];
}

/**
 * The inputs of a module, one per line: `name: type` (with "(optional)" when not required) — description and
 * default, from the module's JSON Schema.
 */
export function moduleInputsTable(schema: JsonSchemaProperty): string {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return 'Inputs: none';
  const required = new Set(schema.required ?? []);
  const lines = properties.map(([key, prop]) => {
    const about = [
      prop.description ?? '',
      prop.default === undefined ? '' : `(default ${JSON.stringify(prop.default)})`,
    ]
      .filter(Boolean)
      .join(' ');
    return `  ${key}: ${describeType(prop)}${required.has(key) ? '' : ' (optional)'}${about ? ` — ${about}` : ''}`;
  });
  return ['Inputs:', ...lines].join('\n');
}

/** A short type name: `string`, `number`, `asc | desc`, `list of string`, `object`… */
function describeType(prop: JsonSchemaProperty): string {
  if (prop.enum) {
    // Case variants of one value (asc / ASC) are shown once.
    const seen = new Map<string, string>();
    for (const v of prop.enum.map(String)) if (!seen.has(v.toLowerCase())) seen.set(v.toLowerCase(), v);
    return [...seen.values()].join(' | ');
  }
  if (prop.const !== undefined) return JSON.stringify(prop.const);
  if (prop.anyOf) {
    const kinds = [...new Set(prop.anyOf.map(describeType))];
    // Numbers accept numeric text (eCom amounts such as "36.00"): show them as numbers.
    if (kinds.includes('number') || kinds.includes('integer'))
      return kinds.includes('integer') ? 'integer' : 'number';
    return kinds.join(' or ');
  }
  switch (prop.type) {
    case 'array':
      return `list of ${prop.items ? describeType(prop.items) : 'values'}`;
    case 'string':
      return prop.format === 'uri' ? 'URL' : prop.format === 'email' ? 'email' : 'string';
    case 'object':
      return 'object';
    case undefined:
      return 'any';
    default:
      return prop.type;
  }
}
