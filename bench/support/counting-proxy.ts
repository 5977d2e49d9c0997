import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Requests of one API operation that passed a counting proxy. */
export interface OperationCount {
  requests: number;
  /** Answers ≥ 400, by error type (e.g. ConditionalCheckFailedException). */
  errors: Record<string, number>;
  /** DynamoDB capacity units reported by the service. */
  readUnits: number;
  writeUnits: number;
  /** SQS ReceiveMessage: messages returned; `emptyReceives`: receives that returned none. */
  messages: number;
  emptyReceives: number;
}

/** By service, by operation; `dynamodb:tables` holds DynamoDB's write units again, by table name. */
export type Counts = Record<string, Record<string, OperationCount>>;

const DYNAMO_READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const DYNAMO_WRITES = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

interface ConsumedCapacity {
  CapacityUnits?: number;
}

const unitsOf = (value: unknown): number => {
  const list = (Array.isArray(value) ? value : value ? [value] : []) as ConsumedCapacity[];
  return list.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
};

const emptyCount = (): OperationCount => ({
  requests: 0,
  errors: {},
  readUnits: 0,
  writeUnits: 0,
  messages: 0,
  emptyReceives: 0,
});

/**
 * A loopback proxy in front of an emulator speaking an AWS JSON protocol (dynalite, fauxqs): counts every request
 * by `x-amz-target` operation into `counts[service]`. For DynamoDB it asks for ReturnConsumedCapacity=TOTAL and
 * adds up the read and write units the emulator reports (dynalite sizes items as DynamoDB does).
 */
export async function startCountingProxy(
  service: string,
  upstream: string,
  counts: Counts,
): Promise<{ url: string; stop(): Promise<void> }> {
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
      const perService = counts[service] ?? {};
      counts[service] = perService;
      const count = perService[operation] ?? emptyCount();
      perService[operation] = count;
      count.requests += 1;

      let body = Buffer.concat(chunks);
      const capacity =
        service === 'dynamodb' && (DYNAMO_READS.has(operation) || DYNAMO_WRITES.has(operation));
      let table: OperationCount | undefined;
      if (capacity) {
        const input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        input.ReturnConsumedCapacity = 'TOTAL';
        body = Buffer.from(JSON.stringify(input));
        if (DYNAMO_WRITES.has(operation) && typeof input.TableName === 'string') {
          const tables = counts[`${service}:tables`] ?? {};
          counts[`${service}:tables`] = tables;
          table = tables[input.TableName] ?? emptyCount();
          tables[input.TableName] = table;
          table.requests += 1;
        }
      }
      const headers = { ...req.headers, 'content-length': String(body.byteLength), host: target.host };
      const upstreamReq = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (upstreamRes) => {
          const out: Buffer[] = [];
          upstreamRes.on('data', (chunk: Buffer) => out.push(chunk));
          upstreamRes.on('end', () => {
            const answer = Buffer.concat(out);
            const status = upstreamRes.statusCode ?? 500;
            let parsed: Record<string, unknown> = {};
            try {
              parsed = JSON.parse(answer.toString('utf8') || '{}') as Record<string, unknown>;
            } catch {
              // Not JSON: nothing to count beyond the request.
            }
            if (status >= 400) {
              const type =
                String(parsed.__type ?? status)
                  .split('#')
                  .pop() ?? String(status);
              count.errors[type] = (count.errors[type] ?? 0) + 1;
            } else if (capacity) {
              const units = unitsOf(parsed.ConsumedCapacity);
              if (DYNAMO_READS.has(operation)) count.readUnits += units;
              else count.writeUnits += units;
              if (table) table.writeUnits += units;
            } else if (operation === 'ReceiveMessage') {
              const messages = Array.isArray(parsed.Messages) ? parsed.Messages.length : 0;
              count.messages += messages;
              if (messages === 0) count.emptyReceives += 1;
            }
            res.writeHead(status, upstreamRes.headers).end(answer);
          });
        },
      );
      upstreamReq.on('error', (error) => res.writeHead(502).end(String(error)));
      upstreamReq.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `after − before`, operation by operation. */
export function diffCounts(after: Counts, before: Counts): Counts {
  const out: Counts = {};
  for (const [service, ops] of Object.entries(after)) {
    const diff: Record<string, OperationCount> = {};
    out[service] = diff;
    for (const [op, a] of Object.entries(ops)) {
      const b = before[service]?.[op] ?? emptyCount();
      const errors: Record<string, number> = {};
      for (const [type, n] of Object.entries(a.errors)) errors[type] = n - (b.errors[type] ?? 0);
      diff[op] = {
        requests: a.requests - b.requests,
        errors,
        readUnits: a.readUnits - b.readUnits,
        writeUnits: a.writeUnits - b.writeUnits,
        messages: a.messages - b.messages,
        emptyReceives: a.emptyReceives - b.emptyReceives,
      };
    }
  }
  return out;
}
