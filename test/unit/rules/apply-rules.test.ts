import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleSetError, readRuleDocuments, validateRuleSet } from '#shared/rules/apply-rules.ts';
import { tempDir } from '../../support/temp.ts';

const good = {
  id: 'new-products',
  connection: 'my-shop',
  trigger: 'products.created',
  filter: 'trigger.entity.visible = true',
  actions: [
    {
      id: 'add',
      module: 'collections.addProducts',
      input: { collectionId: '1044e7e4-37d1-0705-c5b3-623baae212fd', productIds: ['{{ trigger.entityId }}'] },
    },
  ],
};

function problems(docs: unknown[]): string[] {
  try {
    validateRuleSet(docs.map((value) => ({ source: 'rules.yaml', value })));
  } catch (error) {
    if (error instanceof RuleSetError) return error.message.split('\n');
    throw error;
  }
  return [];
}

describe('validateRuleSet', () => {
  it('accepts a valid rule and defaults enabled to true', () => {
    const [rule] = validateRuleSet([{ source: 'r.yaml', value: good }]);

    expect(rule).toMatchObject({ id: 'new-products', enabled: true });
  });

  it('accepts a raw Wix eventType and a list of triggers', () => {
    expect(
      problems([{ ...good, trigger: ['products.created', 'wix.ecom.v1.order_updated', 'OrderPaid'] }]),
    ).toEqual([]);
  });

  it('lists every problem as rule-id: path: reason', () => {
    const bad = {
      ...good,
      trigger: 'products.creatd',
      filter: 'trigger.(',
      actions: [
        { id: 'a', module: 'collections.nope', input: {} },
        {
          id: 'a',
          module: 'collections.addProducts',
          input: { collectionId: '', productIds: '{{ steps.later.ids }}' },
        },
      ],
    };

    expect(problems([bad])).toEqual([
      'new-products: trigger: unknown trigger "products.creatd" (did you mean products.created?); run `wixflow triggers`',
      expect.stringMatching(/^new-products: filter: expression \{\{ trigger\.\( \}\} does not compile/),
      'new-products: actions.0.module: unknown module "collections.nope"; run `wixflow modules`',
      'new-products: actions.1.id: duplicate step id "a"',
      'new-products: actions.1.input: expression {{ steps.later.ids }} uses steps.later, which is not an earlier step',
      'new-products: actions.1.input.collectionId: must be a non-empty id',
    ]);
  });

  it('checks static module inputs fully', () => {
    const rule = {
      ...good,
      actions: [
        { id: 'add', module: 'collections.addProducts', input: { collectionId: 'c', productIds: [] } },
      ],
    };

    expect(problems([rule])).toEqual([
      'new-products: actions.0.input.productIds: must list at least one product id',
    ]);
  });

  it('rejects unknown fields, missing fields and duplicate rule ids', () => {
    expect(problems([{ ...good, colour: 'red' }, good, good, { id: 'x' }])).toEqual([
      'new-products: (rule): Unrecognized key: "colour"',
      'new-products: id: duplicate rule id (also in rules.yaml)',
      expect.stringMatching(/^x: connection: /),
      expect.stringMatching(/^x: trigger: /),
      expect.stringMatching(/^x: actions: /),
    ]);
  });
});

describe('readRuleDocuments', () => {
  it('reads YAML lists, multi-document YAML and JSON from a directory', async () => {
    const dir = tempDir('rules-');
    writeFileSync(
      join(dir, 'a.yaml'),
      `- id: one\n  connection: "*"\n  trigger: products.created\n  actions: []\n---\nid: two\n`,
    );
    writeFileSync(join(dir, 'b.json'), JSON.stringify(good));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');

    const docs = await readRuleDocuments(dir);

    expect(docs.map((d) => (d.value as { id: string }).id)).toEqual(['one', 'two', 'new-products']);
  });

  it('reads and validates the example rules the README applies', async () => {
    const rules = validateRuleSet(await readRuleDocuments('examples/rules'));

    expect(rules.map((rule) => rule.id)).toEqual(['new-products-to-new-arrivals']);
  });

  it('reads and validates the Slack example, which names its hook as a rule secret', async () => {
    const [rule] = validateRuleSet(await readRuleDocuments('examples/slack'));

    expect(rule?.actions[0]?.input.url).toBe('{{ secrets.slackHook }}');
  });

  it('reports a YAML syntax error with the file', async () => {
    const dir = tempDir('rules-');
    writeFileSync(join(dir, 'bad.yaml'), 'id: [unclosed\n');

    await expect(readRuleDocuments(join(dir, 'bad.yaml'))).rejects.toThrow(/bad\.yaml: \(yaml\)/);
  });
});

describe('validateRuleSet with templated inputs', () => {
  it('knows a string with {{ }} inside is text and refuses it where a list is required', () => {
    const rule = {
      ...good,
      actions: [
        {
          id: 'add',
          module: 'collections.addProducts',
          input: { collectionId: 'c', productIds: 'ids: {{ trigger.entityId }}' },
        },
      ],
    };

    expect(problems([rule])).toEqual([
      expect.stringMatching(
        /^new-products: actions\.0\.input\.productIds: is text \(a string with \{\{ \}\} inside\) but must be a list/,
      ),
    ]);
  });

  it('accepts a whole {{ expr }} wherever its value could fit', () => {
    const rule = {
      ...good,
      actions: [
        {
          id: 'add',
          module: 'collections.addProducts',
          input: { collectionId: 'c', productIds: '{{ trigger.raw.ids }}' },
        },
      ],
    };

    expect(problems([rule])).toEqual([]);
  });
});
