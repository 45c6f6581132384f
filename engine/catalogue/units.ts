/** Units facts and parameters are measured in. Every `*Pct` fact is a fraction: 0.5 means 50%. */
export const UNITS = {
  fraction: 'a fraction: 0.5 means 50% (never write 50 for 50%)',
  currency: 'US dollars (computed from integer cents)',
  days: 'calendar days',
  seconds: 'seconds of tick time',
  count: 'a whole number of things',
  contracts: 'option contracts',
  delta: 'option delta per 1.00 move of the underlying, between -1 and 1 per contract share',
  'share-delta': 'position delta in share equivalents (delta × multiplier × contracts)',
  'share-gamma': 'position gamma in share equivalents per 1.00 move of the underlying',
  'dollars-per-day': 'US dollars per calendar day',
  'dollars-per-vol-point': 'US dollars per volatility point (0.01 of IV)',
  vol: 'implied volatility as a decimal per year: 0.2 means 20%',
  'index-points': 'index level, e.g. the VIX at 18.5',
  price: 'underlying price in its own currency units',
  ratio: 'a plain multiple, e.g. 3 means three times',
  points: 'underlying price points',
  boolean: 'true or false',
  state: 'one of a fixed set of names',
  text: 'free text',
} as const;

export type Unit = keyof typeof UNITS;
