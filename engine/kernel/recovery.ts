/**
 * Start and restart: restore the trading state, counters, in-process adapter checkpoints and every open position's
 * actor from the last committed tick; then reconcile the store's non-final orders with the broker by client order id.
 * An order the broker has never seen (written, but the process died before sending it) is sent now, exactly once;
 * an order the broker knows is adopted; nothing is sent twice. Every alert recovery raises is stored before the first
 * tick (pending-alerts.ts).
 */
import type { TradingState } from '../config/types.ts';
import { restorePosition } from '../lifecycle/index.ts';
import { loadConfigFromFiles } from '../config/index.ts';
import { compileRuleSet } from '../evaluate/index.ts';
import type { LoadedState, MetaValue } from '../store/index.ts';
import type { KernelState } from './state.ts';
import { makeBrokerCalls } from './broker-calls.ts';
import { flushAlerts, queueAlerts } from './pending-alerts.ts';
import { resumeCalls } from './resume-calls.ts';
import { updateSubscriptions } from './subscriptions.ts';
import type { AlertRecord } from './types.ts';

export interface RecoveryReport {
  resumedFromSeq: number | null;
  positionsRestored: number;
  ordersAdopted: string[];
  ordersResent: string[];
  ordersUnknown: string[];
  /** Cancels and replaces made again because the process stopped between a commit and the call (resume-calls.ts). */
  callsResumed: string[];
  unmanagedBrokerPositions: string[];
  alerts: AlertRecord[];
}

export async function recover(k: KernelState, halt: boolean): Promise<RecoveryReport> {
  const st = await k.store.loadState();
  restoreCounters(k, st);
  await restoreMarket(k);
  if (k.feed.restore && isObject(st.meta.feedCheckpoint)) k.feed.restore(st.meta.feedCheckpoint);
  if (k.broker.restore && isObject(st.meta.brokerCheckpoint)) k.broker.restore(st.meta.brokerCheckpoint);
  await k.broker.connect();
  const report: RecoveryReport = { resumedFromSeq: st.lastTickSeq, positionsRestored: 0, ordersAdopted: [], ordersResent: [], ordersUnknown: [], callsResumed: [], unmanagedBrokerPositions: [], alerts: [] };
  for (const { position } of st.openPositions) {
    const snapshot = st.snapshots.get(position.id);
    if (!snapshot) {
      report.alerts.push(alert(k, 'critical', `position ${position.id} has no machine snapshot: it cannot be resumed and needs a manual check`));
      continue;
    }
    const actor = restorePosition(snapshot);
    k.book.add({ actor, hold: position.hold, pinnedVersion: position.pinnedVersion, peakPnlPct: position.peakPnlPct, dirty: false });
    report.positionsRestored += 1;
    k.restored = true;
  }
  await restorePinnedVersions(k, report);
  for (const o of st.ordersNotFinal) {
    k.orders.set(o.clientOrderId, o);
    k.book.orderOwner.set(o.clientOrderId, o.positionId);
  }
  for (const e of k.book.entries.values()) {
    const wo = e.actor.context().workingOrder;
    if (wo) k.book.orderOwner.set(wo.clientOrderId, e.actor.id);
  }
  await reconcile(k, report);
  await updateSubscriptions(k);
  if (halt) k.tradingState = 'HALTED';
  // Stored now, in their own transaction (a kill before the first tick loses nothing: the next start finds them again).
  queueAlerts(k, report.alerts.filter((a) => a.source === 'recovery'), false);
  await flushAlerts(k);
  for (const a of report.alerts) k.log.warn({ alert: a.message }, 'recovery');
  k.log.info({ ...report, alerts: report.alerts.length }, 'recovered');
  return report;
}

/**
 * Positions pinned to an older config version (by `pinConfigVersion`, or because a reload removed their strategy)
 * keep following that version after a restart: it is rebuilt from the file texts stored with it. A version that
 * cannot be rebuilt is a critical alert: those positions then follow the current rules.
 */
async function restorePinnedVersions(k: KernelState, report: RecoveryReport): Promise<void> {
  const wanted = new Set<string>();
  for (const e of k.book.entries.values()) if (e.pinnedVersion && !k.versions.has(e.pinnedVersion)) wanted.add(e.pinnedVersion);
  for (const version of wanted) {
    const rows = await k.store.db.all<{ files: string }>('SELECT files::VARCHAR AS files FROM config_versions WHERE version = ?', [version]);
    let files: unknown = null;
    try {
      files = rows[0] ? JSON.parse(rows[0].files) : null;
    } catch {
      files = null;
    }
    const texts = Array.isArray(files) && files.every((f) => f && typeof f.path === 'string' && typeof f.text === 'string') ? (files as { path: string; text: string }[]) : null;
    const loaded = texts ? loadConfigFromFiles(texts) : null;
    if (loaded?.config && loaded.config.version === version) {
      k.versions.set(version, { config: loaded.config, rules: compileRuleSet(loaded.config) });
    } else {
      report.alerts.push(alert(k, 'critical', `config version ${version}, which open positions are pinned to, cannot be rebuilt from the store: they now follow the current rules (${k.current.config.version})`));
    }
  }
}

/** The facts are computed in memory: start from what the store last committed (a live feed may not resend it all). */
async function restoreMarket(k: KernelState): Promise<void> {
  const [closed] = await k.store.db.all<{ c: number }>(`SELECT coalesce(sum(cash_flow_cents), 0)::DOUBLE AS c FROM positions WHERE state = 'closed'`);
  k.closedCashFlowCents = closed.c;
  for (const q of await k.store.reads.quotes()) k.market.quotes.set(q.key, q);
  for (const u of await k.store.db.all<{ symbol: string; price: number }>('SELECT symbol, price FROM underlyings WHERE price IS NOT NULL')) k.market.underlyings.set(u.symbol, u.price);
  const [m] = await k.store.db.all<{ vix: number | null; prev: number | null }>('SELECT vix, vix_prev_close AS prev FROM market WHERE id = 1');
  if (m) {
    k.market.vix = m.vix;
    k.market.vixPrevClose = m.prev;
  }
}

function restoreCounters(k: KernelState, st: LoadedState): void {
  const m = st.meta;
  k.tradingState = (st.tradingState as TradingState | null) ?? 'ACTIVE';
  k.seq = st.lastTickSeq ?? 0;
  k.lastTickTime = st.lastTickTime;
  k.positionSeq = numberOr(m.positionSeq, 0);
  k.equityPeakCents = st.equityPeakCents;
  k.prevCloseEquityCents = typeof m.prevCloseEquityCents === 'number' ? m.prevCloseEquityCents : null;
  k.lastEquityCents = st.lastEquity?.equityCents ?? null;
  k.lastDate = typeof m.lastDate === 'string' ? m.lastDate : null;
  k.consecutiveLosses = numberOr(m.consecutiveLosses, st.consecutiveLosses);
  if (isObject(m.lastEntryAt)) for (const [s, t] of Object.entries(m.lastEntryAt)) if (typeof t === 'number') k.lastEntryAt.set(s, t);
}

async function reconcile(k: KernelState, report: RecoveryReport): Promise<void> {
  if (k.orders.size === 0) return;
  const open = await k.broker.openOrders();
  const known = new Set(open.map((o) => o.clientOrderId).filter((x): x is string => !!x));
  for (const o of [...k.orders.values()]) {
    if (known.has(o.clientOrderId)) {
      report.ordersAdopted.push(o.clientOrderId);
    } else if (o.status === 'pending') {
      // Written before the crash, never acknowledged, and the broker does not know it: it never left. Send it at the
      // next tick (after the broker has seen that tick's quotes), under the same client order id.
      k.resend.push({ clientOrderId: o.clientOrderId, positionId: o.positionId, purpose: o.purpose as never, legs: o.legs, quantity: o.quantity, style: o.style as 'limit' | 'marketable', limitPrice: o.limitPrice, timeInForce: o.timeInForce as 'day' | 'gtc', configVersion: o.configVersion });
      report.ordersResent.push(o.clientOrderId);
    } else {
      // Acknowledged once but no longer open at the broker: it ended while we were away; its final status arrives as events.
      report.ordersUnknown.push(o.clientOrderId);
      report.alerts.push(alert(k, 'warning', `order ${o.clientOrderId} (${o.status}) is no longer open at the broker; waiting for its final status`));
    }
  }
  const calls = resumeCalls(k, open);
  for (const c of calls) if (c.type !== 'place') report.callsResumed.push(`${c.type} ${c.clientOrderId}`);
  // Their failures are queued for the store by makeBrokerCalls itself.
  for (const p of await makeBrokerCalls(k, calls, k.lastTickTime ?? 0, false)) report.alerts.push(p);
}

/** Stamped with the last committed tick's time: the moment the state recovery found is from. */
function alert(k: KernelState, severity: AlertRecord['severity'], message: string): AlertRecord {
  return { time: k.lastTickTime ?? 0, severity, source: 'recovery', positionId: null, message };
}

function isObject(v: MetaValue | undefined): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function numberOr(v: MetaValue | undefined, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}
