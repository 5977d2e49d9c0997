/** Formats an amount as Wix's USD examples do (`$10.50`). */
export const formatUsd = (amount: number): string => `$${amount.toFixed(2)}`;

/** Rounds to cents. */
export const cents = (amount: number): number => Math.round(amount * 100) / 100;

/** The V1 price block (`priceData`, `price`, `convertedPriceData`) for a price and discount. */
export function v1PriceData(price: number, discount: { type?: unknown; value?: unknown }) {
  const value = typeof discount.value === 'number' ? discount.value : 0;
  let discounted = price;
  if (discount.type === 'AMOUNT') discounted = price - value;
  if (discount.type === 'PERCENT') discounted = price * (1 - value / 100);
  discounted = cents(Math.max(0, discounted));
  return {
    currency: 'USD',
    price,
    discountedPrice: discounted,
    formatted: { price: formatUsd(price), discountedPrice: formatUsd(discounted) },
  };
}

/** An eCom/V3 money object: string amount plus its formatted form. */
export const money = (amount: number | string) => {
  const n = typeof amount === 'number' ? amount : Number(amount);
  return { amount: String(amount), formattedAmount: formatUsd(n) };
};
