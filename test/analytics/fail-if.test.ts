/** `--fail-if` thresholds: parsed as METRIC OP NUMBER over the overall metrics, checked, refused with a code when malformed. */
import { describe, expect, it } from 'vitest';
import { checkFailIf, parseFailIf, type Metrics } from '../../engine/analytics/index.ts';

const metrics = { maxDrawdown: 0.2, sharpe: 0.4, profitFactor: null, trades: 5 } as unknown as Metrics;

describe('--fail-if thresholds', () => {
  it('is breached when the metric meets the comparison', () => {
    expect(checkFailIf(parseFailIf('maxDrawdown>0.15'), metrics)).toMatchObject({ breached: true, actual: 0.2 });
    expect(checkFailIf(parseFailIf('sharpe < 0.5'), metrics).breached).toBe(true);
    expect(checkFailIf(parseFailIf('trades>=6'), metrics).breached).toBe(false);
    expect(checkFailIf(parseFailIf('trades==5'), metrics).breached).toBe(true);
    expect(checkFailIf(parseFailIf('maxDrawdown<=0.2'), metrics).breached).toBe(true);
  });

  it('is never breached by a metric that is null, and says so with the null', () => {
    expect(checkFailIf(parseFailIf('profitFactor<1'), metrics)).toMatchObject({ breached: false, actual: null });
  });

  it('refuses an expression that is not METRIC OP NUMBER, or names no metric', () => {
    expect(() => parseFailIf('maxDrawdown>fifteen')).toThrow(expect.objectContaining({ code: 'TW_BACKTEST_BAD_FAIL_IF' }));
    expect(() => parseFailIf('drawdown>0.1')).toThrow(/names no metric "drawdown"/);
  });
});
