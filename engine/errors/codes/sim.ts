import { defineErrors } from '../define.ts';

/**
 * Codes for the simulated market and the paper broker (adapters/sim). Prefix: TW_SIM_.
 * The `TW_SIM_ORDER_*` codes are never thrown: they travel in the `code` field of `rejected` broker events, so the
 * kernel and the docs share one explanation per rejection reason.
 */
export const simErrors = defineErrors({
  TW_SIM_BAD_OPTION: {
    message: 'simulated market option {option} is {value}; expected {expected}',
    hint: 'Fix the option {option} passed to the simulated market or the paper broker.',
    fix: 'The simulated market (`createSimMarket`) and the paper broker (`createPaperBroker`) validate their options once, at construction. The message names the option, the value found and what is allowed; see docs/sim.md for every option and its default.',
    exit: 2,
  },
  TW_SIM_BAD_SCRIPT: {
    message: 'scripted path step {step}: {problem}',
    hint: 'Fix step {step} of the simulated market script (see docs/sim.md, "Scripted paths").',
    fix: 'A script step is `{ at, underlying?, movePct?, vixTo?, overDays? }`. `at` is an epoch-ms number, a New York date (`2026-03-02`) or date-time (`2026-03-02T10:30`), or an offset from the first tick (`+2d` sessions, `+90m` session minutes, `+12t` ticks). `movePct` is a fraction (-0.08 = fall 8%), `vixTo` a positive level, `overDays` a non-negative number of trading sessions. A step must move something: give `movePct`, `vixTo` or both.',
    exit: 2,
  },
  TW_SIM_UNKNOWN_UNDERLYING: {
    message: 'the simulated market has no underlying {symbol} (it lists {known})',
    hint: 'Ask for one of the listed underlyings, or add {symbol} to the simulated market options.',
    fix: 'The simulated market only knows the underlyings it was configured with (by default SPY and QQQ). Add an entry to `underlyings` (symbol, price, vol, settlement) to simulate another one.',
    exit: 2,
  },
  TW_SIM_STATE_FILE: {
    message: 'the paper broker state file {path} cannot be used: {problem}',
    hint: 'Move the file aside to start the paper broker flat, or restore it from a backup.',
    fix: 'The paper broker persists its working orders, positions, shares and cash to its state file (write to a temporary file, then rename) and restores them when it is constructed. A file that is not valid JSON or was written by another format version is refused rather than silently ignored, because ignoring it would lose positions. If you really want to start flat, move the file away.',
    exit: 1,
    retry: 'fatal',
  },
  TW_SIM_ORDER_DUPLICATE_ID: {
    message: 'client order id {clientOrderId} was already used for another order; the second order was not created',
    hint: 'Every order needs a new client order id; the first order with this id is unaffected.',
    fix: 'The paper broker treats client order ids as idempotency keys: a second `place()` with a known id never creates a second order. The `rejected` event for the duplicate carries this code so it is not mistaken for a rejection of the original order.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_SIM_ORDER_UNKNOWN_CONTRACT: {
    message: 'leg {key} is not a listed contract (unknown or expired)',
    hint: 'Use a contract from the current chain listing.',
    fix: 'The paper broker knows the contracts quoted in the last tick it observed. A leg whose key has no quote (a strike that is not listed, an expiry that has passed, or any order placed before the first tick) is rejected.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_SIM_ORDER_BAD_QUANTITY: {
    message: 'order quantity {quantity} (or a leg ratio) is not a positive whole number',
    hint: 'Send a positive integer quantity and positive integer leg ratios.',
    fix: 'Orders trade whole contracts: `quantity` and every leg `ratio` must be integers of at least 1. An order without legs is rejected with this code too.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_SIM_ORDER_BAD_PRICE: {
    message: 'order price is not valid: {problem}',
    hint: 'A limit order needs a finite net limit price in dollars per share.',
    fix: 'A `limit` order must carry a finite `limitPrice` (positive = debit paid, negative = credit received). A `marketable` order may carry a finite cap or null.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_SIM_ORDER_WRONG_SIDE: {
    message: 'limit {limitPrice} is on the wrong side of the market: this combo can never be worth less than {floor} per unit',
    hint: 'Check the sign: positive = debit paid, negative = credit received.',
    fix: 'The paper broker rejects a limit below the lowest value the combo can ever have (the minimum of its expiry payoff per unit, buy legs counted +, sell legs -). Examples: a long option or debit spread at a credit (negative limit); a $5-wide credit spread at a credit larger than $5. A limit far above the natural price is accepted and fills at the natural price.',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_SIM_ORDER_UNKNOWN_ID: {
    message: 'no order with client order id {clientOrderId} is known to the paper broker',
    hint: 'Cancel or replace only orders that were placed and accepted.',
    fix: 'A cancel or replace names an order by its client order id. An id the paper broker has never seen is answered with a `rejected` event carrying this code; no order is affected. (Cancelling or replacing an order that has already finished produces no event: its final event was already reported.)',
    exit: 1,
    retry: 'non-retryable',
  },
  TW_SIM_CHECKPOINT: {
    message: 'cannot resume the simulated market or paper broker from the database: {problem}',
    hint: 'start with the same --seed as the run that wrote this database, or use a new --db file',
    fix: 'A database written by `tickwise start` holds the simulated market\'s and the paper broker\'s checkpoints. Resuming it needs the same seed; to start a different simulation, point --db at a new file.',
    exit: 2,
  },
});
