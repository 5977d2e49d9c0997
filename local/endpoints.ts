import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { isProcessAlive } from './process-alive.ts';

export const EndpointsSchema = z.object({
  pid: z.number(),
  apiUrl: z.string(),
  webhookUrl: z.string(),
  /** What `wixflow automations` needs: the Wix API the stack calls, its app, and the URL Wix posts to. */
  wixApiBaseUrl: z.string().optional(),
  appId: z.string().optional(),
  publicUrl: z.string().optional(),
  dynamodb: z.string(),
  sqs: z.object({ endpoint: z.string(), queueUrl: z.string(), dlqUrl: z.string() }),
  sandbox: z
    .object({ url: z.string(), instanceId: z.string(), appId: z.string(), catalogVersion: z.string() })
    .optional(),
  startedAt: z.string(),
  /**
   * Where the stack runs `wixflow` commands (local/cli-server.ts): a loopback URL, the bearer token it requires,
   * and the build stamp of the CLI it serves (dist/build-stamp.json). cli/served.ts reads it without zod.
   */
  cli: z.object({ url: z.string(), token: z.string(), build: z.string() }).optional(),
});
/** Where a running local stack can be reached; written to `<data dir>/endpoints.json` while it runs. */
export type Endpoints = z.infer<typeof EndpointsSchema>;

const file = (dataDir: string) => join(dataDir, 'endpoints.json');

/** Written to a temporary file and renamed, so a reader (the CLI, a test) never sees half of it. */
export async function writeEndpoints(dataDir: string, endpoints: Endpoints): Promise<void> {
  const partial = `${file(dataDir)}.${process.pid}.tmp`;
  await writeFile(partial, `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
  await rename(partial, file(dataDir));
}

export async function removeEndpoints(dataDir: string): Promise<void> {
  await rm(file(dataDir), { force: true });
}

/** The endpoints of the local stack running on `dataDir`, or undefined when none runs. */
export async function readRunningEndpoints(dataDir: string): Promise<Endpoints | undefined> {
  let raw: string;
  try {
    raw = await readFile(file(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = EndpointsSchema.safeParse(parseOrUndefined(raw));
  if (!parsed.success || !isProcessAlive(parsed.data.pid)) return undefined;
  return parsed.data;
}

/** A file left half-written by a stack killed mid-write reads as no running stack, not as a crash of the reader. */
function parseOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
