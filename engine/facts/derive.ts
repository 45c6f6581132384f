/** Cheap JS derivations over the facts query rows: P&L in cents → dollars, percentages as fractions, day counts. */
import { days, nyDate } from './days.ts';
import type { FactsRow } from './query.ts';
import type { FactRecord, FactsInput, FactsSnapshot } from './types.ts';

const dollars = (cents: number | null): number | null => (cents === null ? null : cents / 100);
const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

interface Derived {
  facts: FactRecord;
  markCents: number | null;
  newPeak: number | null;
}

export function derivePosition(r: FactsRow, today: string): Derived {
  const markCents = r.mark_cents === null ? null : Math.round(r.mark_cents);
  const pnlCents = markCents === null ? null : r.cash_flow_cents + markCents;
  const isCredit = r.credit_cents > 0;
  const debitCents = isCredit ? 0 : -r.credit_cents;
  // pnlPct basis: the maximum profit (credit received) for credit structures, the debit paid for debit ones.
  const basisCents = isCredit ? (r.max_profit_cents ?? r.credit_cents) : debitCents;
  const pnlPct = ratio(pnlCents, basisCents);
  const peak = pnlPct === null ? r.peak_pnl_pct : Math.max(r.peak_pnl_pct ?? pnlPct, pnlPct);
  const lossBasis = isCredit ? r.credit_cents : debitCents;
  const lossMultiple = pnlCents === null ? null : pnlCents >= 0 ? 0 : ratio(-pnlCents, lossBasis);
  const opened = r.chain_opened_at;
  const facts: FactRecord = {
    pnl: dollars(pnlCents),
    pnlPct,
    peakPnlPct: peak,
    drawdownFromPeakPct: peak === null || pnlPct === null ? null : peak - pnlPct,
    lossMultipleOfCredit: lossMultiple,
    credit: isCredit ? r.credit_cents / 100 : 0,
    debit: debitCents / 100,
    maxProfit: dollars(r.max_profit_cents),
    maxLoss: dollars(r.max_loss_cents),
    dte: r.nearest_expiry === null ? null : days(today, r.nearest_expiry),
    daysInTrade: opened === null ? null : days(nyDate(opened), today),
    delta: r.delta,
    gamma: r.gamma,
    theta: r.theta,
    vega: r.vega,
    shortStrikeDelta: r.short_delta,
    underlyingDistanceToShortStrikePct: r.short_distance,
    ivAtEntry: r.iv_at_entry,
    iv: r.iv,
    ivChangePct: r.iv === null || r.iv_at_entry === null || r.iv_at_entry === 0 ? null : r.iv / r.iv_at_entry - 1,
    itm: r.short_distance !== null && r.short_distance < 0,
    underlyingPrice: r.underlying_price,
    contracts: r.contracts,
    rollCount: r.roll_count,
    positionsInUnderlying: r.in_underlying,
    strategy: r.strategy,
    structure: r.structure,
    isCredit,
  };
  const newPeak = peak !== null && peak !== r.peak_pnl_pct ? peak : null;
  return { facts, markCents, newPeak };
}

export function deriveSnapshot(rows: FactsRow[], input: FactsInput): FactsSnapshot {
  const today = nyDate(input.now);
  const positions = new Map<string, FactRecord>();
  const peaks: FactsSnapshot['peaks'] = [];
  const unquoted = new Map<string, string[]>();
  let marks = 0;
  let openCashFlow = 0;
  let complete = true;
  let perUnderlying = 0;
  const net = { delta: 0, gamma: 0, vega: 0, theta: 0 };
  for (const r of rows) {
    if (r.id === null) continue;
    const d = derivePosition(r, today);
    positions.set(r.id, d.facts);
    if (d.newPeak !== null) peaks.push({ positionId: r.id, peakPnlPct: d.newPeak });
    if (r.unquoted) unquoted.set(r.id, r.unquoted.split(',').sort());
    if (d.markCents === null) complete = false;
    marks += d.markCents ?? 0;
    openCashFlow += r.cash_flow_cents;
    perUnderlying = Math.max(perUnderlying, r.in_underlying);
    for (const k of ['delta', 'gamma', 'vega', 'theta'] as const) net[k] += (d.facts[k] as number | null) ?? 0;
  }
  const g = rows[0];
  const cashCents = input.cashCents ?? input.startingEquityCents + g.closed_cash_flow_cents + openCashFlow;
  const equityCents = cashCents + marks;
  const equityPeakCents = Math.max(input.equityPeakCents ?? equityCents, equityCents);
  const prevClose = input.prevCloseEquityCents ?? null;
  const portfolio: FactRecord = {
    equity: equityCents / 100,
    dailyPnlPct: prevClose ? equityCents / prevClose - 1 : 0,
    drawdownPct: equityPeakCents > 0 ? equityCents / equityPeakCents - 1 : 0,
    consecutiveLosses: input.consecutiveLosses,
    openPositions: positions.size,
    positionsPerUnderlying: perUnderlying,
    netDelta: net.delta,
    netGamma: net.gamma,
    netVega: net.vega,
    netTheta: net.theta,
    vix: g.vix,
    vixChangePct: g.vix === null || !g.vix_prev_close ? null : g.vix / g.vix_prev_close - 1,
    tradingState: input.tradingState,
  };
  return { portfolio, positions, peaks, unquoted, equityCents, cashCents, equityPeakCents, complete };
}
