// The baseline for local intake: a bare node:http server that reads each body and answers 200, nothing else.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stopOnParentExit } from './child.ts';

const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":"bare"}');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
stopOnParentExit(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })}\n`,
);
