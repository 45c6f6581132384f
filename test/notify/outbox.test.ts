import { afterEach, describe, expect, it } from 'vitest';
import { NotifyWorker } from '../../adapters/notify/index.ts';
import { openStore, type AlertRow, type Store } from '../../engine/store/index.ts';
import { alertsConfig, channel, commitAlerts, NY_10AM, receiver } from './helpers.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup(channels: Parameters<typeof alertsConfig>[0], delivery: Parameters<typeof alertsConfig>[1] = {}, start = NY_10AM) {
  const store = await openStore(':memory:');
  const clock = { now: start };
  const raised: AlertRow[] = [];
  const attempts: [string, boolean][] = [];
  const worker = new NotifyWorker({ store, alerts: alertsConfig(channels, delivery), env: { SECRET: 'k' }, now: () => clock.now, raise: (a) => raised.push(a), onAttempt: (c, ok) => attempts.push([c, ok]) });
  closers.push(async () => {
    await worker.close();
    await store.close();
  });
  return { store, worker, clock, raised, attempts };
}

async function deliveries(store: Store, channel?: string) {
  return (await store.outbox()).deliveries({ channel, limit: 1000 });
}

describe('the outbox', () => {
  it('gives every stored alert a stable id and delivers it once, marked sent', async () => {
    const r = await receiver();
    closers.push(r.close);
    const { store, worker } = await setup([channel({ name: 'ops', type: 'webhook', url: r.url })]);
    await commitAlerts(store, [{ message: 'one' }, { message: 'two' }]);
    await worker.drain();
    await worker.drain();
    expect(r.got.map((g) => [g.json.id, g.json.message, g.headers['idempotency-key']])).toEqual([[1, 'one', '1:ops'], [2, 'two', '2:ops']]);
    const rows = await deliveries(store);
    expect(rows.map((d) => [d.idempotencyKey, d.status, d.attempts])).toEqual([['2:ops', 'sent', 1], ['1:ops', 'sent', 1]]);
    expect((await store.reads.alerts()).map((a) => a.id)).toEqual([2, 1]);
  });

  it('keeps a delivery pending with exponential backoff while the receiver is down and sends it exactly once when it is back', async () => {
    const r = await receiver();
    closers.push(r.close);
    const { store, worker, clock, attempts } = await setup([channel({ name: 'ops', type: 'webhook', url: r.url })], { initialBackoffSec: 2, maxBackoffSec: 5 });
    await r.down();
    await commitAlerts(store, [{ message: 'during the outage' }]);
    await worker.drain();
    let [d] = await deliveries(store);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: NY_10AM + 2000 });
    expect(d.lastError).toBe('could not reach the receiver (ECONNREFUSED)');
    await worker.drain(); // not due yet: no attempt
    expect((await deliveries(store))[0].attempts).toBe(1);
    clock.now += 2000;
    await worker.drain();
    [d] = await deliveries(store);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: clock.now + 4000 });
    clock.now += 4000;
    await worker.drain();
    expect((await deliveries(store))[0]).toMatchObject({ attempts: 3, nextAttemptAt: clock.now + 5000 }); // capped at 5 s
    await r.up();
    clock.now += 5000;
    await worker.drain();
    clock.now += 60_000;
    await worker.drain();
    expect(r.got).toHaveLength(1);
    expect(r.got[0].json.message).toBe('during the outage');
    expect(attempts).toEqual([['ops', false], ['ops', false], ['ops', false], ['ops', true]]);
    expect((await deliveries(store))[0]).toMatchObject({ status: 'sent', attempts: 4, sentAt: NY_10AM + 11_000 });
  });

  it('marks a delivery failed after maxAttempts and raises one critical alert for the other channels after N failures in a row', async () => {
    const r = await receiver();
    closers.push(r.close);
    r.status = 500;
    const { store, worker, clock, raised, attempts } = await setup([channel({ name: 'ops', type: 'webhook', url: r.url })], { maxAttempts: 3, failureAlertAfter: 2, initialBackoffSec: 1 });
    await commitAlerts(store, [{ message: 'x' }]);
    for (let i = 0; i < 4; i++) {
      await worker.drain();
      clock.now += 10_000;
    }
    const [d] = await deliveries(store);
    expect(d).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null });
    expect(d.lastError).toMatch(/HTTP 500/);
    expect(r.got).toHaveLength(3);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ severity: 'critical', source: 'notify:ops' });
    expect(raised[0].message).toMatch(/"ops" failed 2 times in a row/);
    expect(attempts).toEqual([['ops', false], ['ops', false], ['ops', false]]);
  });

  it('routes a channel\'s failure alert to the other channels only', async () => {
    const good = await receiver();
    closers.push(good.close);
    const { store, worker } = await setup([channel({ name: 'ops', type: 'webhook', url: 'http://127.0.0.1:1' }), channel({ name: 'chat', type: 'slack', url: good.url })]);
    await commitAlerts(store, [{ severity: 'critical', source: 'notify:ops', message: 'notification channel "ops" failed 3 times in a row' }]);
    await worker.drain();
    expect((await deliveries(store)).map((d) => d.channel)).toEqual(['chat']);
    expect(good.got).toHaveLength(1);
  });
});

describe('dedupe, quiet hours, routing and the rate cap', () => {
  it('sends the same alert once within the dedupe window, and the next one after it with the count held back', async () => {
    const r = await receiver();
    closers.push(r.close);
    const { store, worker, clock } = await setup([channel({ name: 'ops', type: 'slack', url: r.url, dedupeMinutes: 10 })]);
    await commitAlerts(store, [{ message: 'broker disconnected' }, { message: 'broker disconnected' }, { message: 'other' }]);
    await worker.drain();
    clock.now += 5 * 60_000;
    await commitAlerts(store, [{ message: 'broker disconnected' }]);
    await worker.drain();
    expect(r.got.map((g) => g.json.text)).toEqual(['[WARNING] broker disconnected', '[WARNING] other']);
    const held = (await deliveries(store)).filter((d) => d.status === 'suppressed');
    expect(held.map((d) => d.lastError)).toEqual(['duplicate of alert 1 within 10 min', 'duplicate of alert 1 within 10 min']);
    clock.now += 6 * 60_000;
    await commitAlerts(store, [{ message: 'broker disconnected' }]);
    await worker.drain();
    expect(r.got.map((g) => g.json.text)).toEqual(['[WARNING] broker disconnected', '[WARNING] other', '[WARNING] broker disconnected (×3: 2 more like it held back)']);
  });

  it('holds back all but critical alerts in quiet hours (New York time, across midnight) and sends again after them', async () => {
    const r = await receiver();
    closers.push(r.close);
    const night = Date.parse('2026-03-03T04:00:00Z'); // 23:00 New York
    const { store, worker, clock } = await setup([channel({ name: 'ops', type: 'slack', url: r.url, quietHours: { start: '22:00', end: '07:00' } })], {}, night);
    await commitAlerts(store, [{ severity: 'warning', message: 'quiet please' }, { severity: 'critical', message: 'catastrophe stop' }]);
    await worker.drain();
    expect(r.got.map((g) => g.json.text)).toEqual(['[CRITICAL] catastrophe stop']);
    const [quiet] = (await deliveries(store)).filter((d) => d.status === 'suppressed');
    expect(quiet.lastError).toBe('quiet hours 22:00–07:00 New York');
    clock.now = Date.parse('2026-03-03T12:30:00Z'); // 07:30 New York
    await commitAlerts(store, [{ severity: 'warning', message: 'morning' }]);
    await worker.drain();
    expect(r.got.map((g) => g.json.text)).toEqual(['[CRITICAL] catastrophe stop', '[WARNING] morning']);
  });

  it('routes by minimum severity, kind, rule, strategy and underlying', async () => {
    const r = await receiver();
    closers.push(r.close);
    const { store, worker } = await setup([
      channel({ name: 'crit', type: 'webhook', url: `${r.url}/crit`, minSeverity: 'critical' }),
      channel({ name: 'rules', type: 'webhook', url: `${r.url}/rules`, routes: { kinds: ['rule'], rules: ['stop-loss'] } }),
      channel({ name: 'spy', type: 'webhook', url: `${r.url}/spy`, routes: { strategies: ['spy-ic'], underlyings: ['SPY'] } }),
    ]);
    await store.beginTick();
    await store.commitTick({
      seq: 1, time: NY_10AM, configVersion: 'cfg-test',
      positions: [{ id: 'p1', strategy: 'spy-ic', structure: 'iron-condor', underlying: 'SPY', state: 'managed', phase: null, openedAt: NY_10AM, closedAt: null, configVersion: 'cfg-test', pinnedVersion: null, creditCents: 100, maxProfitCents: 100, maxLossCents: 400, cashFlowCents: 100, commissionCents: 0, ivAtEntry: null, peakPnlPct: null, contracts: 1, rootId: 'p1', parentId: null, rollCount: 0, cumulativePnlCents: 0, outcome: null, closeRule: null, realizedPnlCents: null, hold: false, structureCashFlowCents: 100, chainCreditCents: 100 } as never],
      alerts: [
        { time: NY_10AM, severity: 'warning', source: 'rule stop-loss', positionId: 'p1', message: 'a' },
        { time: NY_10AM, severity: 'warning', source: 'rule take-profit', positionId: 'p1', message: 'b' },
        { time: NY_10AM, severity: 'critical', source: 'kill-switch', positionId: null, message: 'c' },
      ],
    });
    await worker.drain();
    const by = (path: string) => r.got.filter((g) => g.url === path).map((g) => g.json.message);
    expect(by('/crit')).toEqual(['c']);
    expect(by('/rules')).toEqual(['a']);
    expect(by('/spy')).toEqual(['a', 'b']);
  });

  it('caps a channel at max messages per window, never capping critical alerts', async () => {
    const r = await receiver();
    closers.push(r.close);
    const { store, worker, clock } = await setup([channel({ name: 'ops', type: 'slack', url: r.url, rateLimit: { max: 2, perMinutes: 10 } })]);
    await commitAlerts(store, [{ message: 'm1' }, { message: 'm2' }, { message: 'm3' }, { severity: 'critical', message: 'm4' }]);
    await worker.drain();
    expect(r.got.map((g) => g.json.text)).toEqual(['[WARNING] m1', '[WARNING] m2', '[CRITICAL] m4']);
    expect((await deliveries(store)).find((d) => d.alertId === 3)?.lastError).toBe('rate cap: 2 per 10 min reached');
    clock.now += 11 * 60_000;
    await commitAlerts(store, [{ message: 'm5' }]);
    await worker.drain();
    expect(r.got.at(-1)?.json.text).toBe('[WARNING] m5');
  });
});
