/**
 * Money is integer cents. Option prices arrive as dollars per share (floats from the market); convert once, at the
 * edge, with the contract multiplier explicit, and never accumulate floats.
 */
export type Cents = number;

export function toCents(dollars: number): Cents {
  return Math.round(dollars * 100);
}

export function fromCents(cents: Cents): number {
  return cents / 100;
}

/** The cash value of `quantity` contracts at `pricePerShare` dollars: price × multiplier × quantity, in cents. */
export function premiumCents(pricePerShare: number, quantity: number, multiplier: number): Cents {
  return Math.round(pricePerShare * multiplier * quantity * 100);
}

export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}
