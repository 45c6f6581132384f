import { defineErrors } from '../define.ts';

/** Codes for dry-run scenarios (adapters/scenario, bin/dryrun, bin/commands/dry-run). Prefix: TW_DRYRUN_. */
export const dryrunErrors = defineErrors({
  TW_DRYRUN_NOT_FOUND: {
    message: 'no scenario file or folder at {path}',
    hint: 'give a scenario .yaml file or a folder of them (default: ./scenarios)',
    fix: 'Pass the path of a scenario file (`*.yaml`) or of a folder holding scenario files; folders are searched recursively and files run in name order.',
    exit: 2,
  },
  TW_DRYRUN_NO_SCENARIOS: {
    message: 'no scenario files (*.yaml, *.yml) under {path}',
    hint: 'add a scenario file, or point at the folder that has them',
    fix: 'A dry-run needs at least one scenario. docs/dry-run.md describes the format.',
    exit: 2,
  },
  TW_DRYRUN_BAD_TIME: {
    message: '{where} "{value}" is not a valid time',
    hint: 'write New York wall time as YYYY-MM-DD HH:MM (or a date), or a step like +30m, +2h, +1d',
    fix: 'Scenario times are New York exchange time. Absolute: `2026-03-02 10:00` (a date alone means 10:00). Relative to the previous tick (or, for openedAt, to `start`): `+30m`, `+2h`, `+1d`, `-10d`.',
    exit: 2,
  },
  TW_DRYRUN_TIME_BACKWARDS: {
    message: 'tick {tick} at {time} is not after the previous tick ({previous})',
    hint: 'ticks must move forward in time; use a relative step such as +30m',
    fix: 'The kernel clock never goes back. Give every tick a time later than the one before it.',
    exit: 2,
  },
  TW_DRYRUN_NO_MARKET: {
    message: 'the scenario {problem}',
    hint: 'give either `ticks:` (a market you write) or `replay:` (a slice of a recorded file), not both',
    fix: 'A scenario needs a market: a list of ticks, or a replay of recorded data.',
    exit: 2,
  },
  TW_DRYRUN_LEG_SIDE: {
    message: 'leg side "{side}" contradicts quantity {quantity}',
    hint: 'give a signed quantity (short −1, long +1) or a side with a positive quantity',
    fix: 'A leg is long (buy, quantity > 0) or short (sell, quantity < 0). With `side`, write the quantity as a positive number of contracts.',
    exit: 2,
  },
  TW_DRYRUN_UNKNOWN_POSITION: {
    message: '{where} names position "{position}", which the scenario does not declare{suggestion}',
    hint: 'declared positions: {known}',
    fix: 'Expectations and tick controls name positions by the `id` given under `positions:`. Positions opened by entries are named `<strategy>-<n>`.',
    exit: 2,
  },
  TW_DRYRUN_UNKNOWN_STRATEGY: {
    message: 'position "{position}" names strategy "{strategy}", which config {version} does not have{suggestion}',
    hint: 'strategies: {known}',
    fix: 'A declared position is managed by its strategy\'s rules, so the strategy must exist in the config the scenario runs against.',
    exit: 2,
  },
  TW_DRYRUN_UNKNOWN_RULE: {
    message: 'the expectation names rule "{rule}", which config {version} does not have{suggestion}',
    hint: 'rules: {known}',
    fix: 'Expectations name rules as written in rules/*.yaml. A renamed or removed rule makes the scenario invalid rather than silently passing.',
    exit: 2,
  },
  TW_DRYRUN_TICK_OUT_OF_RANGE: {
    message: '{where} refers to tick {tick}, but the scenario has {count} tick(s)',
    hint: 'ticks are numbered from 1 in the order written (a `repeat: n` tick counts n times)',
    fix: 'Use a tick number the scenario has, or `at:` with the time of a tick.',
    exit: 2,
  },
  TW_DRYRUN_NO_TICK_AT: {
    message: '{where} refers to {time}, when the scenario has no tick',
    hint: 'use the exact time of a tick, or its number with `tick:`',
    fix: '`at:` in an expectation must be the time of one of the scenario\'s ticks.',
    exit: 2,
  },
  TW_DRYRUN_CONFIG_INVALID: {
    message: 'the configuration in {dir} has {errors} error(s); scenario {scenario} was not run',
    hint: 'fix the findings printed above, or run `tickwise validate --config {dir}`',
    fix: 'A dry-run uses the same configuration loader as `tickwise start`; any error stops it.',
    exit: 2,
  },
  TW_DRYRUN_REPLAY_FAILED: {
    message: 'the replay {path} could not be opened: {reason}',
    hint: 'check the path (relative to the scenario file), the source format and the from/to dates',
    fix: 'The replay path is relative to the scenario file; see docs/replay.md for the formats.',
    exit: 2,
  },
  TW_DRYRUN_RUN_FAILED: {
    message: 'scenario {scenario} stopped at tick {tick}: {reason}',
    hint: 'the message says what the engine refused; fix the scenario or the config',
    fix: 'The kernel raised an error while running the scenario. It is reported rather than counted as a failed expectation.',
    exit: 2,
  },
  TW_DRYRUN_SNAPSHOT_UNREADABLE: {
    message: 'snapshot {path} cannot be read: {reason}',
    hint: 'delete it and run `tickwise dry-run --update` to record it again',
    fix: 'Snapshots (`.snap`) are written by `--update`; do not edit them by hand.',
    exit: 2,
  },
});
