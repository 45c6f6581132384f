/** Builds StrategyConfig objects for tests, with overrides. */
import type { StrategyConfig, Structure } from '../../engine/config/types.ts';
import { isUndefinedRisk } from '../../engine/catalogue/index.ts';
import { contractKey, type OptionQuote, type Right } from '../../engine/domain/index.ts';

export function strategy(structure: Structure, over: Partial<StrategyConfig> & { legs?: Partial<StrategyConfig['legs']> } = {}): StrategyConfig {
  const { legs, ...rest } = over;
  return {
    name: `test-${structure}`,
    underlying: 'SPX',
    structure,
    allowUndefinedRisk: isUndefinedRisk(structure),
    legs: { targetDelta: 0.16, wingWidth: 25, dte: { min: 30, max: 45, target: 35 }, ...legs },
    entry: { maxOpen: 3 },
    sizing: { maxRiskFraction: 0.02 },
    manage: {},
    execution: { startPrice: 'mid', repriceStep: 0.05, repriceIntervalSeconds: 30, maxReprices: 5, onTimeout: 'cancel' },
    ...rest,
  };
}

/** A hand-built quote: delta and IV given directly. */
export function quote(expiry: string, right: Right, strike: number, bid: number, ask: number, delta: number | undefined, extra: Partial<OptionQuote> = {}): OptionQuote {
  const contract = { underlying: 'SPX', root: 'SPXW', expiry, right, strike, multiplier: 100, settlement: 'cash' as const };
  return { key: contractKey(contract), contract, bid, ask, ...(delta === undefined ? {} : { delta }), ...extra };
}
