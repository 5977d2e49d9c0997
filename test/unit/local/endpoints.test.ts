import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Endpoints, readRunningEndpoints, writeEndpoints } from '#local/endpoints.ts';
import { tempDir } from '../../support/temp.ts';

const dataDir = () => tempDir('wf-endpoints-');

const endpoints: Endpoints = {
  pid: process.pid,
  apiUrl: 'http://127.0.0.1:1',
  webhookUrl: 'http://127.0.0.1:1/webhooks/wix',
  dynamodb: 'http://127.0.0.1:2',
  sqs: { endpoint: 'http://127.0.0.1:3', queueUrl: 'q', dlqUrl: 'd' },
  startedAt: '2026-12-04T00:00:00.000Z',
};

describe('the endpoints file', () => {
  it('is written whole, leaving no temporary file beside it', async () => {
    const dir = dataDir();
    await writeEndpoints(dir, endpoints);
    expect(await readRunningEndpoints(dir)).toEqual(endpoints);
    expect(readdirSync(dir)).toEqual(['endpoints.json']);
  });

  it('reads a half-written file as no running stack instead of throwing', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'endpoints.json'), JSON.stringify(endpoints).slice(0, 40));
    expect(await readRunningEndpoints(dir)).toBeUndefined();
  });
});
