import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as runWixflow } from '#cli/main.ts';
import { commandWords, isForwardedVariable, SERVED_COMMANDS, servedDataDir } from '#cli/served.ts';
import { runCli } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';

const CWD = '/home/me/shop';
const decide = (argv: string[], env: Record<string, string> = {}) => servedDataDir(argv, env, CWD);

describe('which commands a running local stack runs (servedDataDir)', () => {
  it.each([
    [['rules', 'list'], {}, '/home/me/shop/.wixflow'],
    [['events', 'list', '--json'], {}, '/home/me/shop/.wixflow'],
    [['rules', 'list'], { WIXFLOW_DATA_DIR: 'data' }, '/home/me/shop/data'],
    [['rules', 'list'], { WIXFLOW_DATA_DIR: '/srv/wixflow' }, '/srv/wixflow'],
    [['--data-dir', 'other', 'rules', 'list'], { WIXFLOW_DATA_DIR: 'data' }, '/home/me/shop/other'],
    [['--data-dir=../x', 'runs', 'list'], {}, '/home/me/x'],
    [['rules', '--data-dir', '/abs', 'list'], {}, '/abs'],
    [['rules', 'list', '--data-dir=a', '--data-dir', 'b'], {}, '/home/me/shop/b'],
    [['secrets', 'set', 'SLACK', '--file', 'hook.txt'], {}, '/home/me/shop/.wixflow'],
    [['backfill', 'my-rule', '--since', '6h'], {}, '/home/me/shop/.wixflow'],
    // After `--` commander reads operands only: neither a data dir nor help.
    [['rules', 'apply', '--', '--help'], {}, '/home/me/shop/.wixflow'],
  ])('runs %j (env %j) there, on %s', (argv, env, dataDir) => {
    expect(decide(argv, env)).toBe(dataDir);
  });

  it.each([
    [[], 'no command: the help'],
    [['--aws', 'rules', 'list'], 'a deployed stack'],
    [['rules', 'list', '--aws'], 'a deployed stack, flag last'],
    [['--stack', 'Wixflow-prod', 'rules', 'list'], 'a named stack'],
    [['rules', 'list', '--stack=Wixflow-prod'], 'a named stack, = form'],
    [['--region', 'eu-west-1', 'rules', 'list'], 'a region'],
    [['--region=eu-west-1', 'rules', 'list'], 'a region, = form'],
    [['--help'], 'help'],
    [['rules', '--help'], "a command's help"],
    [['rules', 'list', '-h'], "a subcommand's help"],
    [['--version'], 'the version'],
    [['help', 'rules'], 'the help command'],
    [['triggers'], 'the trigger catalogue'],
    [['modules', 'collections.addProducts'], 'the module catalogue'],
    [['sandbox', '--port', '0'], 'the sandbox server'],
    [['console'], 'the console server'],
    [['secrets', 'set', 'SLACK', '--stdin'], "a value read from this process's stdin"],
    [['--verbose', 'rules', 'list'], 'an option the program does not have'],
    [['frobnicate'], 'an unknown command'],
    [['--data-dir'], 'a data dir option without its value'],
    [['--', 'rules', 'list'], 'a command after `--`'],
  ])('runs %j in-process (%s)', (argv) => {
    expect(decide(argv)).toBeUndefined();
  });

  it('runs every command in-process with WIXFLOW_IN_PROCESS=1', () => {
    expect(decide(['rules', 'list'], { WIXFLOW_IN_PROCESS: '1' })).toBeUndefined();
    expect(decide(['rules', 'list'], { WIXFLOW_IN_PROCESS: '0' })).toBe('/home/me/shop/.wixflow');
  });

  it('has decided for every top-level command `wixflow --help` lists', async () => {
    const help = await runCli(['--help'], { dataDir: tempDir('wf-served-help-') });
    const listed = [...(help.stdout.split('Commands:')[1]?.matchAll(/^ {2}([a-z]+)/gm) ?? [])].map(
      (m) => m[1],
    );
    const inProcess = ['triggers', 'modules', 'sandbox', 'console', 'help'];

    expect(listed.length).toBeGreaterThan(5);
    expect(
      listed.filter((name) => !SERVED_COMMANDS.includes(name ?? '') && !inProcess.includes(name ?? '')),
    ).toEqual([]);
  });
});

describe('what the client sends and the stack logs', () => {
  it.each([
    ['WIXFLOW_DATA_DIR', true],
    ['WIX_API_BASE_URL', true],
    ['NO_COLOR', true],
    ['FORCE_COLOR', true],
    ['TERM', true],
    ['COLUMNS', true],
    ['AWS_SECRET_ACCESS_KEY', false],
    ['PATH', false],
    ['HOME', false],
    ['NODE_OPTIONS', false],
  ])('forwards %s: %s', (name, forwarded) => {
    expect(isForwardedVariable(name)).toBe(forwarded);
  });

  it('logs the command and subcommand, never the values given to them', () => {
    expect(commandWords(['--data-dir', '/tmp/x', 'secrets', 'set', 'SLACK', '--file', 'hook.txt'])).toBe(
      'secrets set',
    );
    expect(commandWords(['rules', 'list', '--json'])).toBe('rules list');
  });
});

describe('a command the local stack runs', () => {
  it('fails, opening nothing, when its arguments name a data directory other than the stack’s', async () => {
    const own = tempDir('wf-served-own-');
    const other = tempDir('wf-served-other-');
    let stderr = '';

    const code = await runWixflow(['--data-dir', other, 'rules', 'list'], {
      stdout: { write: () => true },
      stderr: { write: (text) => (stderr += text) },
      stdin: { async *[Symbol.asyncIterator]() {} },
      env: {},
      cwd: own,
      onlyDataDir: own,
    });

    expect(code).toBe(1);
    expect(stderr).toBe(
      `wixflow: the local stack runs on ${own}, not ${other}; run with WIXFLOW_IN_PROCESS=1\n`,
    );
    expect(existsSync(join(other, 'dynamodb'))).toBe(false);
  });
});
