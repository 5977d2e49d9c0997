import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { applicationError } from './errors.ts';
import { faultsSchema, type SandboxFaults } from './faults.ts';
import { parseJson, readBody, send } from './http-io.ts';
import type { EmitResult, RecordedRequest } from './server.ts';

/** What the `/_sandbox/*` routes read and change. */
export interface SandboxAdmin {
  requests: RecordedRequest[];
  faults(): SandboxFaults;
  setFaults(faults: SandboxFaults): void;
  emit(eventType: string, target: { webhookUrl: string; instanceId?: string }): Promise<EmitResult>;
}

const emitSchema = z.object({
  eventType: z.string().min(1),
  webhookUrl: z.url(),
  instanceId: z.string().min(1).optional(),
});

/**
 * Serves the sandbox's own routes: `GET /_sandbox/health`, `GET|DELETE /_sandbox/requests`,
 * `GET|POST /_sandbox/faults` and `POST /_sandbox/emit`; any other `/_sandbox/` path answers Wix's 404.
 */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, admin: SandboxAdmin) {
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /_sandbox/health') return send(res, 200, { status: 'ok' });
  if (route === 'GET /_sandbox/requests') return send(res, 200, admin.requests);
  if (route === 'DELETE /_sandbox/requests') {
    admin.requests.length = 0;
    return send(res, 204, undefined);
  }
  if (route === 'GET /_sandbox/faults') return send(res, 200, admin.faults());
  if (route === 'POST /_sandbox/faults') {
    const parsed = parseJson(await readBody(req));
    const result = parsed.ok ? faultsSchema.safeParse(parsed.value ?? {}) : undefined;
    if (!result?.success) {
      const error = applicationError(
        400,
        'INVALID_ARGUMENT',
        'Body must be {errorRate?, latencyMs?, rateLimitRate?}',
      );
      return send(res, 400, error.body);
    }
    admin.setFaults(result.data);
    return send(res, 200, admin.faults());
  }
  if (route === 'POST /_sandbox/emit') {
    const parsed = parseJson(await readBody(req));
    const body = parsed.ok ? emitSchema.safeParse(parsed.value) : undefined;
    if (!body?.success) {
      const error = applicationError(
        400,
        'INVALID_ARGUMENT',
        'Body must be {eventType, webhookUrl, instanceId?}',
      );
      return send(res, 400, error.body);
    }
    try {
      return send(res, 200, await admin.emit(body.data.eventType, body.data));
    } catch (error) {
      const failure = applicationError(400, 'INVALID_ARGUMENT', (error as Error).message);
      return send(res, 400, failure.body);
    }
  }
  const error = applicationError(404, 'NOT_FOUND', `No sandbox admin route ${route}`);
  return send(res, 404, error.body);
}
