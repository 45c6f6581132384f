import { defineErrors } from '../define.ts';

/** Codes for the position lifecycle machine (engine/lifecycle). Prefix: TW_LIFECYCLE_. */
export const lifecycleErrors = defineErrors({
  TW_LIFECYCLE_BAD_INPUT: {
    message: 'cannot open position {id}: {problem}',
    hint: 'check the strategy\'s legs, quantity and execution policy',
    fix: 'A position needs at least one leg, a whole positive quantity of combo units and an execution policy with a positive reprice interval, a non-negative reprice step and a whole non-negative number of reprices. The entry planner builds these from the strategy; check the strategy in strategies.yaml.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_LIFECYCLE_NO_QUOTES: {
    message: 'cannot price the opening order of position {id}: no usable bid/ask for {legs}',
    hint: 'open positions only on legs quoted in the current tick',
    fix: 'The opening limit price comes from each leg\'s bid and ask. Every leg must have a quote with a positive ask and a non-negative bid in the marks passed to openPosition (the current tick\'s quotes).',
    exit: 1,
    retry: 'retryable',
  },
  TW_LIFECYCLE_BAD_SNAPSHOT: {
    message: 'cannot restore a position from the stored snapshot: {problem}',
    hint: 'the stored machine snapshot is damaged or from an incompatible version',
    fix: 'Snapshots are written by `PositionActor.snapshot()` and read by `restorePosition`. A snapshot without a state value or a position context was not written by tickwise (or the database was edited). Restore the database from a backup, or close the position by hand at the broker and mark it closed.',
    exit: 1,
    retry: 'fatal',
  },
});
