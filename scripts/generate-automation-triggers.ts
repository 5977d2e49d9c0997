/**
 * Regenerates shared/automations/automation-triggers.json, the catalogue of Wix Automations triggers rules may
 * name (`automation:<triggerKey>`), from a JSON list of `{appId, appName, triggerKey, name, source}` entries
 * taken from Wix's own n8n node (github.com/wix-incubator/n8n-nodes-wix,
 * `nodes/Wix/config/wix-automations-triggers.ts`):
 *
 *   npx tsx scripts/generate-automation-triggers.ts PATH/TO/automation-triggers.json
 *
 * The input path is required: the script reads nothing it is not given.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { WIX_GUID } from '#shared/automations/automation-triggers.ts';

const Entry = z.looseObject({
  appId: z.string().regex(WIX_GUID, 'must be a Wix GUID'),
  appName: z.string().min(1),
  triggerKey: z.string().min(1).max(100),
  name: z.string().min(1),
  source: z.string().min(1),
});

const OUTPUT = fileURLToPath(new URL('../shared/automations/automation-triggers.json', import.meta.url));

const input = process.argv[2];
if (!input) {
  process.stderr.write(
    'usage: tsx scripts/generate-automation-triggers.ts PATH/TO/automation-triggers.json\n',
  );
  process.exit(1);
}
const entries = z.array(Entry).parse(JSON.parse(await readFile(input, 'utf8')));
const seen = new Set<string>();
for (const e of entries) {
  if (seen.has(e.triggerKey)) throw new Error(`trigger key ${e.triggerKey} appears twice in ${input}`);
  seen.add(e.triggerKey);
}
const sources = [...new Set(entries.map((e) => e.source.replace(/ key .*$/, '')))];
const triggers = entries
  .map(({ appId, appName, triggerKey, name }) => ({ appId, appName, triggerKey, name }))
  .sort((a, b) => a.appName.localeCompare(b.appName) || a.triggerKey.localeCompare(b.triggerKey));
await writeFile(OUTPUT, `${JSON.stringify({ source: sources, triggers }, null, 2)}\n`);
process.stdout.write(
  `wrote ${triggers.length} triggers of ${new Set(triggers.map((t) => t.appId)).size} apps to ${OUTPUT}\n`,
);
