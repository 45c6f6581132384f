import { defineErrors } from '../define.ts';

/** Codes for `tickwise backtest` (bin/backtest, bin/commands/backtest, engine/analytics). Prefix: TW_BACKTEST_. */
export const backtestErrors = defineErrors({
  TW_BACKTEST_NO_DATA: {
    message: 'no --data file was given',
    hint: 'pass at least one option chain file: --data chains.csv.gz',
    fix: 'A backtest replays recorded option chains. Give one or more `--data FILE` (CSV, CSV.gz or Parquet; Cboe and OptionsDX layouts are detected, any other needs `--columns MAP.yaml`). docs/backtest.md shows the command.',
    exit: 2,
  },
  TW_BACKTEST_BAD_CONFIG: {
    message: 'the config in {dir} is invalid:\n{findings}',
    hint: 'fix the findings (run `tickwise validate --config {dir}`), then backtest again',
    fix: 'A backtest runs the strategies and rules of a config folder (strategies.yaml and rules/). Every finding is at its file:line:col with its own code and hint.',
    exit: 2,
  },
  TW_BACKTEST_NO_STRATEGY: {
    message: 'no strategy of config {version} trades {underlying}, the underlying of {path}; the strategies trade {traded}',
    hint: 'point --config at a config with a strategy for {underlying}, or --data at a file of {traded}',
    fix: 'Strategies open positions only on their own `underlying`. A backtest over a file holding another underlying could never enter, so it is refused. Files holding several underlyings can be narrowed with `--underlying SYM`.',
    exit: 2,
  },
  TW_BACKTEST_DATES_OUTSIDE: {
    message: 'the dates {from} to {to} are outside "{path}"',
    hint: 'choose --from/--to inside the file\'s quote dates, or leave them out to replay the whole file',
    fix: 'The file has no quote rows between the given dates. `--from` and `--to` are quote dates (YYYY-MM-DD, inclusive) and must overlap the file.',
    exit: 2,
  },
  TW_BACKTEST_MIXED_UNDERLYINGS: {
    message: 'the --data files hold different underlyings ({underlyings})',
    hint: 'backtest one underlying at a time, or pass --underlying SYM',
    fix: 'Several `--data` files are replayed one after the other as one market; they must hold the same underlying.',
    exit: 2,
  },
  TW_BACKTEST_FILES_OVERLAP: {
    message: '"{path}" starts before "{previous}" ends',
    hint: 'give --data files in time order, without overlapping dates',
    fix: 'Several `--data` files are replayed one after the other; each must start after the previous one ends (the kernel clock never goes back).',
    exit: 2,
  },
  TW_BACKTEST_NO_ENTRIES: {
    message: 'no entries were possible: {reason}',
    hint: 'check the strategies\' legs.dte window and deltas against the chains in the file ({days} days, {first} to {last})',
    fix: 'The strategies never found the legs they ask for, so the backtest has nothing to measure. The message names what was missing most often; widen the strategy (dte, delta, wingWidth) or use data with the expiries it needs.',
    exit: 2,
  },
  TW_BACKTEST_BAD_FAIL_IF: {
    message: '--fail-if "{expr}" {problem}',
    hint: 'write METRIC OP NUMBER, e.g. --fail-if \'maxDrawdown>0.15\' or --fail-if \'sharpe<0.5\'; metrics: {metrics}',
    fix: 'A `--fail-if` threshold is one overall metric of metrics.json, a comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`) and a number. When any holds after the run, the command exits 1 (a CI gate).',
    exit: 2,
  },
  TW_BACKTEST_OUT_NOT_WRITABLE: {
    message: 'could not write the backtest output to {dir}: {reason}',
    hint: 'choose another --out folder, or free space / fix its permissions',
    fix: 'The report, metrics.json, CSV files and backtest.duckdb are written into `--out` (default ./backtests/<timestamp>/). The folder is created when missing.',
    exit: 2,
  },
  TW_BACKTEST_RUN_FAILED: {
    message: 'the backtest stopped at tick {tick}: {reason}',
    hint: 'this is a defect in tickwise or its data: report it with the command line',
    fix: 'The kernel failed while replaying the data. The cause names the failing part; the partial outputs are not written.',
    exit: 2,
  },
});
