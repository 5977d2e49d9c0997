import { statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openLocalContext } from '#cli/context.ts';
import { FileSecretStore } from '#shared/secrets/file-secret-store.ts';
import { signWixWebhook } from '#shared/wix/webhook/sign.ts';
import { addProductsRuleYaml, runCli } from '../../support/cli.ts';
import { tempDir } from '../../support/temp.ts';
import { createTestKeys } from '../../support/webhooks.ts';

const RULE = addProductsRuleYaml('new-products', 'my-shop');

describe('wixflow CLI against the local stack data', () => {
  let dataDir: string;
  let work: string;

  beforeAll(() => {
    dataDir = tempDir('wixflow-cli-');
    work = tempDir('wixflow-cli-files-');
  });

  it('adds an OAuth connection and lists it', async () => {
    const add = await runCli(
      ['connections', 'add', '--id', 'my-shop', '--instance-id', 'inst-1', '--oauth'],
      { dataDir },
    );
    const list = await runCli(['connections', 'list'], { dataDir });

    expect(add).toMatchObject({ code: 0 });
    expect(add.stdout).toContain('Added connection my-shop');
    expect(list.stdout).toMatch(/my-shop\s+inst-1\s+-\s+oauth/);
  });

  it('keeps an API key in the 0600 secret store and never prints it', async () => {
    const keyFile = join(work, 'key.txt');
    writeFileSync(keyFile, 'IST.super-secret-key\n');

    const add = await runCli(
      [
        'connections',
        'add',
        '--id',
        'keyed',
        '--instance-id',
        'inst-2',
        '--api-key-file',
        keyFile,
        '--site-id',
        'site-9',
      ],
      { dataDir },
    );
    const list = await runCli(['connections', 'list', '--json'], { dataDir });

    expect(add.code).toBe(0);
    expect(add.stdout + list.stdout).not.toContain('super-secret-key');
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({ id: 'keyed', auth: { kind: 'apiKey', siteId: 'site-9' } }),
    );
    expect(await readFile(join(dataDir, 'secrets.json'), 'utf8')).toContain('IST.super-secret-key');
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
  });

  it.each([
    [['connections', 'add', '--id', 'x', '--instance-id', 'i'], 'choose one way to authorise'],
    [
      ['connections', 'add', '--id', 'x', '--instance-id', 'i', '--oauth', '--site-id', 's'],
      '--site-id and --account-id go with --api-key-file',
    ],
    [['connections', 'add', '--id', 'my-shop', '--instance-id', 'i', '--oauth'], 'already exists'],
    [['connections', 'remove', 'nope'], 'no connection "nope"'],
    [['rules', 'delete', 'nope'], 'no rule "nope"'],
    [['modules', 'nope'], 'no module "nope"'],
  ])('exits 1 with a one-line reason for %j', async (args, reason) => {
    const result = await runCli(args, { dataDir });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(reason);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('applies a valid rule file and lists the rule', async () => {
    const file = join(work, 'rule.yaml');
    writeFileSync(file, RULE);

    const apply = await runCli(['rules', 'apply', file], { dataDir });
    const again = await runCli(['rules', 'apply', file], { dataDir });
    const list = await runCli(['rules', 'list'], { dataDir });

    expect(apply.stdout).toContain('1 created');
    expect(again.stdout).toContain('1 unchanged');
    expect(list.stdout).toMatch(/new-products\s+products\.created\s+my-shop\s+yes\s+-/);
  });

  it('rejects a rule set with an invalid rule, applies none of it, and names each problem', async () => {
    const dir = tempDir('wixflow-rules-');
    writeFileSync(join(dir, 'a.yaml'), RULE.replace('new-products', 'fine-rule'));
    writeFileSync(
      join(dir, 'b.yaml'),
      RULE.replace('new-products', 'broken').replace('products.created', 'products.made'),
    );

    const apply = await runCli(['rules', 'apply', dir], { dataDir });
    const list = await runCli(['rules', 'list', '--json'], { dataDir });

    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('broken: trigger: unknown trigger "products.made"');
    expect(JSON.parse(list.stdout).map((r: { id: string }) => r.id)).toEqual(['new-products']);
  });

  it('refuses a rule that uses a rule secret which is not set, and applies it once the secret is', async () => {
    const file = join(work, 'notify.yaml');
    writeFileSync(
      file,
      `id: notify-slack
connection: my-shop
trigger: products.created
actions:
  - id: post
    module: http.request
    input:
      url: "{{ secrets.slackHook }}"
      method: POST
      body: { text: "New product {{ trigger.entity.name }}" }
`,
    );
    const event = join(work, 'product.json');
    writeFileSync(
      event,
      JSON.stringify({
        eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
        instanceId: 'inst-1',
        data: { productId: 'p-7', name: 'Scarf' },
      }),
    );

    const refused = await runCli(['rules', 'apply', file], { dataDir });
    await new FileSecretStore(join(dataDir, 'secrets.json')).put(
      'rule-secrets/slackHook',
      'https://hooks.slack.com/services/T9/B9/cli-secret-value',
    );
    const applied = await runCli(['rules', 'apply', file], { dataDir });
    const dryRun = await runCli(['rules', 'test', 'notify-slack', '--event', event], { dataDir });

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'notify-slack: actions.0.input: secret slackHook is not set; set it with `wixflow secrets set slackHook --file FILE`',
    );
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringContaining('1 created') });
    expect(dryRun.stdout).toContain('would send POST [secret slackHook]');
    expect(`${dryRun.stdout}${dryRun.stderr}`).not.toContain('cli-secret-value');
  });

  it('dry-runs a rule against a raw webhook body or an envelope file, calling nothing', async () => {
    const envelope = {
      eventType: 'com.wix.ecommerce.catalog.api.v1.ProductCreated',
      instanceId: 'inst-1',
      data: { productId: 'p-42', name: 'Hat', visible: true },
    };
    const envelopeFile = join(work, 'event.json');
    writeFileSync(envelopeFile, JSON.stringify(envelope));
    const jwtFile = join(work, 'event.jwt');
    writeFileSync(jwtFile, signWixWebhook(envelope, createTestKeys().privateKey));

    const fromEnvelope = await runCli(
      ['rules', 'test', 'new-products', '--event', envelopeFile, '--catalog', 'v1'],
      { dataDir },
    );
    // No run has told wixflow the site's catalog yet: the plan is for V3, and says so.
    const byDefault = await runCli(['rules', 'test', 'new-products', '--event', envelopeFile], { dataDir });
    const fromJwt = await runCli(['rules', 'test', 'new-products', '--event', jwtFile, '--json'], {
      dataDir,
    });
    const missing = await runCli(['rules', 'test', 'new-products', '--event', join(work, 'nope.json')], {
      dataDir,
    });

    expect(fromEnvelope.code).toBe(0);
    expect(fromEnvelope.stdout).toContain(
      'would send POST /stores/v1/collections/1044e7e4-37d1-0705-c5b3-623baae212fd/productIds {"productIds":["p-42"]}',
    );
    expect(fromEnvelope.stdout).toContain(
      'Planned for Catalog V1 (as asked); --catalog v3 plans for the other.',
    );
    expect(byDefault.code).toBe(0);
    expect(byDefault.stdout).not.toContain('/stores/v1/');
    expect(byDefault.stdout).toContain(
      "Planned for Catalog V3 (Wix's default for new stores; the connection's is learnt on its first run); --catalog v1 plans for the other.",
    );
    // Once a run has learnt the site's catalog, the plan is for that one.
    const ctx = await openLocalContext(dataDir);
    await ctx.stores.connections.recordCatalogVersion('my-shop', 'V1_CATALOG', new Date().toISOString());
    await ctx.close();
    const onSitesCatalog = await runCli(['rules', 'test', 'new-products', '--event', envelopeFile], {
      dataDir,
    });
    expect(onSitesCatalog.stdout).toContain('/stores/v1/collections/');
    expect(onSitesCatalog.stdout).toContain(
      "Planned for Catalog V1 (the connection's); --catalog v3 plans for the other.",
    );
    expect(JSON.parse(fromJwt.stdout)).toMatchObject({
      ruleId: 'new-products',
      triggers: ['products.created'],
    });
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read the event file') });
  });

  it('answers --help, `help COMMAND` and COMMAND --help with the command’s own subcommands, exit 0', async () => {
    const help = await runCli(['--help'], { dataDir });
    const helpRules = await runCli(['help', 'rules'], { dataDir });
    const rulesHelp = await runCli(['rules', '--help'], { dataDir });

    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^ {2}rules\s+the rules that turn Wix events into actions$/m);
    for (const result of [helpRules, rulesHelp]) {
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: wixflow rules/);
      expect(result.stdout).toMatch(/^ {2}apply <path>/m);
      expect(result.stdout).toMatch(/^ {2}test \[options\] <id>/m);
    }
  });

  it('exits 1 on an unknown command, naming it', async () => {
    const result = await runCli(['rulez', 'list'], { dataDir });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown command 'rulez'");
  });

  it('lists triggers and describes a module from its schema', async () => {
    const triggers = await runCli(['triggers'], { dataDir });
    const module = await runCli(['modules', 'collections.addProducts'], { dataDir });

    expect(triggers.stdout).toContain('products.created');
    expect(triggers.stdout).toContain('com.wix.ecommerce.catalog.api.v1.ProductCreated');
    expect(triggers.stdout).toMatch(/wixflow\.run\.failed +\(built in\)/);
    expect(triggers.stdout).toMatch(/wixflow\.run\.needsAttention +\(built in\)/);
    expect(module.stdout).toContain('collectionId: string');
    expect(module.stdout).toContain('productIds: list of string');
  });
});
