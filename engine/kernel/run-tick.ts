/**
 * The life of a tick (docs/architecture.md): market in, broker events, facts, rules, risk gate, machines, entries,
 * one commit, then the broker calls. Everything between `beginTick` and `commitTick` is one transaction: a failure
 * or a kill leaves the store at the previous tick.
 */
import { contractKey, exchangeTime } from '../domain/index.ts';
import type { MarketTick } from '../domain/index.ts';
import { MARKS_DEFAULTS } from '../config/index.ts';
import { computeFactsInMemory, legMarks, type FactsSnapshot, type OpenPosition } from '../facts/index.ts';
import type { TickBatch } from '../store/index.ts';
import { legRows, openView, positionRow } from './book.ts';
import { routeBrokerEvents } from './broker-events.ts';
import { makeBrokerCalls } from './broker-calls.ts';
import { applyControls } from './controls.ts';
import { applyEvaluation, evaluate } from './decisions.ts';
import { runEntries } from './entries.ts';
import { sendToPosition } from './intents.ts';
import type { KernelState } from './state.ts';
import { updateSubscriptions } from './subscriptions.ts';
import { TickWork } from './tick-work.ts';
import { mergeBatches } from './batch-merge.ts';
import { assessMarketData, usableTick } from './degraded.ts';
import { haltStatusMeta } from './entries-halted.ts';
import { tradingStatus } from './trading-status.ts';
import { carryAlerts } from './pending-alerts.ts';
import { retryUnsent } from './unsent-orders.ts';
import type { KernelEvent, TickSummary } from './types.ts';
import { clearWriteFailure, isRetryableWrite, recordWriteFailure, recoveredAlert, type StalledTick } from './write-failure.ts';

export async function runTick(k: KernelState, received: MarketTick): Promise<{ summary: TickSummary; events: KernelEvent[] }> {
  // An underlying without a usable price (NaN, missing, ≤ 0) is kept out of the store and the facts (its last price
  // stays) and puts the engine in DEGRADED (degraded.ts).
  const { tick, unusable } = usableTick(received);
  const w = new TickWork(tick, k.seq + 1);
  k.clock.set(tick.time);
  if (k.pending) swapConfig(k, w);
  k.broker.observe?.(tick);
  const unsent = await retryUnsent(k, tick.time, (calls) => makeBrokerCalls(k, calls, tick.time, false).then(() => undefined));
  const brokerEvents = [...unsent, ...k.broker.drainEvents()];
  if (!k.store.inTick) await k.store.beginTick();
  k.lastTick = tick;
  let facts: FactsSnapshot;
  let keys = new Set<string>();
  try {
    keys = tradedKeys(k);
    // Grouped commits write the market once, at the commit (only its latest state is kept anyway).
    if (k.commitEvery === 1) await k.store.ingestMarket(tick, { onlyKeys: keys });
    k.market.ingest(tick, keys);
    assessMarketData(k, w, keys, unusable);
    rollDate(k, tick.time);
    for (const id of k.adopted.splice(0)) {
      const e = k.book.get(id)!;
      const transition = { positionId: id, from: 'none', to: e.actor.state(), event: 'ADOPT', decisionId: null, tickTime: w.time, configVersion: k.current.config.version };
      w.transitions.push(transition);
      w.events.push({ type: 'transition', transition });
      sendToPosition(k, w, e, { type: 'TICK', now: w.time, marks: w.marks });
    }
    if (k.restored) {
      for (const e of k.book.live()) sendToPosition(k, w, e, { type: 'TICK', now: w.time, marks: w.marks });
      k.restored = false;
    }
    applyControls(k, w);
    routeBrokerEvents(k, w, brokerEvents);
    const fresh = k.brokerStatus === 'connected';
    if (fresh) {
      // Positions with an order to work, or an expired exit waiting to be re-sent at the open (closing.awaitingOpen).
      for (const e of k.book.live()) {
        const c = e.actor.context();
        if (c.workingOrder || c.exitResend) sendToPosition(k, w, e, { type: 'TICK', now: w.time, marks: w.marks });
      }
    }
    facts = tickFacts(k, w);
    // A position marked by the model (marks.onStale: model) is acted on: its quotes are bad but its mark is not frozen.
    const bad = k.dataHealth?.badMarks;
    if (bad?.size) {
      const kept = new Map([...bad].filter(([id]) => facts.positions.get(id)?.markSource !== 'model'));
      if (kept.size !== bad.size) k.dataHealth = { ...k.dataHealth!, badMarks: kept };
    }
    if (fresh) {
      const gated = applyEvaluation(k, w, evaluate(k, facts), facts);
      runEntries(k, w, facts, gated);
    }
    carryAlerts(k, w);
    const batch = buildBatch(k, w, facts);
    k.pendingBatch = k.pendingBatch ? mergeBatches(k.pendingBatch, batch) : batch;
    if (w.seq % k.commitEvery === 0) await commitPending(k);
  } catch (e) {
    await k.store.rollbackTick();
    if (isRetryableWrite(e) && k.pendingBatch) {
      // The disk refused the commit: keep the tick exactly as built and commit it again later (write-failure.ts).
      const stalled: StalledTick = { w, facts: facts!, tick, keys };
      k.stalled = stalled;
      recordWriteFailure(k, stalled, e);
      throw e;
    }
    k.pendingBatch = null;
    k.unrecordedVersions.unshift(...w.versions);
    k.reloads.unshift(...w.reloads);
    throw e;
  }
  return finishTick(k, w, facts);
}

/**
 * Commits the stalled tick again (before any new tick). On success the tick finishes as if its first commit had
 * worked: the in-memory state advances, its broker calls are made, its events are published. On another write
 * failure it stays stalled (and the failure count grows); any other failure is fatal, as in a tick.
 */
export async function retryStalled(k: KernelState): Promise<{ summary: TickSummary; events: KernelEvent[] }> {
  const s = k.stalled!;
  const batch = k.pendingBatch!;
  const recovered = recoveredAlert(k, s.w);
  try {
    if (!k.store.inTick) await k.store.beginTick();
    await k.store.ingestMarket(k.commitEvery === 1 ? s.tick : k.lastTick ?? s.tick, { onlyKeys: k.commitEvery === 1 ? s.keys : tradedKeys(k) });
    await k.store.commitTick(recovered ? { ...batch, alerts: [...(batch.alerts ?? []), recovered] } : batch);
  } catch (e) {
    await k.store.rollbackTick();
    if (isRetryableWrite(e)) {
      recordWriteFailure(k, s, e);
      throw e;
    }
    k.stalled = null;
    k.pendingBatch = null;
    throw e;
  }
  k.pendingBatch = null;
  clearWriteFailure(k);
  if (recovered) s.w.events.push({ type: 'alert', alert: recovered });
  return finishTick(k, s.w, s.facts);
}

/** After the tick's commit: state advances, subscriptions follow, then (and only then) the broker calls. */
async function finishTick(k: KernelState, w: TickWork, facts: FactsSnapshot): Promise<{ summary: TickSummary; events: KernelEvent[] }> {
  afterCommit(k, w, facts);
  await updateSubscriptions(k, w.tick);
  const problems = await makeBrokerCalls(k, w.calls, w.time);
  for (const p of problems) w.events.push({ type: 'alert', alert: p });
  const summary = summarize(k, w, facts);
  w.events.push({ type: 'tick', summary });
  return { summary, events: w.events };
}

/**
 * Contracts that positions hold or are trading: the only quotes the store keeps (facts need nothing else). Legs and
 * orders change only through events that mark a position dirty, so the set is kept until a tick changes a position
 * (afterCommit drops it) or a position is added between ticks (adopted: dirty).
 */
function tradedKeys(k: KernelState): Set<string> {
  if (k.tradedKeys) {
    let changed = false;
    for (const e of k.book.entries.values()) if (e.dirty) { changed = true; break; }
    if (!changed) return k.tradedKeys;
  }
  const keys = new Set<string>();
  for (const e of k.book.entries.values()) {
    const c = e.actor.context();
    for (const l of c.legs) keys.add(l.key);
    for (const l of c.workingOrder?.legs ?? []) keys.add(contractKey(l.contract));
    for (const l of c.pendingRoll?.legs ?? []) keys.add(contractKey(l.contract));
  }
  k.tradedKeys = keys;
  return keys;
}

/**
 * At the first tick of a new New York date, the last equity of the previous date becomes the previous close, and the
 * losing streak (`consecutiveLosses`) starts again: a circuit breaker on it halts entries for the rest of the session,
 * not for good (docs/rules.md § portfolio-circuit-breaker).
 */
function rollDate(k: KernelState, time: number): void {
  const date = exchangeTime(time).date;
  if (k.lastDate !== null && date !== k.lastDate) {
    if (k.lastEquityCents !== null) k.prevCloseEquityCents = k.lastEquityCents;
    if (k.consecutiveLosses > 0) k.log.info({ consecutiveLosses: k.consecutiveLosses, date }, 'losing streak reset at the new session');
    k.consecutiveLosses = 0;
  }
  k.lastDate = date;
}

/** Commits the ticks processed since the last commit (every tick unless `commitEvery` groups them). */
export async function commitPending(k: KernelState): Promise<void> {
  const batch = k.pendingBatch;
  if (!batch || k.stalled) return;
  if (k.commitEvery > 1 && k.lastTick) await k.store.ingestMarket(k.lastTick, { onlyKeys: tradedKeys(k) });
  await k.store.commitTick(batch);
  k.pendingBatch = null;
}

/**
 * The tick's facts, from the book and the market in memory (engine/facts/memory.ts): the same columns and derivations
 * as the store's facts query, which stays the reference (test/facts/memory-vs-query.test.ts).
 */
function tickFacts(k: KernelState, w: TickWork): FactsSnapshot {
  const positions: OpenPosition[] = [];
  let closedNow = 0;
  for (const e of k.book.entries.values()) {
    if (e.actor.phase() === 'closed') closedNow += positionRow(e).cashFlowCents;
    else positions.push(openView(e));
  }
  return computeFactsInMemory({
    now: w.time, tradingState: k.tradingState, startingEquityCents: Math.round(k.current.config.settings.startingEquity * 100),
    prevCloseEquityCents: k.prevCloseEquityCents, equityPeakCents: k.equityPeakCents, consecutiveLosses: k.consecutiveLosses,
    positions, market: k.market, closedCashFlowCents: k.closedCashFlowCents + closedNow,
    rootOpenedAt: (id) => k.book.get(id)?.actor.context().openedAt ?? null,
    // Each leg's mark source and age (mark health) and, past the strategy's marks.maxAgeSec, its last or model mark.
    legMarks: legMarks({
      now: w.time, positions: positions.map((p) => ({ id: p.row.id, strategy: p.row.strategy, legs: p.legs })), health: k.markHealth,
      marksOf: (name) => k.strategy(name)?.marks ?? MARKS_DEFAULTS, chain: w.tick.quotes,
      underlyingPrice: (u) => k.market.underlyings.get(u) ?? null, lastGood: (key) => k.goodQuotes.lastGood(key), riskFreeRate: k.rate,
    }),
  });
}

function buildBatch(k: KernelState, w: TickWork, facts: FactsSnapshot): TickBatch {
  // Taken now (not cleared after the commit): a reload recorded while the commit is awaited belongs to the next tick.
  w.versions = k.unrecordedVersions.splice(0);
  w.reloads = k.reloads.splice(0);
  for (const p of facts.peaks) {
    const e = k.book.get(p.positionId);
    if (e) {
      e.peakPnlPct = p.peakPnlPct;
      e.view = undefined;
    }
  }
  const dirty = [...k.book.entries.values()].filter((e) => e.dirty);
  const version = k.current.config.version;
  const p = facts.portfolio;
  return {
    seq: w.seq, time: w.time, configVersion: version,
    positions: dirty.map(positionRow),
    peaks: facts.peaks,
    legs: dirty.map((e) => ({ positionId: e.actor.id, legs: legRows(e) })),
    orders: [...w.orders.values()], orderEvents: w.orderEvents, fills: w.fills, decisions: w.decisions, transitions: w.transitions,
    snapshots: dirty.map((e) => ({ positionId: e.actor.id, snapshot: e.actor.snapshot(), tickTime: w.time })),
    equity: { time: w.time, equityCents: facts.equityCents, cashCents: facts.cashCents, dailyPnlPct: num(p.dailyPnlPct), drawdownPct: num(p.drawdownPct) },
    alerts: w.alerts,
    reloads: w.reloads,
    configVersions: w.versions.map((c) => ({ version: c.version, loadedAt: w.time, files: c.sources?.length ? c.sources : c.files, summary: { rules: c.rules.map((r) => r.name), strategies: c.strategies.map((s) => s.name) } })),
    meta: {
      tradingState: k.tradingState, positionSeq: k.positionSeq, equityPeakCents: facts.equityPeakCents,
      prevCloseEquityCents: k.prevCloseEquityCents, lastDate: k.lastDate, consecutiveLosses: k.consecutiveLosses,
      configVersion: version, lastEntryAt: Object.fromEntries(k.lastEntryAt), ...haltStatusMeta(k),
      ...(k.feed.checkpoint ? { feedCheckpoint: k.feed.checkpoint() as Record<string, unknown> } : {}),
      ...(k.broker.checkpoint ? { brokerCheckpoint: k.broker.checkpoint() as Record<string, unknown> } : {}),
    },
  };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function afterCommit(k: KernelState, w: TickWork, facts: FactsSnapshot): void {
  k.seq = w.seq;
  k.lastTickTime = w.time;
  k.lastFacts = facts;
  k.equityPeakCents = facts.equityPeakCents;
  k.lastEquityCents = facts.equityCents;
  k.lastPnlCents = facts.equityCents - Math.round(k.current.config.settings.startingEquity * 100);
  k.prevPortfolio = facts.portfolio;
  let changed = false;
  for (const e of k.book.entries.values()) {
    if (e.dirty) {
      changed = true;
      e.view = undefined;
    }
    e.dirty = false;
    e.prevFacts = facts.positions.get(e.actor.id);
  }
  if (changed) k.tradedKeys = null;
  // Only a position that closed this tick can be pruned (closing marks it dirty, so it is caught here).
  if (w.closed > 0) k.closedCashFlowCents += k.book.prune();
}

function summarize(k: KernelState, w: TickWork, facts: FactsSnapshot): TickSummary {
  return {
    seq: w.seq, time: w.time, configVersion: k.current.config.version, ...tradingStatus(k), brokerStatus: k.brokerStatus,
    openPositions: k.book.openCount(), entered: w.entered, closed: w.closed, decisions: w.decisions.length, orders: w.calls.filter((c) => c.type === 'place').length,
    fills: w.fills.length, equity: facts.equityCents, pnl: k.lastPnlCents,
  };
}

/** Hot reload: the pending config becomes current between two ticks, never inside one. */
function swapConfig(k: KernelState, w: TickWork): void {
  const next = k.pending!;
  k.pending = null;
  const names = new Set(next.config.strategies.map((s) => s.name));
  for (const e of k.book.live()) {
    // A strategy the new version removed stops entering; its open positions stay managed under the version they had.
    if (!names.has(e.actor.context().strategy) && !e.pinnedVersion) {
      e.pinnedVersion = k.current.config.version;
      e.dirty = true;
    }
  }
  const from = k.current.config.version;
  k.current = next;
  w.events.push({ type: 'reload', version: next.config.version, ok: true, detail: { from } });
  k.log.info({ from, to: next.config.version }, 'config version active');
}
