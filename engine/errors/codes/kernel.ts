import { defineErrors } from '../define.ts';

/** Codes for the tick kernel and the start command (engine/kernel, bin/commands/start). Prefix: TW_KERNEL_. */
export const kernelErrors = defineErrors({
  TW_KERNEL_INVALID_CONFIG: {
    message: 'the configuration in {dir} has {errors} error(s); nothing was started',
    hint: 'fix the findings printed above, or run `tickwise validate --config {dir}`',
    fix: 'tickwise refuses to trade on a configuration with errors. Run `tickwise validate` to list every problem with its file, line and column, fix them, and start again.',
    exit: 2,
  },
  TW_KERNEL_ADOPT_UNKNOWN_STRATEGY: {
    message: 'a pre-declared position names strategy "{strategy}", which the config does not have (known: {known})',
    hint: 'use the name of a strategy in strategies.yaml',
    fix: 'Positions declared in a dry-run scenario (or adopted by code) must belong to a strategy of the running config, whose rules then manage them. Correct the `strategy` key, or add the strategy.',
    exit: 2,
  },
  TW_KERNEL_ADOPT_DUPLICATE: {
    message: 'position id "{id}" is declared twice',
    hint: 'give every declared position its own id',
    fix: 'Position ids identify positions in decisions, orders and expectations; each must be unique in a run.',
    exit: 2,
  },
  TW_KERNEL_ADOPT_AFTER_START: {
    message: 'positions can only be adopted before the first tick',
    hint: 'call kernel.adopt() after kernel.start() and before the first step()',
    fix: 'Adopted positions are written to the store in the first tick; adopting later would skip their history. Adopt them up front.',
    exit: 1,
  },
  TW_KERNEL_COMMIT_EVERY: {
    message: 'commitEvery {value} is not allowed with the store {path}',
    hint: 'use commitEvery 1 (one transaction per tick) with a database file; larger values only with an in-memory store',
    fix: 'Grouping ticks into one transaction gives up per-tick durability: an order can reach the broker before its tick is committed. That is only acceptable for in-memory runs (dry-run, backtests). A database file always commits every tick.',
    exit: 2,
  },
  TW_KERNEL_WRITE_RETRY: {
    message: 'writeRetry.{field} is {value}; it must be {rule}',
    hint: 'give haltAfter as a whole number of failed commits (at least 1) and the delays as milliseconds (at least 0)',
    fix: 'When the store cannot write a tick the kernel retries its commit after baseDelayMs, doubling up to maxDelayMs, and switches to HALTED after haltAfter consecutive failures (defaults 1000, 60000, 5; docs/kernel.md).',
    exit: 2,
  },
});
