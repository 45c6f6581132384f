/**
 * Cheap JS derivations over the facts query result (read as columns, no row objects): P&L in cents → dollars,
 * percentages as fractions, day counts. Two bases (docs/facts.md § Bases): the **current structure** (the leg set held
 * now: its own cash flow, its credit and max profit/loss from its opening fills) for pnl, pnlPct, its peak and
 * drawdown, lossMultipleOfCredit, credit, debit, maxProfit, maxLoss; the **chain** (every leg set since the first
 * opening) for chainPnl and chainCredit.
 */
import { days, nyDate } from './days.ts';
import type { FactsColumns } from './query.ts';
import type { FactRecord, FactsInput, FactsSnapshot } from './types.ts';

const dollars = (cents: number | null): number | null => (cents === null ? null : cents / 100);
const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

interface Derived {
  facts: FactRecord;
  markCents: number | null;
  newPeak: number | null;
}

export function derivePosition(c: FactsColumns, i: number, today: string): Derived {
  const markCents = c.mark_cents[i] === null ? null : Math.round(c.mark_cents[i]);
  const pnlCents = markCents === null ? null : c.structure_cash_flow_cents[i] + markCents;
  const chainPnlCents = pnlCents === null ? null : c.cumulative_pnl_cents[i] + pnlCents;
  const isCredit = c.credit_cents[i] > 0;
  const debitCents = isCredit ? 0 : -c.credit_cents[i];
  // pnlPct basis: the maximum profit (credit received) for credit structures, the debit paid for debit ones.
  const basisCents = isCredit ? (c.max_profit_cents[i] ?? c.credit_cents[i]) : debitCents;
  const pnlPct = ratio(pnlCents, basisCents);
  const peak = pnlPct === null ? c.peak_pnl_pct[i] : Math.max(c.peak_pnl_pct[i] ?? pnlPct, pnlPct);
  const lossBasis = isCredit ? c.credit_cents[i] : debitCents;
  const lossMultiple = pnlCents === null ? null : pnlCents >= 0 ? 0 : ratio(-pnlCents, lossBasis);
  const opened = c.chain_opened_at[i];
  const facts: FactRecord = {
    pnl: dollars(pnlCents),
    pnlPct,
    peakPnlPct: peak,
    drawdownFromPeakPct: peak === null || pnlPct === null ? null : peak - pnlPct,
    lossMultipleOfCredit: lossMultiple,
    credit: isCredit ? c.credit_cents[i] / 100 : 0,
    debit: debitCents / 100,
    maxProfit: dollars(c.max_profit_cents[i]),
    maxLoss: dollars(c.max_loss_cents[i]),
    chainPnl: dollars(chainPnlCents),
    chainCredit: c.chain_credit_cents[i] / 100,
    dte: c.nearest_expiry[i] === null ? null : days(today, c.nearest_expiry[i]),
    daysInTrade: opened === null ? null : days(nyDate(opened), today),
    delta: c.delta[i],
    gamma: c.gamma[i],
    theta: c.theta[i],
    vega: c.vega[i],
    shortStrikeDelta: c.short_delta[i],
    underlyingDistanceToShortStrikePct: c.short_distance[i],
    ivAtEntry: c.iv_at_entry[i],
    iv: c.iv[i],
    ivChangePct: c.iv[i] === null || c.iv_at_entry[i] === null || c.iv_at_entry[i] === 0 ? null : c.iv[i] / c.iv_at_entry[i] - 1,
    itm: c.short_distance[i] !== null && c.short_distance[i] < 0,
    underlyingPrice: c.underlying_price[i],
    contracts: c.contracts[i],
    rollCount: c.roll_count[i],
    positionsInUnderlying: c.in_underlying[i],
    strategy: c.strategy[i],
    structure: c.structure[i],
    isCredit,
    markAgeSec: c.mark_age_sec[i],
    markStale: c.mark_stale[i],
    markSource: c.mark_source[i],
    staleLegs: c.stale_legs[i],
  };
  const newPeak = peak !== null && peak !== c.peak_pnl_pct[i] ? peak : null;
  return { facts, markCents, newPeak };
}

export function deriveSnapshot(c: FactsColumns, rowCount: number, input: FactsInput): FactsSnapshot {
  const today = nyDate(input.now);
  const positions = new Map<string, FactRecord>();
  const peaks: FactsSnapshot['peaks'] = [];
  const unquoted = new Map<string, string[]>();
  let marks = 0;
  let openCashFlow = 0;
  let complete = true;
  let perUnderlying = 0;
  const net = { delta: 0, gamma: 0, vega: 0, theta: 0 };
  for (let i = 0; i < rowCount; i++) {
    const id = c.id[i];
    if (id === null) continue;
    const d = derivePosition(c, i, today);
    positions.set(id, d.facts);
    if (d.newPeak !== null) peaks.push({ positionId: id, peakPnlPct: d.newPeak });
    const missing = c.unquoted[i];
    if (missing) unquoted.set(id, missing.split(',').sort());
    if (d.markCents === null) complete = false;
    marks += d.markCents ?? 0;
    openCashFlow += c.cash_flow_cents[i];
    perUnderlying = Math.max(perUnderlying, c.in_underlying[i]);
    net.delta += (d.facts.delta as number | null) ?? 0;
    net.gamma += (d.facts.gamma as number | null) ?? 0;
    net.vega += (d.facts.vega as number | null) ?? 0;
    net.theta += (d.facts.theta as number | null) ?? 0;
  }
  const g = { vix: c.vix[0], vix_prev_close: c.vix_prev_close[0], closed_cash_flow_cents: c.closed_cash_flow_cents[0] };
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
