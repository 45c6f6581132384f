/**
 * What every run must show, asked or not (docs/dry-run.md, "Checks every run gets"), and the `closed` expectation:
 * - `orders-fill`: a run that placed orders filled at least one of them;
 * - `closes-fill`: every position a close decision was applied to ends closed, unless its exit order was still
 *   working when the data ended (said in the title) and none of its exit orders had expired (a re-sent close after an
 *   expiry that is still open at the end fails: docs/lifecycle.md, "Orders that expire");
 * - `money-adds-up`: every closed position's realised P&L equals what the broker's fills, commissions and
 *   settlements add up to (ledger.ts), to the cent.
 */
import { ACTIONS_BY_NAME } from '../../engine/catalogue/index.ts';
import type { ImplicitCheck, ResolvedExpectation } from '../../adapters/scenario/index.ts';
import { ledgerOf } from './ledger.ts';
import type { ExpectationResult, OrderRecord, ScenarioRun } from './types.ts';

const FINISHED = new Set(['filled', 'cancelled', 'rejected', 'expired']);
const BY_ORDER = new Set(['closed-by-rule', 'manual', 'killed']);
const dollars = (cents: number) => (cents / 100).toFixed(2);

export function orderLine(o: OrderRecord): string {
  const when = o.filledTick !== null && o.filledTick !== o.tick ? ` tick ${o.filledTick}` : '';
  const fill = o.fillPrice !== null ? `${when} @ ${o.fillPrice}${o.filled < o.quantity ? ` (${o.filled} of ${o.quantity})` : ''}` : '';
  return `tick ${o.tick} ${o.clientOrderId} ${o.purpose} ${o.side} ${o.style} ${o.limitPrice ?? 'market'} ×${o.quantity} ${o.status}${fill}`;
}

function implicit(run: ScenarioRun, check: ImplicitCheck['implicit']): ResolvedExpectation {
  return { index: -1, where: run.scenario.path, spec: { implicit: check }, tick: null, time: null };
}

export function implicitChecks(run: ScenarioRun): ExpectationResult[] {
  return [ordersFill(run), closesFill(run), moneyAddsUp(run)].filter((r): r is ExpectationResult => r !== null);
}

/** Orders the broker filled after the kernel's last drain: on the last snapshot, booked by no engine tick. */
function filledAtEnd(run: ScenarioRun): Set<string> {
  return new Set(run.undelivered.flatMap((e) => (e.type === 'fill' ? [e.clientOrderId] : [])));
}

function ordersFill(run: ScenarioRun): ExpectationResult | null {
  if (!run.orders.length) return null;
  const atEnd = filledAtEnd(run);
  const filled = run.orders.filter((o) => o.filled > 0 || atEnd.has(o.clientOrderId));
  const late = filled.filter((o) => o.filled === 0).length;
  const onlyLast = run.orders.every((o) => o.tick >= run.ticks.length);
  const notes = [late ? `${late} filled by the broker on the last tick, after which the data ended` : '', onlyLast && !filled.length ? 'all placed on the last tick: the data ended before they could fill' : ''].filter(Boolean);
  const title = `orders filled: ${filled.length} of ${run.orders.length}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  const ok = filled.length > 0 || onlyLast;
  return { expectation: implicit(run, 'orders-fill'), title, ok, detail: ok ? [] : ['but none filled; every order of the run:', ...run.orders.map((o) => `  ${orderLine(o)}`)] };
}

function closesFill(run: ScenarioRun): ExpectationResult | null {
  const closing = [...new Set(run.decisions.filter((d) => d.positionId && d.outcome === 'applied' && ACTIONS_BY_NAME.get(d.action)?.closes !== undefined).map((d) => d.positionId!))];
  if (!closing.length) return null;
  const atEnd = filledAtEnd(run);
  const open: string[] = [];
  const late: string[] = [];
  const working: string[] = [];
  for (const id of closing) {
    if (run.finalStates[id]?.startsWith('closed')) continue;
    const exits = run.orders.filter((o) => o.positionId === id && o.purpose !== 'open' && o.purpose !== 'roll-open');
    const lastExit = exits[exits.length - 1];
    if (lastExit && atEnd.has(lastExit.clientOrderId)) late.push(id);
    // A close that already expired once and was re-sent still failed to fill in its session: not "still working".
    else if (lastExit && !FINISHED.has(lastExit.status) && !exits.some((o) => o.status === 'expired')) working.push(id);
    else open.push(id);
  }
  const notes = [
    late.length ? `${late.join(', ')}: the close filled on the last tick, after which the data ended` : '',
    working.length ? `${working.join(', ')}: the close was still working when the data ended` : '',
  ].filter(Boolean);
  const title = `positions a close was decided for end closed: ${closing.length - open.length - working.length} of ${closing.length}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  if (!open.length) return { expectation: implicit(run, 'closes-fill'), title, ok: true, detail: [] };
  const detail: string[] = [];
  for (const id of open) {
    detail.push(`but ${id} is ${run.finalStates[id] ?? 'unknown'}: its close never filled; its orders:`);
    const mine = run.orders.filter((o) => o.positionId === id);
    detail.push(...(mine.length ? mine.map((o) => `  ${orderLine(o)}`) : ['  (none)']));
  }
  return { expectation: implicit(run, 'closes-fill'), title, ok: false, detail };
}

function moneyAddsUp(run: ScenarioRun): ExpectationResult | null {
  const closed = run.positions.filter((p) => p.state === 'closed' && p.realizedPnlCents !== null);
  if (!closed.length) return null;
  const ledger = ledgerOf(run);
  const detail: string[] = [];
  let checked = 0;
  for (const p of closed) {
    const l = ledger.get(p.id);
    if (!l || l.ambiguous) continue;
    checked += 1;
    if (l.cents === p.realizedPnlCents) continue;
    detail.push(`but ${p.id} realised ${dollars(p.realizedPnlCents!)} where the broker's cash adds up to ${dollars(l.cents)} (commissions ${dollars(l.commissionCents)}):`);
    detail.push(...l.lines.map((x) => `  ${x}`));
  }
  const title = `money adds up: realised P&L of ${checked} closed position${checked === 1 ? '' : 's'} = fills ± commissions and settlements`;
  return { expectation: implicit(run, 'money-adds-up'), title, ok: detail.length === 0, detail };
}

/** `closed: { position, rule?, outcome?, pnl? }`: the position ended closed (by a filled order unless `outcome` says otherwise). */
export function checkClosed(run: ScenarioRun, e: ResolvedExpectation, body: { position: string; rule?: string; outcome?: string; pnl?: number }): ExpectationResult {
  const p = run.positions.find((x) => x.id === body.position);
  const parts = [body.rule ? ` by ${body.rule}` : '', body.outcome ? ` (${body.outcome})` : '', body.pnl !== undefined ? ` realising ${body.pnl.toFixed(2)}` : ''];
  const title = `closed: ${body.position}${parts.join('')}`;
  const problems: string[] = [];
  if (!p || p.state !== 'closed') problems.push(`but it is ${p?.state ?? run.finalStates[body.position] ?? 'unknown to the kernel'}`);
  else {
    if (body.outcome ? p.outcome !== body.outcome : !BY_ORDER.has(p.outcome ?? '')) problems.push(`but its outcome is ${p.outcome ?? 'none'}`);
    if (body.rule !== undefined && p.closeRule !== body.rule) problems.push(`but the rule that closed it is ${p.closeRule ?? 'none'}`);
    if (body.pnl !== undefined && Math.round(body.pnl * 100) !== p.realizedPnlCents) problems.push(`but it realised ${dollars(p.realizedPnlCents ?? 0)}`);
  }
  if (!problems.length) return { expectation: e, title, ok: true, detail: [] };
  const mine = run.orders.filter((o) => o.positionId === body.position);
  return { expectation: e, title, ok: false, detail: [...problems, 'its orders:', ...(mine.length ? mine.map((o) => `  ${orderLine(o)}`) : ['  (none)'])] };
}
