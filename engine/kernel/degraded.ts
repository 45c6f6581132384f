/**
 * The DEGRADED trading state: entered by the kernel itself when the market data cannot be trusted, left by itself when
 * it recovers (docs/operations.md, "Trading states"). Each tick, after the market is ingested and before the rules:
 *
 * - **stale-marks**: the share of held legs whose mark is bad or stale (engine/facts/mark-health.ts) is above
 *   `settings.degraded.staleShare`;
 * - **underlying**: an underlying a position holds is missing from the tick, or its price is not a positive number
 *   (or any underlying the tick carries is NaN);
 * - **silent-feed**: no market data for more than `silentFeedSec` seconds of the tick clock: by the feed's own
 *   `dataStatus().lastDataAt` when it reports one (IB: the last price message received), and otherwise since the last
 *   tick that carried any underlying price or option quote; counted only within the regular session (from its open),
 *   as markets are quiet outside it. Repeated values are not silence: scripted and recorded
 *   data repeat prices legitimately, and a daily replay's ticks are a day apart by design;
 * - **data-farm**: the feed reports a problem (IB 2103/2105 a data farm down, 1100 connectivity lost).
 *
 * DEGRADED is entered on the first tick any reason holds, and left after `recoverTicks` consecutive ticks on which none
 * holds (the hysteresis that keeps it from flapping on one good tick). It is an overlay over ACTIVE, never stored as the
 * latched trading state: REDUCING and HALTED win, and when DEGRADED clears the state is what it was. Entry and exit are
 * stored alerts (warning, info) with the reasons.
 */
import { DEGRADED_DEFAULTS } from '../config/index.ts';
import { exchangeTime, fromExchangeTime, isRegularSession, type MarketTick, type OptionQuote, type UnderlyingQuote } from '../domain/index.ts';
import { markHealth, type LegMarkHealth } from '../facts/index.ts';
import type { DataHealth } from '../risk/index.ts';
import type { KernelState } from './state.ts';
import type { TickWork } from './tick-work.ts';

export type DegradedReasonKind = 'stale-marks' | 'underlying' | 'silent-feed' | 'data-farm';

export interface DegradedReason {
  readonly kind: DegradedReasonKind;
  readonly message: string;
}

/** DEGRADED as the status shows it: since when (tick time of entry) and why (the reasons of the latest tick). */
export interface DegradedStatus {
  readonly since: number;
  readonly reasons: readonly DegradedReason[];
}

/** 09:30 New York. */
const SESSION_OPEN_MIN = 570;

const HEALTHY: DataHealth = Object.freeze({ degraded: false, why: '', badMarks: new Map<string, string>() });

/** Judges this tick's market data, moves DEGRADED in or out, and leaves the gate's view in `k.dataHealth`. */
export function assessMarketData(k: KernelState, w: TickWork, heldKeys: ReadonlySet<string>, unusable: readonly UnderlyingQuote[] = []): void {
  const cfg = k.current.config.settings.degraded ?? DEGRADED_DEFAULTS;
  k.goodQuotes.retain(heldKeys);
  k.goodQuotes.observe(w.tick, heldKeys);
  const tickQuotes = new Map<string, OptionQuote>();
  for (const q of w.tick.quotes) if (heldKeys.has(q.key)) tickQuotes.set(q.key, q);
  if (w.tick.underlyings.length || w.tick.quotes.length || k.lastDataTickAt === null) k.lastDataTickAt = w.time;

  const reasons: DegradedReason[] = [];
  const badMarks = new Map<string, string>();
  const held = heldLegs(k);
  const health = markHealth({ now: w.time, keys: held.keys(), tickQuotes, goodAt: k.goodQuotes, memory: k.market, maxAgeSec: cfg.maxMarkAgeSec });
  let bad = 0;
  for (const [key, h] of health) {
    if (!h.bad) continue;
    bad += 1;
    for (const id of held.get(key) ?? []) badMarks.set(id, `${badMarks.has(id) ? `${badMarks.get(id)}; ` : `marks of ${id} are bad: `}${describe(h)}`);
  }
  if (health.size > 0 && bad / health.size > cfg.staleShare) {
    reasons.push({ kind: 'stale-marks', message: `${bad} of ${health.size} held legs have bad or stale marks (above staleShare ${cfg.staleShare})` });
  }
  const underlying = underlyingProblem(k, w, unusable);
  if (underlying) reasons.push({ kind: 'underlying', message: underlying });
  const silent = silence(k, w.time, cfg.silentFeedSec);
  if (silent) reasons.push({ kind: 'silent-feed', message: silent });
  for (const p of k.feed.dataStatus?.().problems ?? []) reasons.push({ kind: 'data-farm', message: `${p.code}: ${p.message}` });

  move(k, w, reasons, cfg.recoverTicks);
  k.markHealth = health;
  k.dataHealth = k.degraded || badMarks.size ? { degraded: k.degraded !== null, why: k.degraded ? why(k.degraded.reasons) : '', badMarks } : HEALTHY;
}

function move(k: KernelState, w: TickWork, reasons: DegradedReason[], recoverTicks: number): void {
  if (reasons.length) {
    k.degradedCleanTicks = 0;
    if (!k.degraded) {
      k.degraded = { since: w.time, reasons };
      w.alert('warning', 'trading-state', null, `DEGRADED: ${why(reasons)}; no new entries, exits only on good marks${k.tradingState === 'ACTIVE' ? '' : ` (the trading state stays ${k.tradingState}, which is stricter)`}`);
      k.log.warn({ reasons }, 'market data degraded');
    } else k.degraded = { since: k.degraded.since, reasons };
    return;
  }
  if (!k.degraded) return;
  k.degradedCleanTicks += 1;
  if (k.degradedCleanTicks < recoverTicks) return;
  const was = k.degraded;
  k.degraded = null;
  k.degradedCleanTicks = 0;
  w.alert('info', 'trading-state', null, `DEGRADED cleared: market data healthy for ${recoverTicks} consecutive ticks (degraded since ${nyTime(was.since)}: ${why(was.reasons)}); trading state ${k.tradingState}`);
  k.log.info({ since: was.since }, 'market data recovered');
}

/** Held contract key → the positions holding it (live positions' legs, entries and rolls included once filled). */
function heldLegs(k: KernelState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of k.book.live()) {
    for (const l of e.actor.context().legs) {
      if (l.quantity === 0) continue;
      const ids = out.get(l.key);
      if (ids) ids.push(e.actor.id);
      else out.set(l.key, [e.actor.id]);
    }
  }
  return out;
}

/** The tick without underlyings whose price is not a positive number (those are returned apart). */
export function usableTick(tick: MarketTick): { tick: MarketTick; unusable: UnderlyingQuote[] } {
  const unusable = tick.underlyings.filter((u) => !usable(u.price));
  return unusable.length ? { tick: { ...tick, underlyings: tick.underlyings.filter((u) => usable(u.price)) }, unusable } : { tick, unusable };
}

const usable = (p: unknown): boolean => typeof p === 'number' && Number.isFinite(p) && p > 0;

function underlyingProblem(k: KernelState, w: TickWork, unusable: readonly UnderlyingQuote[]): string | null {
  if (unusable.length) return `underlying ${unusable.map((u) => `${u.symbol} has no usable price (${u.price})`).join(', ')}`;
  const missing = new Set<string>();
  for (const e of k.book.live()) {
    const c = e.actor.context();
    if (c.legs.length && !w.underlyingPrice.has(c.underlying)) missing.add(c.underlying);
  }
  return missing.size ? `underlying ${[...missing].join(', ')} missing from the tick` : null;
}

function silence(k: KernelState, now: number, silentFeedSec: number): string | null {
  const reported = k.feed.dataStatus?.().lastDataAt;
  const last = reported !== undefined && reported !== null ? reported : k.lastDataTickAt;
  // Markets are quiet outside the regular session by nature: silence counts only within it, from its open.
  if (last === null || !isRegularSession(now)) return null;
  const quietSec = (now - Math.max(last, fromExchangeTime(exchangeTime(now).date, SESSION_OPEN_MIN))) / 1000;
  return quietSec > silentFeedSec ? `no market data for ${Math.round(quietSec)} s (above silentFeedSec ${silentFeedSec})` : null;
}

function describe(h: LegMarkHealth): string {
  const age = h.ageSec === null ? 'no good quote yet' : `last good quote ${Math.round(h.ageSec)} s old`;
  return `${h.key} ${h.problem ?? 'stale'} (${age})`;
}

function why(reasons: readonly DegradedReason[]): string {
  return reasons.map((r) => r.message).join('; ');
}

/** `YYYY-MM-DD HH:MM ET` of a tick time. */
export function nyTime(t: number): string {
  const e = exchangeTime(t);
  return `${e.date} ${String(Math.floor(e.minutes / 60)).padStart(2, '0')}:${String(e.minutes % 60).padStart(2, '0')} ET`;
}
