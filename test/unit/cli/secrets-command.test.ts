import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { openAwsContext, REQUIRED_OUTPUTS } from '#cli/aws-context.ts';
import type { WithContext } from '#cli/command.ts';
import { secretsCommand } from '#cli/commands/secrets.ts';
import { tempDir } from '../../support/temp.ts';

// The deployed-stack path of `wixflow secrets`: CloudFormation and Secrets Manager are mocked.
const cfn = mockClient(CloudFormationClient);
const sm = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBDocumentClient);
const PREFIX = 'wixflow/Wixflow-prod/';
const HOOK = 'https://hooks.slack.com/services/T000/B000/super-secret-hook';

function program(): Command {
  const root = new Command('wixflow').exitOverride();
  const withContext: WithContext = async (work) => {
    const ctx = await openAwsContext({
      stackName: 'Wixflow-prod',
      region: 'eu-west-1',
      cloudFormation: new CloudFormationClient({ region: 'eu-west-1' }),
      secretsManager: new SecretsManagerClient({ region: 'eu-west-1' }),
    });
    try {
      await work(ctx);
    } finally {
      await ctx.close();
    }
  };
  secretsCommand(root.command('secrets'), { withContext, dataDir: () => '.wixflow' });
  return root;
}

const run = (...args: string[]) => program().parseAsync(['node', 'wixflow', 'secrets', ...args]);

describe('wixflow secrets --aws', () => {
  let stdout: MockInstance<typeof process.stdout.write>;
  const printed = () => stdout.mock.calls.map(([text]) => String(text)).join('');

  beforeEach(() => {
    cfn.reset();
    sm.reset();
    ddb.reset();
    ddb.on(ScanCommand).resolves({ Items: [] });
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 'Wixflow-prod',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: REQUIRED_OUTPUTS.map((OutputKey) => ({
            OutputKey,
            OutputValue: OutputKey === 'SecretsPrefix' ? PREFIX : `${OutputKey}-value`,
          })),
        },
      ],
    });
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stdout.mockRestore();
  });

  it('creates the secret under the stack prefix when it does not exist yet, and never prints the value', async () => {
    const file = join(tempDir('wixflow-secrets-'), 'hook.txt');
    writeFileSync(file, `${HOOK}\n`);
    sm.on(PutSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'no', $metadata: {} }));
    sm.on(CreateSecretCommand).resolves({});

    await run('set', 'slackHook', '--file', file);

    expect(sm.commandCalls(CreateSecretCommand)[0]?.args[0].input).toEqual({
      Name: `${PREFIX}rule-secrets/slackHook`,
      SecretString: HOOK,
    });
    expect(printed()).toBe(
      'Secret slackHook saved to stack Wixflow-prod (eu-west-1). Rules use it as {{ secrets.slackHook }}.\n',
    );
  });

  it('lists the rule secrets of the stack by name, without the prefix', async () => {
    sm.on(ListSecretsCommand).resolves({
      SecretList: [{ Name: `${PREFIX}rule-secrets/slackHook` }, { Name: `${PREFIX}rule-secrets/apiKey` }],
    });

    await run('list', '--json');

    expect(sm.commandCalls(ListSecretsCommand)[0]?.args[0].input.Filters).toEqual([
      { Key: 'name', Values: [`${PREFIX}rule-secrets/`] },
    ]);
    expect(JSON.parse(printed())).toEqual([{ name: 'apiKey' }, { name: 'slackHook' }]);
  });

  it('schedules the deletion with a 7-day recovery window and says so, naming the rules that use it', async () => {
    sm.on(ListSecretsCommand).resolves({ SecretList: [{ Name: `${PREFIX}rule-secrets/slackHook` }] });
    sm.on(DeleteSecretCommand).resolves({});
    const rule = (id: string, url: string, enabled = true) => ({
      id,
      connection: '*',
      trigger: 'orders.paid',
      enabled,
      actions: [{ id: 'post', module: 'http.request', input: { url, method: 'POST' } }],
      version: 'v1',
      updatedAt: '2026-11-26T00:00:00.000Z',
    });
    ddb.on(ScanCommand).resolves({
      Items: [
        rule('tell-slack', '{{ secrets.slackHook }}'),
        rule('tell-other', '{{ secrets.otherHook }}'),
        rule('paused', '{{ secrets.slackHook }}', false),
      ],
    });

    await run('remove', 'slackHook');

    expect(sm.commandCalls(DeleteSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: `${PREFIX}rule-secrets/slackHook`,
      RecoveryWindowInDays: 7,
    });
    expect(printed()).toContain(
      'Secret slackHook is scheduled for deletion from stack Wixflow-prod (eu-west-1)',
    );
    expect(printed()).toContain('7-day recovery window');
    expect(printed()).toContain('Note: rule tell-slack uses it; its runs fail until it is set again.');
  });

  it('refuses to remove a secret the stack does not have, or has already scheduled for deletion', async () => {
    sm.on(ListSecretsCommand).resolves({
      SecretList: [
        { Name: `${PREFIX}rule-secrets/slackHook2` },
        { Name: `${PREFIX}rule-secrets/slackHook`, DeletedDate: new Date() },
      ],
    });

    await expect(run('remove', 'slackHook')).rejects.toThrow('no secret "slackHook"');
    expect(sm.commandCalls(DeleteSecretCommand)).toHaveLength(0);
  });
});
