/**
 * Cheap JS derivations over the facts columns (read as columns, no row objects), shared by both paths: each
 * position's facts (`derivePosition`, ./position-facts.ts) and the portfolio facts over them.
 */
import { nyDate } from './days.ts';
import { derivePosition } from './position-facts.ts';
import type { FactsColumns } from './row.ts';
import type { FactRecord, FactsInput, FactsSnapshot } from './types.ts';

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
