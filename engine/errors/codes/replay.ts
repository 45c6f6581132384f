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
    message: 'replay {what} file "{path}" ({source} layout): the header lacks the columns {columns}; it has {header}',
    hint: 'describe the file\'s columns in a --columns mapping (docs/replay.md), or pick the layout that matches the file',
    fix: 'The two known layouts (cboe, optionsdx) are detected from the header; any other vendor\'s file needs a column mapping (a small YAML file, schemas/replay-columns.schema.json) that names its columns. Every column a mapping names must be in the header; the built-in layouts also accept files without their optional columns (theta, vega, sizes).',
    exit: 2,
  },
  TW_REPLAY_CORRUPT_GZIP: {
    message: 'replay {what} file "{path}": the gzip stream is truncated or corrupt at byte {offset} of {size} ({reason})',
    hint: 'download or copy the file again; `gzip -t FILE` checks a gzip file',
    fix: 'The replay decompresses a .gz file completely before reading it, because DuckDB reads a truncated gzip stream up to the break without an error and a replay would silently lose the rest of the file. Re-fetch the file; the byte offset is where decompression stopped.',
    exit: 2,
  },
  TW_REPLAY_MALFORMED_ROWS: {
    message: 'replay {what} file "{path}": {count} of {total} rows are malformed, more than the {limit} a replay drops; first: row {line} {problem}',
    hint: 'a few malformed rows are dropped and counted; this many mean a damaged file or a different delimiter or layout',
    fix: 'Rows whose field count differs from the header (or that cannot be split into fields) are dropped and counted in the report (`malformed`) while they are at most 5 rows or 1% of the file, whichever is more. Beyond that the file is refused. Row numbers are file line numbers (the header is line 1).',
    exit: 2,
  },
  TW_REPLAY_IMPLAUSIBLE_UNITS: {
    message: 'replay {what} file "{path}": column {column} looks like {found}, not {expected} (median {measure} is {value} over {rows} quotes)',
    hint: '{advice}',
    fix: 'Units differ between vendors: theta per day or per year, vega per volatility point or per 1.00, IV as a decimal or in percent. The replay checks the median over quotes with a mid of at least 0.10 and at least 7 days to expiry: |theta| per day and vega per point above the option price, or an IV above 5 (500%), mean the units are not what the mapping says. Set `units:` in the column mapping (docs/replay.md).',
    exit: 2,
  },
  TW_REPLAY_BAD_DATES: {
    message: 'replay {what} file "{path}": column {column} holds no dates in the {format} format (e.g. "{example}")',
    hint: 'set `dates:` in the column mapping to the file\'s format ({formats})',
    fix: 'Quote dates and expiries are read in one date format per file (ISO YYYY-MM-DD by default). When no quote date of the file parses, the mapping names the wrong format or the wrong column.',
    exit: 2,
  },
  TW_REPLAY_BAD_COLUMNS: {
    message: 'replay column mapping {path} is invalid:\n{findings}',
    hint: 'fix the mapping at the positions shown (schemas/replay-columns.schema.json)',
    fix: 'A column mapping is a YAML file (or a `columns:` object) checked against schemas/replay-columns.schema.json; each problem is reported at file:line:col. docs/replay.md shows an example.',
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
    fix: 'createReplayFeed takes source (cboe | optionsdx | auto) or columns (a mapping file or object), optionsPath, and optionally vixPath, from and to (YYYY-MM-DD), underlying, rate and div (decimals per year, or "parity"), and cacheDir (a folder, or false).',
    exit: 2,
  },
  TW_REPLAY_CACHE_FAILED: {
    message: 'could not write the replay cache in "{dir}": {reason}',
    hint: 'give a writable cacheDir, or cacheDir: false to replay without the cache',
    fix: 'The columnar cache (docs/replay.md, "Columnar cache") converts an options file once into Parquet in its cache folder. A folder named in the options must be writable; the default folder (~/.cache/tickwise/replay, or $TICKWISE_CACHE_DIR/replay) is skipped with a note in the report when it is not. A stale or damaged cache entry is never an error: it is rebuilt.',
    exit: 2,
    retry: 'non-retryable',
  },
});
