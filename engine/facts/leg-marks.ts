/**
 * What each held leg is marked with this tick, per position (docs/facts.md § Mark source and age). Built by the
 * kernel from mark health (./mark-health.ts: source `quote` | `last`, age) and the position's strategy's
 * `marks: { maxAgeSec, onStale }`, then fed to both facts paths (memory and the reference query, which stages it as
 * the `leg_marks` table) so they price a leg the same way:
 *
 * - `quote`: this tick's good quote (not listed: the stored quote is used);
 * - `last`: the last good quote seen in this run (its mid and greeks), else the stored quote; stale past maxAgeSec;
 * - `model` (onStale: model, once stale): Black–Scholes at the underlying price now, the time to the expiry's
 *   16:00 New York close, `settings.riskFreeRate`, and the chain's IV interpolated at the leg's strike and expiry
 *   (engine/pricing/iv-interpolate.ts). With no IV anywhere in the tick's chain the leg stays `last` (and stale).
 */
import { fromExchangeTime, type OptionContract, type OptionQuote } from '../domain/index.ts';
import { bsm, interpolateIv, yearsBetween, type IvPoint } from '../pricing/index.ts';
import type { LegMarkHealth } from './mark-health.ts';

export type LegMarkSource = 'quote' | 'last' | 'model';

/** The per-share values a leg is marked with when they do not come from the stored quote. */
export interface LegMarkValues {
  readonly mid: number | null;
  readonly delta: number | null;
  readonly gamma: number | null;
  readonly thetaPerDay: number | null;
  readonly vegaPerPoint: number | null;
  readonly iv: number | null;
}

export interface LegMark {
  readonly positionId: string;
  readonly key: string;
  readonly source: LegMarkSource;
  /** Seconds since the leg's last good quote; null when it never had one. */
  readonly ageSec: number | null;
  /** The last good quote is older than the strategy's maxAgeSec (or there never was one). */
  readonly stale: boolean;
  /** Null: mark the leg from the stored quote. */
  readonly values: LegMarkValues | null;
}

export interface LegMarksInput {
  readonly now: number;
  readonly positions: readonly { readonly id: string; readonly strategy: string; readonly legs: readonly { readonly key: string; readonly contract: OptionContract }[] }[];
  readonly health: ReadonlyMap<string, LegMarkHealth>;
  readonly marksOf: (strategy: string) => { readonly maxAgeSec: number; readonly onStale: 'hold' | 'model' };
  /** This tick's option quotes (the whole chain: the IVs a model mark is interpolated from). */
  readonly chain: readonly OptionQuote[];
  readonly underlyingPrice: (symbol: string) => number | null;
  readonly lastGood: (key: string) => OptionQuote | undefined;
  readonly riskFreeRate: number;
}

const fin = (x: number | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function fromQuote(q: OptionQuote): LegMarkValues {
  return { mid: (q.bid + q.ask) / 2, delta: fin(q.delta), gamma: fin(q.gamma), thetaPerDay: fin(q.thetaPerDay), vegaPerPoint: fin(q.vegaPerPoint), iv: fin(q.iv) };
}

/** The chain's usable IVs per underlying (good quotes only). */
function ivPoints(chain: readonly OptionQuote[]): Map<string, IvPoint[]> {
  const out = new Map<string, IvPoint[]>();
  for (const q of chain) {
    const iv = fin(q.iv);
    if (iv === null || iv <= 0 || !(q.bid >= 0 && q.ask >= q.bid) || (q.bid === 0 && q.ask === 0)) continue;
    const c = q.contract;
    let list = out.get(c.underlying);
    if (!list) out.set(c.underlying, (list = []));
    list.push({ expiry: c.expiry, strike: c.strike, iv });
  }
  return out;
}

/** Black–Scholes values of a contract at the interpolated IV, or null without an underlying price or any IV. */
export function modelValues(contract: OptionContract, now: number, spot: number | null, points: readonly IvPoint[], rate: number): LegMarkValues | null {
  if (spot === null || !(spot > 0)) return null;
  const at = interpolateIv(points, contract.expiry, contract.strike, spot);
  if (at === null) return null;
  const years = yearsBetween(now, fromExchangeTime(contract.expiry, 16 * 60));
  const r = bsm({ right: contract.right, spot, strike: contract.strike, years, rate, vol: at.iv });
  return { mid: r.price, delta: r.delta, gamma: r.gamma, thetaPerDay: r.thetaPerDay, vegaPerPoint: r.vegaPerPoint, iv: at.iv };
}

export function legMarks(input: LegMarksInput): LegMark[] {
  let points: Map<string, IvPoint[]> | null = null;
  const out: LegMark[] = [];
  for (const p of input.positions) {
    const cfg = input.marksOf(p.strategy);
    for (const l of p.legs) {
      const h = input.health.get(l.key);
      // A leg quoted well this tick, or one mark health does not know (not held yet), gets no mark: the facts fall back
      // on the stored quote (source quote, age 0 with a mid), which for a good quote is exactly its mark. Only legs
      // on a last or model mark are listed, so a healthy book costs nothing here.
      if (h === undefined || h.source === 'quote') continue;
      const stale = h.ageSec === null || h.ageSec > cfg.maxAgeSec;
      if (stale && cfg.onStale === 'model') {
        points ??= ivPoints(input.chain);
        const v = modelValues(l.contract, input.now, input.underlyingPrice(l.contract.underlying), points.get(l.contract.underlying) ?? [], input.riskFreeRate);
        if (v !== null) {
          out.push({ positionId: p.id, key: l.key, source: 'model', ageSec: h.ageSec, stale, values: v });
          continue;
        }
      }
      const good = input.lastGood(l.key);
      out.push({ positionId: p.id, key: l.key, source: 'last', ageSec: h.ageSec, stale, values: good ? fromQuote(good) : null });
    }
  }
  return out;
}

/** The marks of one position's legs by key (the memory path's lookup). */
export function marksByPosition(marks: readonly LegMark[]): Map<string, Map<string, LegMark>> {
  const out = new Map<string, Map<string, LegMark>>();
  for (const m of marks) {
    let byKey = out.get(m.positionId);
    if (!byKey) out.set(m.positionId, (byKey = new Map()));
    byKey.set(m.key, m);
  }
  return out;
}
