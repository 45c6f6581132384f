// Simulated market and paper broker throughput: cost of one tick with full chains for SPY and QQQ, and of the
// paper broker observing that tick with working orders to match.
import { createPaperBroker, createSimMarket } from '../adapters/sim/index.ts';
import type { OrderRequest } from '../engine/domain/index.ts';
import { median, type Benchmark, type BenchEntry } from './types.ts';

const bench: Benchmark = {
  name: 'sim',
  async run(): Promise<BenchEntry[]> {
    const market = createSimMarket({ seed: 1 });
    for (let i = 0; i < 20; i++) market.step(); // warm up
    const tickMs: number[] = [];
    let quotes = 0;
    const N = 390;
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const tick = market.step()!;
      tickMs.push(performance.now() - t0);
      quotes += tick.quotes.length;
    }

    const broker = createPaperBroker();
    let tick = market.step()!;
    broker.observe(tick);
    const spy = tick.quotes.filter((q) => q.contract.underlying === 'SPY' && q.contract.right === 'put').slice(0, 40);
    for (let i = 0; i < 20; i++) {
      const order: OrderRequest = {
        clientOrderId: `b${i}`, positionId: `p${i}`, purpose: 'open', quantity: 1, style: 'limit', limitPrice: 0.01, timeInForce: 'gtc', configVersion: 'bench',
        legs: [{ contract: spy[i].contract, side: 'sell', ratio: 1 }, { contract: spy[i + 20].contract, side: 'buy', ratio: 1 }],
      };
      await broker.place(order);
    }
    const observeMs: number[] = [];
    for (let i = 0; i < 200; i++) {
      tick = market.step()!;
      const t0 = performance.now();
      broker.observe(tick);
      observeMs.push(performance.now() - t0);
      broker.drainEvents();
    }
    return [
      { name: 'sim.tick', value: median(tickMs), unit: 'ms', note: `median per tick, ${Math.round(quotes / N)} quotes (SPY + QQQ full chains)` },
      { name: 'sim.quotes-per-second', value: Math.round(quotes / (tickMs.reduce((a, b) => a + b, 0) / 1000)), unit: 'quotes/s' },
      { name: 'paper.observe', value: median(observeMs), unit: 'ms', note: 'median per tick with 20 working limit combos' },
    ];
  },
};
export default bench;
