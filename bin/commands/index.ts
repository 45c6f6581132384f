import type { Command } from '../command.ts';

/** Every command: a one-line summary for `tickwise --help`, and a lazy loader so a command imports only what it uses. */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  start: { summary: 'run the strategies (simulated market + paper broker by default), state in a DuckDB file', load: () => import('./start.ts') },
  validate: { summary: 'check strategies.yaml and rules/ and report every problem at its line and column', load: () => import('./validate.ts') },
  'dry-run': { summary: 'run scenario files through the kernel (paper broker, in-memory DuckDB) and check what the rules decide', load: () => import('./dry-run.ts') },
  backtest: { summary: 'run the strategies and rules over recorded option chains: metrics, trades, an HTML report, A/B comparison', load: () => import('./backtest.ts') },
  price: { summary: 'option calculator: Black–Scholes–Merton price, Greeks and implied volatility', load: () => import('./price.ts') },
};
