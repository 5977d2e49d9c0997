import { describe, expect, it } from 'vitest';
import { ExpressionError, renderTemplate, templateExpressions } from '#shared/rules/expressions.ts';

const context = {
  trigger: { entityId: 'p-1', entity: { name: 'Summer hat', price: 32, tags: ['a', 'b'] } },
  steps: { add: { ok: true } },
  connection: { id: 'shop', instanceId: 'i-1' },
};

describe('renderTemplate', () => {
  it('gives a whole {{ expr }} the value of its expression, of any type', async () => {
    const out = await renderTemplate(
      {
        id: '{{ trigger.entityId }}',
        price: '{{ trigger.entity.price }}',
        tags: '{{ trigger.entity.tags }}',
        ok: '{{steps.add.ok}}',
      },
      context,
    );

    expect(out).toEqual({ id: 'p-1', price: 32, tags: ['a', 'b'], ok: true });
  });

  it('interpolates expressions inside longer strings', async () => {
    expect(
      await renderTemplate('New: {{ trigger.entity.name }} for {{ trigger.entity.price }} USD', context),
    ).toBe('New: Summer hat for 32 USD');
  });

  it('renders nested arrays and objects and leaves plain values alone', async () => {
    expect(await renderTemplate({ list: ['{{ connection.id }}', 3, null], flag: false }, context)).toEqual({
      list: ['shop', 3, null],
      flag: false,
    });
  });

  it('interpolates a missing value as an empty string', async () => {
    expect(await renderTemplate('x{{ trigger.nothing }}y', context)).toBe('xy');
  });

  it('throws an ExpressionError naming the expression when it does not compile', async () => {
    await expect(renderTemplate('{{ trigger.( }}', context)).rejects.toThrow(ExpressionError);
    await expect(renderTemplate('{{ trigger.( }}', context)).rejects.toMatchObject({
      expression: 'trigger.(',
    });
  });

  it('stops an expression that runs too long', async () => {
    await expect(
      renderTemplate('{{ ( $f := function($n) { $f($n + 1) }; $f(0) ) }}', context),
    ).rejects.toThrow(/deeper|longer/);
  });
});

describe('templateExpressions', () => {
  it('finds every expression at any depth', () => {
    expect(templateExpressions({ a: '{{ x }}', b: ['y {{ z }} {{w}}'], c: 1 })).toEqual(['x', 'z', 'w']);
  });
});
