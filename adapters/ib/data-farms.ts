/**
 * What IB says about its market-data farms and connectivity, as the engine's `MarketFeed.dataStatus()` problems
 * (docs/ib.md, "Data farms"). TWS sends these as error messages with id -1:
 *
 *   2103 Market data farm connection is broken:<farm>     → problem until 2104 (or 2108) for that farm
 *   2105 HMDS data farm connection is broken:<farm>       → problem until 2106 (or 2107) for that farm
 *   2110 Connectivity between TWS and server is broken    → problem until 1101 / 1102 / 2104 / 2106
 *   1100 Connectivity between IB and TWS has been lost    → problem until 1101 / 1102 (restored)
 *
 * A farm is named by the text after the last `:` (e.g. `usopt`); a message without one counts for every farm of its
 * kind. 2108/2107 ("inactive but available upon demand") mean the farm is fine.
 */
import type { FeedDataProblem } from '../../engine/ports/index.ts';

type Kind = 'market' | 'hmds' | 'connectivity' | 'server';

const BROKEN: Readonly<Record<number, Kind>> = { 2103: 'market', 2105: 'hmds', 1100: 'connectivity', 2110: 'server' };
const RESTORED: Readonly<Record<number, Kind[]>> = {
  2104: ['market', 'server'], 2108: ['market'], 2106: ['hmds', 'server'], 2107: ['hmds'], 2158: ['hmds'],
  1101: ['connectivity', 'server'], 1102: ['connectivity', 'server'],
};

export class DataFarmStatus {
  /** `kind|farm` → the problem in force. */
  readonly #problems = new Map<string, FeedDataProblem & { kind: Kind; farm: string }>();

  /** Reads one TWS message; returns whether it was a farm/connectivity message. */
  onMessage(code: number, message: string, now: number): boolean {
    const farm = farmOf(message);
    const broken = BROKEN[code];
    if (broken) {
      const key = `${broken}|${farm}`;
      if (!this.#problems.has(key)) this.#problems.set(key, { kind: broken, farm, code: `ib-${code}`, message, since: now });
      return true;
    }
    const restored = RESTORED[code];
    if (!restored) return false;
    for (const [key, p] of this.#problems) {
      if (!restored.includes(p.kind)) continue;
      // A named farm coming back clears that farm (and an unnamed report of its kind); connectivity clears all.
      if (p.kind === 'connectivity' || p.kind === 'server' || farm === '' || p.farm === '' || p.farm === farm) this.#problems.delete(key);
    }
    return true;
  }

  /** A new session (after a reconnect) starts clean: TWS re-sends the farm state in its greeting. */
  reset(): void {
    this.#problems.clear();
  }

  problems(): FeedDataProblem[] {
    return [...this.#problems.values()].map((p) => ({ code: p.code, message: p.message, since: p.since }));
  }
}

function farmOf(message: string): string {
  const i = message.lastIndexOf(':');
  return i < 0 ? '' : message.slice(i + 1).trim().toLowerCase();
}
