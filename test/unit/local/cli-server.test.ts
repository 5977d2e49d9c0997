import { mkdirSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '#cli/output.ts';
import { MAX_REQUEST_BYTES, type ServedRequest } from '#cli/served.ts';
import { type CliServer, startCliServer } from '#local/cli-server.ts';
import { createLogger } from '#shared/log.ts';
import { tempDir } from '../../support/temp.ts';

interface Answer {
  status: number;
  body: string;
}

/** Posts `body` to the server as a client would, with `headers` on top (Host and Authorization by default). */
function post(
  server: CliServer,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the local stack’s CLI endpoint', () => {
  let dataDir: string;
  let server: CliServer;
  let runs: { argv: readonly string[]; io: CliIo }[];
  let command: (io: CliIo) => Promise<number>;

  const requestFor = (overrides: Partial<ServedRequest> = {}): ServedRequest => ({
    argv: ['rules', 'list'],
    cwd: '/home/me',
    dataDir,
    build: 'build-1',
    env: { WIXFLOW_DATA_DIR: dataDir },
    stdout: { isTTY: false },
    stderr: { isTTY: true, columns: 120 },
    ...overrides,
  });
  const json = (value: unknown) => JSON.stringify(value);

  beforeEach(async () => {
    dataDir = tempDir('wf-cli-server-');
    runs = [];
    command = async (io) => {
      io.stdout.write('ID  TRIGGER\n');
      io.stderr.write('Note: something\n');
      return 3;
    };
    server = await startCliServer({
      dataDir,
      build: 'build-1',
      run: (argv, io) => {
        runs.push({ argv, io });
        return command(io);
      },
      log: createLogger({ level: 'silent' }),
    });
  });

  afterEach(async () => {
    await server.stop();
  });

  it('runs the command with the client’s directory, settings and terminal, and streams its output, then its exit code', async () => {
    const answer = await post(
      server,
      json(requestFor({ env: { WIXFLOW_DATA_DIR: dataDir, NO_COLOR: '1', AWS_SECRET_ACCESS_KEY: 'x' } })),
    );

    expect(answer).toEqual({
      status: 200,
      body: '{"out":"ID  TRIGGER\\n"}\n{"err":"Note: something\\n"}\n{"exit":3}\n',
    });
    expect(runs).toHaveLength(1);
    const io = runs[0]?.io;
    expect(runs[0]?.argv).toEqual(['rules', 'list']);
    expect(io?.cwd).toBe('/home/me');
    expect(io?.onlyDataDir).toBe(dataDir);
    expect(io?.env).toEqual({ WIXFLOW_DATA_DIR: dataDir, NO_COLOR: '1' });
    expect(io?.stdout.isTTY).toBe(false);
    expect(io?.stderr).toMatchObject({ isTTY: true, columns: 120 });
    const input: unknown[] = [];
    for await (const chunk of io?.stdin ?? []) input.push(chunk);
    expect(input).toEqual([]);
    expect(server.commandsRun()).toBe(1);
  });

  it('accepts its data directory named through a symbolic link', async () => {
    const link = join(tempDir('wf-cli-link-'), 'data');
    symlinkSync(dataDir, link);

    const answer = await post(server, json(requestFor({ dataDir: link, env: { WIXFLOW_DATA_DIR: link } })));

    expect(answer.status).toBe(200);
    expect(runs).toHaveLength(1);
  });

  it.each([
    ['421', 'a Host other than its own address (DNS rebinding)', 421, { host: 'evil.example' }],
    ['421', 'localhost as Host', 421, { host: 'localhost' }],
    ['401', 'no token', 401, { authorization: '' }],
    ['401', 'a wrong token', 401, { authorization: 'Bearer nope' }],
    ['401', 'a token of the right length but wrong', 401, {}],
  ])('answers %s and runs nothing for %s', async (_status, _case, status, headers) => {
    const wrongSameLength = `Bearer ${'x'.repeat(server.token.length)}`;
    const given = Object.keys(headers).length === 0 ? { authorization: wrongSameLength } : headers;

    const answer = await post(server, json(requestFor()), given);

    expect(answer.status).toBe(status);
    expect(runs).toEqual([]);
  });

  it('answers 409 and runs nothing for another build of the CLI', async () => {
    const answer = await post(server, json(requestFor({ build: 'build-2' })));

    expect(answer).toMatchObject({ status: 409, body: expect.stringContaining('another build') });
    expect(runs).toEqual([]);
  });

  it('answers 409 and runs nothing for another data directory', async () => {
    const other = tempDir('wf-cli-other-');
    mkdirSync(join(other, 'nested'));

    const answers = [
      await post(server, json(requestFor({ dataDir: other, env: { WIXFLOW_DATA_DIR: other } }))),
      await post(
        server,
        json(requestFor({ dataDir: '/no/such/dir', env: { WIXFLOW_DATA_DIR: '/no/such/dir' } })),
      ),
    ];

    expect(answers.map((a) => a.status)).toEqual([409, 409]);
    expect(runs).toEqual([]);
  });

  it('answers 400 and runs nothing when the data directory the arguments name is not the one sent', async () => {
    const answer = await post(
      server,
      json(
        requestFor({
          argv: ['--data-dir', '/elsewhere', 'rules', 'list'],
          env: { WIXFLOW_DATA_DIR: dataDir },
        }),
      ),
    );

    expect(answer.status).toBe(400);
    expect(runs).toEqual([]);
  });

  it('answers 400 and runs nothing for a command it does not run (a deployed stack’s)', async () => {
    const answer = await post(server, json(requestFor({ argv: ['--aws', 'rules', 'list'] })));

    expect(answer.status).toBe(400);
    expect(runs).toEqual([]);
  });

  it.each([
    ['not JSON', '{"argv":'],
    ['a relative working directory', json({ ...requestFor(), cwd: 'shop' })],
    ['arguments that are not strings', json({ ...requestFor(), argv: ['rules', 1] })],
    ['no stream description', json({ ...requestFor(), stdout: undefined })],
  ])('answers 400 and runs nothing for %s', async (_case, body) => {
    const answer = await post(server, body);

    expect(answer.status).toBe(400);
    expect(runs).toEqual([]);
  });

  it('answers 413 and runs nothing for a body over the limit', async () => {
    const huge = json(requestFor({ argv: ['rules', 'list', 'x'.repeat(MAX_REQUEST_BYTES)] }));

    const answer = await post(server, huge);

    expect(answer.status).toBe(413);
    expect(runs).toEqual([]);
  });

  it('answers 404 on any other path', async () => {
    const url = new URL(server.url);
    const answer = await new Promise<number>((resolve, reject) => {
      request(new URL('/', url), { method: 'GET', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });

    expect(answer).toBe(404);
    expect(runs).toEqual([]);
  });

  it('aborts the command’s signal when the client goes away', async () => {
    let aborted: () => void = () => undefined;
    const sawAbort = new Promise<void>((resolve) => {
      aborted = resolve;
    });
    command = (io) =>
      new Promise((resolve) => {
        io.stdout.write('working\n');
        io.signal?.addEventListener('abort', () => {
          aborted();
          resolve(0);
        });
      });
    const url = new URL(server.url);
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${server.token}` },
    });
    req.on('error', () => undefined);
    req.on('response', (res) => res.once('data', () => req.destroy()));
    req.end(json(requestFor()));

    await sawAbort;

    expect(runs).toHaveLength(1);
    expect(runs[0]?.io.signal?.aborted).toBe(true);
  });

  it('stops: aborts the commands in progress and refuses new ones', async () => {
    command = (io) => new Promise((resolve) => io.signal?.addEventListener('abort', () => resolve(130)));
    const running = post(server, json(requestFor()));
    await expect.poll(() => runs.length).toBe(1);

    await server.stop();

    expect(await running).toEqual({ status: 200, body: '{"exit":130}\n' });
    await expect(post(server, json(requestFor()))).rejects.toThrow(/ECONNREFUSED/);
  });
});
