import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAwsContext } from '#cli/aws-context.ts';
import { CliError } from '#cli/output.ts';
import { type Emulator, startDynalite } from '#local/emulators.ts';
import { ensureTables } from '#local/tables.ts';
import { prepareRule, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { createDocumentClient } from '#shared/store/dynamo-client.ts';
import { OUTPUTS, stackWith, TABLES } from '../../support/deployed-stack.ts';

// CloudFormation and SQS's move task have no local emulator: those two clients are mocked; DynamoDB is dynalite.
const cfn = mockClient(CloudFormationClient);
const sqs = mockClient(SQSClient);

describe('the CLI against a deployed stack (--aws)', () => {
  let dynamo: Emulator;

  beforeAll(async () => {
    dynamo = await startDynalite();
    const db = createDocumentClient({ endpoint: dynamo.endpoint });
    await ensureTables(db, TABLES);
    db.destroy();
  });
  afterAll(async () => {
    await dynamo.stop();
  });
  beforeEach(() => {
    cfn.reset();
    sqs.reset();
  });

  const open = () =>
    openAwsContext({
      stackName: 'Wixflow-prod',
      region: 'eu-west-1',
      cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
      dynamoEndpoint: dynamo.endpoint,
      sqs: new SQSClient({ region: 'eu-west-1' }),
    });

  it('finds the tables and secret prefix from the stack outputs', async () => {
    cfn.on(DescribeStacksCommand, { StackName: 'Wixflow-prod' }).resolves(stackWith(OUTPUTS));
    const ctx = await open();
    const [rule] = validateRuleSet([
      {
        source: 'x',
        value: {
          id: 'r1',
          connection: '*',
          trigger: 'products.created',
          actions: [
            { id: 'a', module: 'collections.addProducts', input: { collectionId: 'c', productIds: ['p'] } },
          ],
        },
      },
    ]);
    if (!rule) throw new Error('rule did not validate');

    await ctx.stores.rules.put(prepareRule(rule));

    expect((await ctx.stores.rules.list()).map((r) => r.id)).toEqual(['r1']);
    expect(ctx.secretsPrefix).toBe('wixflow/Wixflow-prod/');
    expect(ctx.description).toBe('stack Wixflow-prod (eu-west-1)');
    await ctx.close();
  });

  it('provisions automations from the stack outputs: its Wix API, app, public URL and rate limit', async () => {
    cfn.on(DescribeStacksCommand).resolves(
      stackWith({
        ...OUTPUTS,
        PublicUrl: 'https://x.execute-api.eu-west-1.amazonaws.com',
        WixApiBaseUrl: 'https://www.wixapis.com',
        WixAppId: 'app-1',
        AppSecretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:app',
        WixRateLimit: '200',
      }),
    );
    const ctx = await open();

    const wix = await ctx.wix();
    await ctx.stores.automations.putToken(
      'h1',
      { connectionId: 'c', instanceId: 'i', appId: 'a', triggerKey: 'k' },
      'now',
    );

    expect(wix).toMatchObject({
      wixApiBaseUrl: 'https://www.wixapis.com',
      appId: 'app-1',
      appSecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:app',
      publicUrl: 'https://x.execute-api.eu-west-1.amazonaws.com',
      localWix: false,
    });
    expect(await ctx.stores.automations.findToken('h1')).toEqual({
      connectionId: 'c',
      instanceId: 'i',
      appId: 'a',
      triggerKey: 'k',
    });
    await ctx.close();
  });

  it('asks for a redeploy when the stack predates automations', async () => {
    cfn.on(DescribeStacksCommand).resolves(stackWith(OUTPUTS));
    const ctx = await open();

    await expect(ctx.wix()).rejects.toThrow(/lacks the outputs WixApiBaseUrl and PublicUrl; redeploy/);
    await ctx.close();
  });

  it('names the outputs a stack lacks', async () => {
    const { SecretsPrefix: _omitted, ...rest } = OUTPUTS;
    cfn.on(DescribeStacksCommand).resolves(stackWith(rest));

    await expect(open()).rejects.toThrow(
      new CliError(
        'stack Wixflow-prod lacks the outputs SecretsPrefix; redeploy it with this version of wixflow',
      ),
    );
  });

  it('explains a stack that does not exist', async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error('Stack with id Wixflow-prod does not exist'), { name: 'ValidationError' }),
      );

    await expect(open()).rejects.toThrow(/no stack Wixflow-prod in this account and region/);
  });

  it('moves the DLQ back with StartMessageMoveTask and follows it to the end', async () => {
    cfn.on(DescribeStacksCommand).resolves(stackWith(OUTPUTS));
    sqs
      .on(GetQueueAttributesCommand, { QueueUrl: OUTPUTS.DeadLetterQueueUrl })
      .resolves({ Attributes: { QueueArn: 'arn:aws:sqs:eu-west-1:1:dlq' } })
      .on(GetQueueAttributesCommand, { QueueUrl: OUTPUTS.EventsQueueUrl })
      .resolves({ Attributes: { QueueArn: 'arn:aws:sqs:eu-west-1:1:events' } })
      .on(StartMessageMoveTaskCommand)
      .resolves({ TaskHandle: 't' })
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce({ Results: [{ Status: 'RUNNING', ApproximateNumberOfMessagesMoved: 3 }] })
      .resolves({ Results: [{ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 7 }] });
    const ctx = await open();
    const progress: number[] = [];

    const moved = await ctx.queues().redriveDlq((n) => progress.push(n));

    expect(moved).toBe(7);
    expect(progress).toEqual([3, 7]);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: 'arn:aws:sqs:eu-west-1:1:dlq',
      DestinationArn: 'arn:aws:sqs:eu-west-1:1:events',
    });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
    await ctx.close();
  }, 20_000);
});
