import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAwsContext } from '#cli/aws-context.ts';
import type { CliContext } from '#cli/context.ts';
import { type RunningConsole, startConsole } from '#console/server.ts';
import { type Emulator, startDynalite } from '#local/emulators.ts';
import { ensureTables } from '#local/tables.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { OUTPUTS, stackWith, TABLES } from '../../support/deployed-stack.ts';
import { deliver } from '../../support/webhooks.ts';

// The console over a deployed stack (`wixflow console --aws`): the stack's tables in dynalite, found through
// its CloudFormation outputs; CloudFormation and SQS's queue attributes are answered by mocks at the client.
const cfn = mockClient(CloudFormationClient);
const sqs = mockClient(SQSClient);

describe('the console against a deployed stack (--aws)', () => {
  let dynamo: Emulator;
  let ctx: CliContext;
  let web: RunningConsole;
  let cookie = '';
  const get = async (path: string) =>
    (await fetch(`${web.url}${path}`, { headers: { cookie }, redirect: 'manual' })).text();

  beforeAll(async () => {
    dynamo = await startDynalite();
    const db = createDocumentClient({ endpoint: dynamo.endpoint });
    await ensureTables(db, TABLES);
    db.destroy();
    cfn.on(DescribeStacksCommand, { StackName: 'Wixflow-prod' }).resolves(stackWith(OUTPUTS));
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: '3' } });
    ctx = await openAwsContext({
      stackName: 'Wixflow-prod',
      region: 'eu-west-1',
      cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
      dynamoEndpoint: dynamo.endpoint,
      sqs: new SQSClient({ region: 'eu-west-1' }),
    });
    const [rule] = validateRuleSet([
      {
        source: 'prod.yaml',
        value: {
          id: 'prod-new-products',
          connection: '*',
          trigger: 'products.created',
          actions: [
            { id: 'a', module: 'collections.addProducts', input: { collectionId: 'c', productIds: ['p'] } },
          ],
        },
      },
    ]);
    if (!rule) throw new Error('the rule is valid');
    await ctx.stores.rules.put(prepareRule(rule));
    await ctx.stores.connections.put({
      id: 'prod-shop',
      instanceId: 'prod-instance',
      auth: { kind: 'oauth' },
      status: 'active',
      createdAt: '2026-12-01T00:00:00.000Z',
      updatedAt: '2026-12-01T00:00:00.000Z',
    } as Parameters<CliContext['stores']['connections']['put']>[0]);
    const event = deliver({
      eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
      instanceId: 'prod-instance',
      data: JSON.stringify({ productId: 'p-1', name: 'Mug' }),
    });
    await ctx.stores.events.claim(event, { anonymize: false, leaseMs: 60_000, replay: false });
    web = await startConsole({ ctx, token: 'aws-test-token-0123456789' });
    const login = await fetch(web.loginUrl, { redirect: 'manual' });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  });
  afterAll(async () => {
    await web?.stop();
    await ctx?.close();
    await dynamo?.stop();
  });

  it("shows the deployed stack's rules, events, connections and dead-letter depth", async () => {
    const overview = await get('/');
    expect(overview).toContain('Overview');
    expect(overview).toContain('prod-shop');
    expect(await get('/rules')).toContain('prod-new-products');
    expect(await get('/events?since=7d')).toContain('com.wix.ecommerce.catalog.api.v1.ProductCreated');
    const connections = await get('/connections');
    expect(connections).toContain('prod-shop');
    expect(connections).toContain(OUTPUTS.WebhookUrl);
    // The DLQ depth comes from the stack's queues through the user's own credentials.
    expect(sqs.commandCalls(GetQueueAttributesCommand).length).toBeGreaterThan(0);
  });
});
