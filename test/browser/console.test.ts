// The console in real Chromium, as a developer fixing a failed rule at 11 pm would use it.
import { readFileSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliContext, openLocalContext } from '#cli/context.ts';
import { type RunningConsole, startConsole } from '#console/server.ts';
import { DEMO_COLLECTION_ID, DEMO_CONNECTION_ID } from '#local/demo.ts';
import { readRunningEndpoints } from '#local/endpoints.ts';
import type { LocalStack } from '#local/stack.ts';
import { prepareRule } from '#shared/rules/apply-rules.ts';
import { startSandboxStack } from '../support/local-stack.ts';
import { waitFor } from '../support/wait.ts';

const RULE_ID = 'file-new-products';
const MISSING_COLLECTION = '0a0a0a0a-0000-4000-8000-000000000000';
const SHOTS = 'docs/console';

describe('the console in Chromium', () => {
  let stack: LocalStack;
  let ctx: CliContext;
  let web: RunningConsole;
  let browser: Browser;
  let page: Page;
  let productCreated: string;

  beforeAll(async () => {
    // The screenshots show the Catalog V1 demo (its collection id is what the rule is fixed with).
    const started = await startSandboxStack({ WIXFLOW_SANDBOX_CATALOG: 'V1_CATALOG' });
    stack = started.stack;
    ctx = await openLocalContext(stack.dataDir);
    web = await startConsole({ ctx });
    const catalog = (await readRunningEndpoints(stack.dataDir))?.sandbox?.catalogVersion;
    productCreated =
      catalog === 'V3_CATALOG'
        ? 'wix.stores.catalog.v3.product_created'
        : 'com.wix.ecommerce.catalog.api.v1.ProductCreated';
    // A rule with a mistake: it files new products into a collection that does not exist.
    const demo = await ctx.stores.rules.get('demo-new-products-to-new-arrivals');
    if (demo) await ctx.stores.rules.put({ ...demo, enabled: false });
    await ctx.stores.rules.put(
      prepareRule({
        id: RULE_ID,
        connection: DEMO_CONNECTION_ID,
        trigger: 'products.created',
        enabled: true,
        actions: [
          {
            id: 'file',
            module: 'collections.addProducts',
            input: { collectionId: MISSING_COLLECTION, productIds: ['{{ trigger.entityId }}'] },
          },
        ],
      }),
    );
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await ctx?.close();
    await stack?.stop();
  });

  const shoot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

  it('finds a failed run, shows Wix’s error, fixes the rule in the editor and replays the event to success', async () => {
    // Prepare: a product is created and its webhook fails the rule.
    await stack.sandbox?.emit(productCreated, { webhookUrl: stack.webhookUrl });
    const failed = await waitFor('the failed run', async () => {
      const [run] = await ctx.stores.runs.list({ ruleId: RULE_ID });
      return run?.status !== 'running' && run;
    });
    expect(failed.status).toBe('failed');

    // Act + Assess: the overview names the failing rule.
    await page.goto(web.loginUrl);
    expect(new URL(page.url()).search).toBe('');
    await expect.poll(() => page.locator('h1').first().textContent()).toContain('Overview');
    await expect.poll(() => page.getByRole('link', { name: RULE_ID }).count()).toBeGreaterThan(0);
    await shoot('overview');

    // The rule's failed runs, then the run with Wix's message and code.
    await page
      .getByRole('row', { name: new RegExp(RULE_ID) })
      .getByRole('link', { name: '1' })
      .click();
    await page.getByRole('link', { name: failed.runId }).click();
    const runText = await page.locator('main').textContent();
    expect(runText).toContain('NOT_FOUND');
    expect(runText).toContain(MISSING_COLLECTION);
    await shoot('run');

    // The editor refuses an invalid rule, at its line, and saves a fixed one.
    await page.getByRole('link', { name: RULE_ID }).first().click();
    await shoot('rule');
    await page.getByRole('link', { name: 'Edit' }).click();
    const source = await page.locator('#source').inputValue();
    await page.locator('#source').fill(source.replace('collections.addProducts', 'collections.addProduct'));
    await page.getByRole('button', { name: 'Validate' }).click();
    const problem = await page.getByRole('alert').textContent();
    expect(problem).toMatch(/line \d+: file-new-products: actions\.0\.module: /);
    await shoot('rule-edit-invalid');
    await page.locator('#source').fill(source.replace(MISSING_COLLECTION, DEMO_COLLECTION_ID));
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByRole('status').textContent()).toContain(`Rule ${RULE_ID} saved.`);
    expect((await ctx.stores.rules.get(RULE_ID))?.actions[0]?.input).toMatchObject({
      collectionId: DEMO_COLLECTION_ID,
    });

    // Replay the event: the plan first, then the confirmed replay, and the run succeeds.
    await page.goto(`${web.url}/events/${encodeURIComponent(failed.eventId)}`);
    await shoot('event');
    await page.getByRole('button', { name: 'Replay…' }).click();
    expect(await page.locator('main').textContent()).toContain('Nothing has been queued');
    expect(await page.locator('main').textContent()).toContain('run again (was failed)');
    await shoot('replay-plan');
    await page.getByRole('button', { name: /Queue 1 event for replay/ }).click();
    expect(await page.getByRole('status').textContent()).toContain('Queued 1 event');
    await waitFor(
      'the replayed run to succeed',
      async () => (await ctx.stores.runs.get(failed.runId))?.status === 'succeeded',
    );
    await page.goto(`${web.url}/runs?rule=${RULE_ID}`);
    expect(await page.locator('main table').textContent()).toContain('succeeded');
    await shoot('runs');
    await page.goto(`${web.url}/connections`);
    await shoot('connections');
    await page.goto(`${web.url}/events`);
    await shoot('events');
  });

  it('works with the keyboard alone: a skip link, labelled filters, focusable controls', async () => {
    // Act
    await page.goto(`${web.url}/runs`);
    await page.keyboard.press('Tab');
    const first = await page.evaluate('document.activeElement?.textContent');
    await page.getByLabel('status').selectOption('succeeded');
    await page.getByRole('button', { name: 'Filter' }).focus();
    await page.keyboard.press('Enter');
    // Assess
    expect(first).toBe('Skip to content');
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('succeeded');
  });

  it('answers 401 without the token and refuses a form from another origin', async () => {
    // Prepare
    const stranger = await browser.newPage();
    // Act
    const anonymous = await stranger.goto(`${web.url}/runs`);
    const forged = await page.request.post(`${web.url}/rules/${RULE_ID}/enabled`, {
      form: { enabled: 'no' },
      headers: { origin: 'http://evil.example' },
    });
    // Assess
    expect(anonymous?.status()).toBe(401);
    expect(forged.status()).toBe(403);
    expect((await ctx.stores.rules.get(RULE_ID))?.enabled).toBe(true);
    await stranger.close();
    expect(readFileSync(`${SHOTS}/overview.png`).length).toBeGreaterThan(0);
  });
});
