import { defineErrors } from '../define.ts';

/** Codes for historical replay (adapters/replay). Prefix: TW_REPLAY_. */
export const replayErrors = defineErrors({
  TW_REPLAY_FILE_NOT_FOUND: {
    message: 'replay {what} file "{path}" does not exist',
    hint: 'check the path; relative paths are resolved from {cwd}',
    fix: 'Give the path of a CSV (plain or .csv.gz) or Parquet file. The shared fixtures live in ../shared/data relative to the project root.',
    exit: 2,
  },
  TW_REPLAY_READ_FAILED: {
    message: 'could not read replay {what} file "{path}": {reason}',
    hint: 'check that the file is a CSV (plain or gzipped) or Parquet file in the {source} format',
    fix: 'DuckDB could not parse the file. Open it and compare its header with the column mapping in docs/replay.md; a truncated download or a different delimiter are the usual causes.',
    exit: 2,
    retry: 'non-retryable',
  },
  TW_REPLAY_MISSING_COLUMNS: {
    message: 'replay {what} file "{path}" lacks the {source} columns {columns}',
    hint: 'pick the source format that matches the file (--source cboe | optionsdx), or rename the columns',
    fix: 'Each source format has a fixed column mapping (docs/replay.md). The file must have every required column of its format; optional columns (theta, vega, sizes) may be missing.',
    exit: 2,
  },
  TW_REPLAY_NO_ROWS: {
    message: 'replay file "{path}" has no usable quotes for {underlying} between {from} and {to}',
    hint: 'widen --from/--to or check the underlying symbol',
    fix: 'The date range or the underlying filter selects nothing. Dates are quote dates, YYYY-MM-DD, inclusive.',
    exit: 2,
  },
  TW_REPLAY_BAD_OPTION: {
    message: 'replay option {name} {problem}',
    hint: '{advice}',
    fix: 'createReplayFeed takes source (cboe | optionsdx), optionsPath, and optionally vixPath, from and to (YYYY-MM-DD), underlying, rate and div (decimals per year, or "parity").',
    exit: 2,
  },
});
