import { afterEach, describe, expect, it } from 'vitest';
import type { Kernel } from '../../../engine/kernel/index.ts';
import { candidatesFor, nearestExpiry } from '../../../engine/kernel/subscriptions.ts';
import type { ChainListing } from '../../../engine/domain/index.ts';
import type { FakeTws } from '../../fake-tws/index.ts';
import { ibKernel, sessionClock, startFake, stepUntil } from './kernel-helpers.ts';

let fake: FakeTws | null = null;
const kernels: Kernel[] = [];
afterEach(async () => {
  for (const k of kernels.splice(0)) await k.close().catch(() => undefined);
  await fake?.close();
  fake = null;
});

/** REQ_MKT_DATA messages (id 1) the fake received, with the conId each asked for. */
const mktDataRequests = (f: FakeTws) => f.received.filter((m) => m.fields[0] === '1').map((m) => Number(m.fields[3]));

const listing: ChainListing = {
  underlying: 'SPY', multiplier: 100, settlement: 'physical',
  expiries: [
    { expiry: '2026-12-11', strikes: [570, 575, 580, 585, 590] },
    { expiry: '2026-12-18', strikes: [560, 565, 570, 575, 580, 585, 590, 595, 600] },
    { expiry: '2027-01-15', strikes: [580] },
  ],
};

describe('entry candidates', () => {
  it('takes the listed expiry inside the DTE window nearest the target, the earlier on a tie', () => {
    expect(nearestExpiry(listing, '2026-11-18', { min: 20, max: 50, target: 30 })!.expiry).toBe('2026-12-18');
    expect(nearestExpiry(listing, '2026-11-18', { min: 20, max: 50, target: 26 })!.expiry).toBe('2026-12-11');
    expect(nearestExpiry(listing, '2026-11-18', { min: 60, max: 90, target: 70 })).toBeNull();
  });

  it('puts the at-the-money pair first, then alternates puts and calls nearest the estimated short strike and its wing', () => {
    const wide: ChainListing = { ...listing, expiries: [{ expiry: '2026-12-18', strikes: Array.from({ length: 25 }, (_, i) => 520 + 5 * i) }] };
    // 16 delta at 30 days and 16% vol: about one standard deviation (≈ 27 points) from 580; wings 5 points further out.
    const cs = candidatesFor(wide, wide.expiries[0]!, 581, { rights: ['put', 'call'], targetDelta: 0.16, wingWidth: 5, vol: 0.16, years: 30 / 365 });
    expect(cs.slice(0, 6).map((c) => `${c.right[0]}${c.strike}`)).toEqual(['p580', 'c580', 'p555', 'c610', 'p550', 'c615']);
    expect(cs[0]).toMatchObject({ underlying: 'SPY', expiry: '2026-12-18', multiplier: 100, settlement: 'physical' });
    const putsOnly = candidatesFor(wide, wide.expiries[0]!, 581, { rights: ['put'], targetDelta: 0.25, wingWidth: 5, vol: 0.16, years: 30 / 365 });
    expect(putsOnly.slice(2).every((c) => c.right === 'put')).toBe(true);
    const atTheMoney = candidatesFor(wide, wide.expiries[0]!, 581, { rights: ['call'], targetDelta: 0.5, wingWidth: 10, vol: 0.16, years: 30 / 365 });
    expect(atTheMoney.slice(2, 4).map((c) => c.strike).sort()).toEqual([585, 590]);
  });
});

describe('the kernel subscribing the IB feed', () => {
  it('stays within the line limit and streams the legs of the position it opened', { timeout: 40_000 }, async () => {
    const now = sessionClock();
    fake = await startFake(now);
    fake.fillMode({ mode: 'immediate' });
    const { kernel, feed } = await ibKernel(fake, { now, lineLimit: 16 });
    kernels.push(kernel);
    await kernel.start();
    await stepUntil(kernel, () => kernel.positions().some((p) => p.phase === 'managed'), 'an open position', 150);
    await stepUntil(kernel, () => true, 'a tick');
    await stepUntil(kernel, () => true, 'a tick');
    expect(feed.linesInUse()).toBeLessThanOrEqual(16);
    expect(fake.linesOpen()).toBeLessThanOrEqual(16);
    const legs = kernel.positions()[0]!.context.legs.map((l) => l.key);
    const quotes = await kernel.store.reads.quotes('SPY');
    for (const key of legs) expect(quotes.find((q) => q.key === key), key).toBeDefined();
    expect(feed.lineStatus().unresolved).toEqual([]);
  });

  it('asks for market data again only when the legs change or the underlying leaves the candidates’ band', { timeout: 40_000 }, async () => {
    const now = sessionClock();
    fake = await startFake(now);
    fake.fillMode({ mode: 'working' });
    const { kernel } = await ibKernel(fake, { now, lineLimit: 30 });
    kernels.push(kernel);
    await kernel.start();
    // SPY and the VIX before the first tick: no price, no candidates yet.
    await stepUntil(kernel, () => mktDataRequests(fake!).length >= 2, 'the underlyings to be requested', 5);
    await stepUntil(kernel, () => kernel.positions().length === 1, 'an entry', 150);
    // Requests leave through the client's rate limiter: settled once three ticks pass without a new one.
    let last = -1;
    let quiet = 0;
    await stepUntil(kernel, () => {
      const n = mktDataRequests(fake!).length;
      quiet = n === last ? quiet + 1 : 0;
      last = n;
      return quiet >= 3;
    }, 'the requests to settle', 60);
    const settled = mktDataRequests(fake).length;
    expect(settled).toBeGreaterThan(10);
    expect(fake.linesOpen()).toBeLessThanOrEqual(30);
    for (let i = 0; i < 5; i++) await stepUntil(kernel, () => true, 'a tick');
    expect(mktDataRequests(fake)).toHaveLength(settled);

    // SPY runs up 40 points: candidates are re-centred (new strikes above the old band are requested).
    fake.setUnderlying('SPY', 620);
    const fresh = () => mktDataRequests(fake!).slice(settled).map((conId) => fake!.chain.get(conId)!);
    await stepUntil(kernel, () => fresh().some((c) => c.secType === 'OPT' && c.right === 'C' && c.strike >= 630), 'calls above the old band to be requested', 30);
  });
});
