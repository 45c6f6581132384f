/**
 * The paper broker's fill model, as options (see docs/sim.md, "Fill model", and docs/replay.md, "Fill model"):
 * at what price an order executes (`fillPrice`) and when it may execute (`fillTiming`).
 */

/** `natural`, `mid`, or `mid+F`: the mid moved F × the spread toward the side that pays (0 ≤ F ≤ 0.5; `mid+0.5` = natural). */
export type FillPriceSpec = string;

/**
 * - `next-tick`: an order may fill from the next observed tick on (a continuous market: the tick it was decided on is
 *   already the past). `day` orders expire at 16:00 New York of the day they were accepted.
 * - `snapshot`: recorded snapshots (one a day, or a few): an order is matched against the snapshot it was decided on as
 *   soon as it is placed or replaced, and a `day` order also lives through the next snapshot (the data has nothing in
 *   between), expiring at the first tick at or after 16:00 of its day that is not the very next snapshot.
 */
export type FillTiming = 'next-tick' | 'snapshot';

export const FILL_TIMINGS: readonly FillTiming[] = ['next-tick', 'snapshot'];

/** With the range check below, accepts exactly what `fill.price` in schemas/scenario.schema.json accepts. */
const MID_PLUS = /^mid\+(0|0\.\d+)$/;

/**
 * The fraction F of the spread (from the mid toward the paying side) a fill price spec stands for, or null when the
 * text is not a fill price: `mid` → 0, `natural` → 0.5, `mid+0.25` → 0.25. F above 0.5 (beyond natural) is refused.
 */
export function parseFillPrice(spec: FillPriceSpec): number | null {
  if (spec === 'mid') return 0;
  if (spec === 'natural') return 0.5;
  const m = MID_PLUS.exec(spec);
  if (!m) return null;
  const f = Number(m[1]);
  return f >= 0 && f <= 0.5 ? f : null;
}

/** What a fill price spec should look like, for error messages. */
export const FILL_PRICE_EXPECTED = '`natural`, `mid`, or `mid+F` with 0 ≤ F ≤ 0.5 (the fraction of the spread paid beyond the mid)';
