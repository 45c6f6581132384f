/**
 * The backtest's market: one replay feed per `--data` file, delivered one after the other as a single MarketFeed
 * (files must follow each other in time; a file whose first tick is not after the previous file's last is refused).
 * Every tick is counted (quote rows, days) for the progress line.
 */
import { createReplayFeed, type ReplayFeed, type ReplayReport } from '../../adapters/replay/index.ts';
import type { MarketFeed } from '../../engine/ports/index.ts';
import type { ChainListing, MarketTick } from '../../engine/domain/index.ts';
import { isTickwiseError, twError } from '../../engine/errors/index.ts';
import type { BacktestOptions } from './types.ts';

export interface BacktestFeed extends MarketFeed {
  reports(): ReplayReport[];
  /** Quote dates over all files (for the progress total). */
  readonly days: number;
  /** The underlying the files hold. */
  readonly underlying: string;
  readonly rows: number;
  readonly ticks: number;
  /** Every tick's time and underlying price, in order. */
  readonly prices: { time: number; price: number }[];
}

async function openOne(path: string, o: BacktestOptions): Promise<ReplayFeed> {
  try {
    return await createReplayFeed({
      optionsPath: path, source: o.source, ...(o.cacheDir !== undefined ? { cacheDir: o.cacheDir } : {}), ...(o.columns ? { columns: o.columns } : {}), ...(o.vix ? { vixPath: o.vix } : {}),
      ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}), ...(o.underlying ? { underlying: o.underlying } : {}),
    });
  } catch (e) {
    if (isTickwiseError(e) && e.code === 'TW_REPLAY_NO_ROWS' && (o.from || o.to)) {
      throw twError('TW_BACKTEST_DATES_OUTSIDE', { path, from: o.from ?? 'the start', to: o.to ?? 'the end' }, { cause: e });
    }
    throw e;
  }
}

export async function openBacktestFeed(o: BacktestOptions): Promise<BacktestFeed> {
  const feeds: ReplayFeed[] = [];
  try {
    for (const path of o.data) feeds.push(await openOne(path, o));
  } catch (e) {
    for (const f of feeds) await f.close();
    throw e;
  }
  const underlyings = [...new Set(feeds.map((f) => f.report().underlying))];
  if (underlyings.length > 1) {
    for (const f of feeds) await f.close();
    throw twError('TW_BACKTEST_MIXED_UNDERLYINGS', { underlyings: underlyings.join(', ') });
  }
  // Files follow each other in time: refused up front, before any tick, when one starts on or before the previous one's end.
  for (let i = 1; i < feeds.length; i++) {
    if (feeds[i].report().firstDate <= feeds[i - 1].report().lastDate) {
      for (const f of feeds) await f.close();
      throw twError('TW_BACKTEST_FILES_OVERLAP', { path: o.data[i], previous: o.data[i - 1] });
    }
  }
  let current = 0;
  let rows = 0;
  let ticks = 0;
  let lastTime = -Infinity;
  const prices: { time: number; price: number }[] = [];
  const days = feeds.reduce((n, f) => n + f.report().days, 0);
  return {
    name: 'backtest-replay',
    days,
    underlying: underlyings[0],
    get rows() { return rows; },
    get ticks() { return ticks; },
    prices,
    reports: () => feeds.map((f) => f.report()),
    async subscribe() {},
    async chain(underlying: string): Promise<ChainListing> {
      return feeds[Math.min(current, feeds.length - 1)].chain(underlying);
    },
    async next(): Promise<MarketTick | null> {
      while (current < feeds.length) {
        const tick = await feeds[current].next();
        if (tick) {
          if (tick.time <= lastTime) throw twError('TW_BACKTEST_FILES_OVERLAP', { path: o.data[current], previous: o.data[current - 1] ?? '' });
          lastTime = tick.time;
          rows += tick.quotes.length;
          ticks += 1;
          const u = tick.underlyings.find((x) => x.symbol === underlyings[0]) ?? tick.underlyings[0];
          if (u) prices.push({ time: tick.time, price: u.price });
          return tick;
        }
        current += 1;
      }
      return null;
    },
    async close() {
      for (const f of feeds) await f.close();
    },
  };
}
