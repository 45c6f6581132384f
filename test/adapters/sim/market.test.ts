import { describe, expect, it } from 'vitest';
import { createSimMarket } from '../../../adapters/sim/index.ts';
import { exchangeTime, fromExchangeTime, isRegularSession, weekdayOf } from './helpers.ts';
import type { MarketTick } from '../../../engine/domain/index.ts';
import { isTickwiseError } from '../../../engine/errors/index.ts';

function run(options: Parameters<typeof createSimMarket>[0], n: number): MarketTick[] {
  const m = createSimMarket(options);
  const out: MarketTick[] = [];
  for (let i = 0; i < n; i++) {
    const t = m.step();
    if (!t) break;
    out.push(t);
  }
  return out;
}

describe('the simulated market', () => {
  it('produces identical ticks for the same seed and different ticks for another seed', async () => {
    const lean = { weeklyDays: 14, monthlyDays: 0 };
    const a = run({ seed: 42, ...lean }, 120);
    const b = run({ seed: 42, ...lean }, 120);
    const c = run({ seed: 43, ...lean }, 120);
    const market = (ts: MarketTick[]) => ts.map((t) => ({ time: t.time, underlyings: t.underlyings, vix: t.vix }));
    expect(market(a)).toEqual(market(b));
    expect(JSON.stringify(a.at(-1))).toBe(JSON.stringify(b.at(-1)));
    expect(a.map((t) => t.underlyings[0].price)).not.toEqual(c.map((t) => t.underlyings[0].price));
    // next() is the same stream as step()
    const m = createSimMarket({ seed: 42, ...lean });
    expect(JSON.stringify(await m.next())).toBe(JSON.stringify(a[0]));
  });

  it('ticks only in the regular session on weekdays, skipping nights, weekends and holidays', () => {
    // Friday 2026-07-03 is the observed Independence Day holiday.
    const ticks = run({ seed: 1, start: fromExchangeTime('2026-07-01', 600), tickMinutes: 30, weeklyDays: 7, monthlyDays: 0 }, 60);
    for (const t of ticks) expect(isRegularSession(t.time)).toBe(true);
    const dates = [...new Set(ticks.map((t) => exchangeTime(t.time).date))];
    expect(dates.slice(0, 4)).toEqual(['2026-07-01', '2026-07-02', '2026-07-06', '2026-07-07']);
    const first = exchangeTime(ticks[0].time);
    expect(first.minutes).toBe(600);
    const secondDay = ticks.filter((t) => exchangeTime(t.time).date === '2026-07-02').map((t) => exchangeTime(t.time).minutes);
    expect(secondDay[0]).toBe(570);
    expect(secondDay.at(-1)).toBe(930);
    expect(secondDay).toHaveLength(13);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].time).toBeGreaterThan(ticks[i - 1].time);
  });

  it('moves a start outside the session to the next open and ends after the configured number of sessions', () => {
    const ticks = run({ seed: 1, start: fromExchangeTime('2026-01-10', 720), days: 2, weeklyDays: 7, monthlyDays: 0 }, 1000); // a Saturday
    expect(exchangeTime(ticks[0].time)).toMatchObject({ date: '2026-01-12', minutes: 570 });
    expect(ticks).toHaveLength(2 * 78);
    expect(exchangeTime(ticks.at(-1)!.time)).toMatchObject({ date: '2026-01-13', minutes: 955 });
  });

  it('carries the previous close of each underlying and of the VIX', () => {
    const ticks = run({ seed: 3, weeklyDays: 7, monthlyDays: 0 }, 79);
    const lastOfDay1 = ticks[77];
    const firstOfDay2 = ticks[78];
    expect(ticks[0].underlyings.map((u) => u.prevClose)).toEqual([450, 380]);
    expect(firstOfDay2.underlyings.map((u) => u.prevClose)).toEqual(lastOfDay1.underlyings.map((u) => u.price));
    expect(firstOfDay2.vix!.prevClose).toBe(lastOfDay1.vix!.level);
  });

  it('lists weekly Friday expiries and third-Friday monthlies with a $1 grid near the money and wider steps out to ±20%', async () => {
    const m = createSimMarket({ seed: 5, start: fromExchangeTime('2026-01-05', 570) });
    m.step();
    const chain = await m.chain('SPY');
    expect(chain).toMatchObject({ underlying: 'SPY', multiplier: 100, settlement: 'physical' });
    const expiries = chain.expiries.map((e) => e.expiry);
    expect(expiries.slice(0, 9)).toEqual(['2026-01-09', '2026-01-16', '2026-01-23', '2026-01-30', '2026-02-06', '2026-02-13', '2026-02-20', '2026-02-27', '2026-03-06']);
    for (const e of expiries) expect(weekdayOf(e)).toBe(5);
    // beyond the 60-day weekly horizon only the third-Friday monthly within 90 days is listed
    expect(expiries.filter((e) => e > '2026-03-06')).toEqual(['2026-03-20']);
    const strikes = chain.expiries[0].strikes;
    expect(strikes).toContain(450);
    expect(strikes).toContain(451);
    expect(strikes).toContain(430);
    expect(strikes).not.toContain(401);
    expect(Math.min(...strikes)).toBe(360);
    expect(Math.max(...strikes)).toBe(540);
  });

  it('drops expired expiries and lists new ones as time passes', async () => {
    const m = createSimMarket({ seed: 5, start: fromExchangeTime('2026-01-05', 570), tickMinutes: 390 });
    m.step();
    expect((await m.chain('SPY')).expiries[0].expiry).toBe('2026-01-09');
    for (let i = 0; i < 5; i++) m.step(); // Tue…Fri, then Monday 2026-01-12
    expect(exchangeTime(m.now()).date).toBe('2026-01-12');
    const listed = (await m.chain('SPY')).expiries.map((e) => e.expiry);
    expect(listed[0]).toBe('2026-01-16');
    expect(listed).toContain('2026-03-13');
  });

  it('quotes every listed contract with bid ≤ ask on a 0.01 tick, Greeks, IV and the underlying price', () => {
    const [t] = run({ seed: 9 }, 1);
    expect(t.quotes.length).toBeGreaterThan(2000);
    expect(t.quotes.length).toBeLessThan(4000);
    const onTick = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
    const price = new Map(t.underlyings.map((u) => [u.symbol, u.price]));
    const bad = t.quotes.filter((q) =>
      !(q.bid < q.ask && q.bid >= 0 && onTick(q.bid) && onTick(q.ask) && q.iv! > 0 && q.underlyingPrice === price.get(q.contract.underlying) &&
        Number.isFinite(q.delta) && Number.isFinite(q.gamma) && Number.isFinite(q.thetaPerDay) && Number.isFinite(q.vegaPerPoint) && q.askSize! > 0));
    expect(bad).toEqual([]);
    const keys = new Set(t.quotes.map((q) => q.key));
    expect(keys.size).toBe(t.quotes.length);
  });

  it('prices out-of-the-money puts richer than at-the-money and calls (skew)', () => {
    const [t] = run({ seed: 9 }, 1);
    const iv = (right: string, strike: number) => t.quotes.find((q) => q.contract.underlying === 'SPY' && q.contract.expiry === '2026-02-20' && q.contract.right === right && q.contract.strike === strike)!.iv!;
    expect(iv('put', 405)).toBeGreaterThan(iv('put', 450) + 0.02);
    expect(iv('call', 490)).toBeLessThan(iv('call', 450));
  });

  it('widens spreads when the VIX is higher', () => {
    const calm = run({ seed: 9, vix: { start: 14 } }, 1)[0];
    const stressed = run({ seed: 9, vix: { start: 40 } }, 1)[0];
    const spread = (t: MarketTick) => {
      const q = t.quotes.find((q) => q.contract.underlying === 'SPY' && q.contract.expiry === '2026-02-20' && q.contract.right === 'put' && q.contract.strike === 440)!;
      return q.ask - q.bid;
    };
    expect(spread(stressed)).toBeGreaterThan(1.5 * spread(calm));
  });

  it('widens spreads away from the money', () => {
    const [t] = run({ seed: 9 }, 1);
    const q = (strike: number) => t.quotes.find((x) => x.contract.underlying === 'SPY' && x.contract.expiry === '2026-02-20' && x.contract.right === 'put' && x.contract.strike === strike)!;
    // compare relative to price: a far out-of-the-money put's spread is a bigger share of its value than an ATM one's
    const rel = (strike: number) => (q(strike).ask - q(strike).bid) / ((q(strike).ask + q(strike).bid) / 2);
    expect(rel(400)).toBeGreaterThan(2 * rel(450));
  });

  it('inverts the term structure when the VIX is high and keeps it upward sloping when calm', () => {
    const atmIv = (t: MarketTick, expiry: string) => t.quotes.find((x) => x.contract.underlying === 'SPY' && x.contract.expiry === expiry && x.contract.right === 'call' && x.contract.strike === 450)!.iv!;
    const calm = run({ seed: 9, vix: { start: 14 } }, 1)[0];
    const stressed = run({ seed: 9, vix: { start: 40 } }, 1)[0];
    expect(atmIv(calm, '2026-01-16')).toBeLessThan(atmIv(calm, '2026-03-20'));
    expect(atmIv(stressed, '2026-01-16')).toBeGreaterThan(atmIv(stressed, '2026-03-20'));
    expect(atmIv(stressed, '2026-01-16')).toBeGreaterThan(2 * atmIv(calm, '2026-01-16'));
  });

  it('follows a scripted path: SPY falls 8% over two sessions while the VIX goes to 40', () => {
    const lean = { weeklyDays: 7, monthlyDays: 0, strikeRangePct: 0.05 };
    const ticks = run({ seed: 11, ...lean, script: [{ at: '+1d', underlying: 'SPY', movePct: -0.08, overDays: 2, vixTo: 40 }] }, 78 * 4);
    const before = ticks[77]; // last tick of the first session
    const after = ticks[78 + 2 * 78 - 1]; // last tick of the third session
    const spy = (t: MarketTick) => t.underlyings[0].price;
    expect(spy(after)).toBeCloseTo(spy(before) * 0.92, 1);
    expect(after.vix!.level).toBeCloseTo(40, 1);
    // on the way: halfway through, roughly half the move
    const mid = ticks[78 + 77];
    expect(spy(mid) / spy(before)).toBeGreaterThan(0.93);
    expect(spy(mid) / spy(before)).toBeLessThan(0.99);
  });

  it('can simulate a cash-settled index next to the ETFs', async () => {
    const m = createSimMarket({ seed: 2, underlyings: [{ symbol: 'SPX', price: 4500, settlement: 'cash', strikeStep: 5 }] });
    const t = m.step()!;
    const chain = await m.chain('SPX');
    expect(chain.settlement).toBe('cash');
    expect(chain.expiries[0].strikes).toContain(4505);
    expect(t.quotes[0].contract.settlement).toBe('cash');
  });

  it('explains unknown underlyings, bad options and bad scripts with codes', async () => {
    const m = createSimMarket({ seed: 1 });
    await expect(m.chain('IWM')).rejects.toMatchObject({ code: 'TW_SIM_UNKNOWN_UNDERLYING' });
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isTickwiseError(e) ? e.code : 'not a TickwiseError';
      }
      return 'no error';
    };
    expect(codeOf(() => createSimMarket({ tickMinutes: 0 }))).toBe('TW_SIM_BAD_OPTION');
    expect(codeOf(() => createSimMarket({ script: [{ at: 'tomorrow', movePct: -0.1 }] }))).toBe('TW_SIM_BAD_SCRIPT');
    expect(codeOf(() => createSimMarket({ script: [{ at: '+1d', underlying: 'IWM', movePct: -0.1 }] }))).toBe('TW_SIM_BAD_SCRIPT');
    expect(codeOf(() => createSimMarket({ script: [{ at: '+1d' }] }))).toBe('TW_SIM_BAD_SCRIPT');
  });
});
