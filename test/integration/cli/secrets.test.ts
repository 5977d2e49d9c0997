import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

const HOOK = 'https://hooks.slack.com/services/T000/B000/super-secret-hook';

describe('wixflow secrets against the local stack data', () => {
  let dataDir: string;
  let work: string;
  const storedSecrets = async () =>
    JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;

  beforeEach(() => {
    dataDir = tempDir('wixflow-secrets-');
    work = tempDir('wixflow-secrets-files-');
  });

  it('saves a secret read from a file, less its trailing newline, under rule-secrets/, and never prints it', async () => {
    const file = join(work, 'hook.txt');
    writeFileSync(file, `${HOOK}\n`);

    const set = await runCli(['secrets', 'set', 'slackHook', '--file', file], { dataDir });

    expect(set.code).toBe(0);
    expect(set.stdout).toBe(
      `Secret slackHook saved to the local stack (${dataDir}). Rules use it as {{ secrets.slackHook }}.\n`,
    );
    expect(set.stdout + set.stderr).not.toContain('super-secret-hook');
    expect(await storedSecrets()).toEqual({ 'rule-secrets/slackHook': HOOK });
  });

  it('saves a secret read from stdin, dropping only one trailing newline', async () => {
    const set = await runCli(['secrets', 'set', 'mailKey', '--stdin'], {
      dataDir,
      input: 'key with spaces  \n\n',
    });

    expect(set.code).toBe(0);
    expect(set.stdout).toContain('Rules use it as {{ secrets.mailKey }}.');
    expect(set.stdout + set.stderr).not.toContain('key with spaces');
    expect(await storedSecrets()).toEqual({ 'rule-secrets/mailKey': 'key with spaces  \n' });
  });

  it('replaces the value of a secret that already exists', async () => {
    await runCli(['secrets', 'set', 'slackHook', '--stdin'], { dataDir, input: 'old' });

    const set = await runCli(['secrets', 'set', 'slackHook', '--stdin'], { dataDir, input: 'new' });

    expect(set.code).toBe(0);
    expect(await storedSecrets()).toEqual({ 'rule-secrets/slackHook': 'new' });
    // A value this short is not searched for in run records: the command says so.
    expect(set.stdout).toContain('Note: values shorter than 6 characters are not hidden in run records');
  });

  it('lists the names of rule secrets only, sorted, as a table or JSON, and never a value', async () => {
    const keyFile = join(work, 'api-key.txt');
    writeFileSync(keyFile, 'IST.connection-key\n');
    await runCli(
      [
        'connections',
        'add',
        '--id',
        'shop',
        '--instance-id',
        'i-1',
        '--api-key-file',
        keyFile,
        '--site-id',
        's',
      ],
      { dataDir },
    );
    await runCli(['secrets', 'set', 'zapierKey', '--stdin'], { dataDir, input: 'zap-value' });
    await runCli(['secrets', 'set', 'slackHook', '--stdin'], { dataDir, input: HOOK });

    const list = await runCli(['secrets', 'list'], { dataDir });
    const json = await runCli(['secrets', 'list', '--json'], { dataDir });

    expect(list.code).toBe(0);
    expect(list.stdout).toBe(
      [
        'NAME       IN RULES',
        'slackHook  {{ secrets.slackHook }}',
        'zapierKey  {{ secrets.zapierKey }}',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(json.stdout)).toEqual([{ name: 'slackHook' }, { name: 'zapierKey' }]);
    expect(list.stdout + json.stdout).not.toMatch(/super-secret-hook|zap-value|connection-key/);
  });

  it('says how to add one when there is no rule secret', async () => {
    const list = await runCli(['secrets', 'list'], { dataDir });
    const json = await runCli(['secrets', 'list', '--json'], { dataDir });

    expect(list).toMatchObject({ code: 0 });
    expect(list.stdout).toBe('No rule secrets yet. Add one with `wixflow secrets set NAME --file FILE`.\n');
    expect(JSON.parse(json.stdout)).toEqual([]);
  });

  it('removes a secret, after which it is neither listed nor stored', async () => {
    await runCli(['secrets', 'set', 'slackHook', '--stdin'], { dataDir, input: HOOK });
    await runCli(['secrets', 'set', 'mailKey', '--stdin'], { dataDir, input: 'm' });

    const remove = await runCli(['secrets', 'remove', 'slackHook'], { dataDir });
    const list = await runCli(['secrets', 'list', '--json'], { dataDir });

    expect(remove.code).toBe(0);
    expect(remove.stdout).toBe(`Removed secret slackHook from the local stack (${dataDir}).\n`);
    expect(JSON.parse(list.stdout)).toEqual([{ name: 'mailKey' }]);
    expect(await storedSecrets()).toEqual({ 'rule-secrets/mailKey': 'm' });
  });

  it.each([
    [['secrets', 'set', '9lives', '--file', 'x'], 'secret name "9lives" must start with a letter or "_"'],
    [['secrets', 'set', 'slack-hook', '--stdin'], 'secret name "slack-hook" must start with a letter or "_"'],
    [
      ['secrets', 'set', 'slackHook', '--file', '/nonexistent/hook.txt'],
      'cannot read the file /nonexistent/hook.txt',
    ],
    [['secrets', 'set', 'slackHook'], 'choose where the value comes from: --file FILE or --stdin'],
    [['secrets', 'remove', 'nope'], 'no secret "nope"; see `wixflow secrets list`'],
    [['secrets', 'remove', 'no.such'], 'secret name "no.such" must start with a letter or "_"'],
  ])('exits 1 with a one-line reason for %j', async (args, reason) => {
    const result = await runCli(args, { dataDir });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(reason);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses an empty value and stores nothing', async () => {
    const empty = join(work, 'empty.txt');
    writeFileSync(empty, '\n');

    const fromFile = await runCli(['secrets', 'set', 'slackHook', '--file', empty], { dataDir });
    const fromStdin = await runCli(['secrets', 'set', 'slackHook', '--stdin'], {
      dataDir,
      input: '',
    });

    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toBe(`wixflow: the secret value from ${empty} is empty\n`);
    expect(fromStdin.code).toBe(1);
    expect(fromStdin.stderr).toBe('wixflow: the secret value from stdin is empty\n');
    expect((await runCli(['secrets', 'list', '--json'], { dataDir })).stdout.trim()).toBe('[]');
  });
});
