import { defineErrors } from '../define.ts';

/**
 * Codes for entry planning: leg selection, sizing, schedule, rolls (engine/entry). Prefix: TW_ENTRY_.
 * Most of these are not thrown: entry planning returns them as the *reason* an entry was skipped or a roll rejected
 * (`{ code, message, hint }`), so the kernel can log and record them. Exit 1 = "the check failed", not a crash.
 */
export const entryErrors = defineErrors({
  TW_ENTRY_NO_EXPIRY: {
    message: 'strategy "{strategy}": no {underlying} expiry between {min} and {max} days out (listed: {listed})',
    hint: 'widen legs.dte or check that the feed delivers that part of the chain',
    fix: 'The strategy\'s `legs.dte` window must contain at least one listed expiry with usable quotes. Widen `min`/`max`, or check the market feed delivers expiries that far out.',
    exit: 1,
  },
  TW_ENTRY_NO_STRIKE: {
    message: 'strategy "{strategy}": no usable {right} to {side} in {underlying} {expiry} ({detail})',
    hint: 'quotes with no bid, crossed quotes and flagged quotes are skipped; check the chain',
    fix: 'Leg selection skips sold legs with a bid of zero, crossed quotes (bid > ask) and quotes flagged as bad data. If no strike is left, the entry is skipped this tick; it is retried on the next tick.',
    exit: 1,
  },
  TW_ENTRY_NO_WING: {
    message: 'strategy "{strategy}": no {right} wing beyond the short {shortStrike} in {underlying} {expiry}',
    hint: 'the chain has no usable strike further out than the short strike; reduce legs.wingWidth or legs.targetDelta',
    fix: 'The long wing must be strictly further out of the money than the short strike (for debit verticals: the short strike beyond the long). Pick a smaller wing width or a target delta closer to the money.',
    exit: 1,
  },
  TW_ENTRY_NEEDS_WING_WIDTH: {
    message: 'strategy "{strategy}": structure {structure} needs legs.wingWidth',
    hint: 'add legs.wingWidth (underlying points between the short and the long strike)',
    fix: 'Iron condors, credit and debit verticals and iron butterflies have a wing: set `legs.wingWidth` in underlying points, e.g. `wingWidth: 25` for SPX.',
    exit: 2,
  },
  TW_ENTRY_NO_BACK_EXPIRY: {
    message: 'strategy "{strategy}": no {underlying} back-month expiry between {min} and {max} days out after {front}',
    hint: 'widen legs.backDte or check the feed delivers that part of the chain',
    fix: 'A calendar buys the same strike in a later expiry inside `legs.backDte`. Widen the window or lower its minimum.',
    exit: 1,
  },
  TW_ENTRY_NO_UNDERLYING_PRICE: {
    message: 'strategy "{strategy}": no usable price for {underlying} ({price})',
    hint: 'the feed must deliver the underlying with every tick',
    fix: 'Leg selection needs a positive, finite underlying price. Check the market feed delivers the underlying.',
    exit: 1,
  },
  TW_ENTRY_BAD_NET_PRICE: {
    message: 'strategy "{strategy}": {structure} would be a {got} of {net} per share, expected a {expected}',
    hint: 'the quotes look wrong for this structure; the entry is skipped this tick',
    fix: 'A credit structure must take in a credit and a debit structure must pay a debit at the mid price. Anything else points at stale or bad quotes.',
    exit: 1,
  },
  TW_ENTRY_UNDEFINED_RISK: {
    message: 'strategy "{strategy}": {structure} has undefined risk and allowUndefinedRisk is not set',
    hint: 'set allowUndefinedRisk: true on the strategy if you mean it',
    fix: 'Short strangles can lose without limit. tickwise only opens them when the strategy says `allowUndefinedRisk: true`.',
    exit: 2,
  },
  TW_ENTRY_NO_SIZING: {
    message: 'strategy "{strategy}": sizing gives neither contracts nor maxRiskFraction',
    hint: 'set sizing.contracts or sizing.maxRiskFraction',
    fix: 'Sizing needs `contracts` (a fixed count), `maxRiskFraction` (a fraction of equity, 0.02 = 2%), or both (the smaller wins).',
    exit: 2,
  },
  TW_ENTRY_TOO_SMALL: {
    message: 'strategy "{strategy}": 0 contracts ({detail})',
    hint: 'the risk budget does not cover one contract; raise sizing.maxRiskFraction or narrow the wings',
    fix: 'With `maxRiskFraction` the contract count is floor(fraction × equity / max loss per contract). When one contract risks more than the budget, nothing is opened.',
    exit: 1,
  },
  TW_ENTRY_MAX_OPEN: {
    message: 'strategy "{strategy}": {open} positions open, maxOpen is {maxOpen}',
    hint: 'close a position or raise entry.maxOpen',
    fix: 'A strategy opens no new position while `entry.maxOpen` of its positions are open (or opening).',
    exit: 1,
  },
  TW_ENTRY_DISABLED: {
    message: 'strategy "{strategy}" is disabled',
    hint: 'set enabled: true to let it open positions',
    fix: 'A disabled strategy keeps managing its open positions but opens no new ones.',
    exit: 1,
  },
  TW_ENTRY_SCHEDULE_DAY: {
    message: 'strategy "{strategy}": {day} is not an entry day ({days})',
    hint: 'entries run only on entry.schedule.days',
    fix: 'Add the day to `entry.schedule.days` (mon … fri) or wait for the next entry day.',
    exit: 1,
  },
  TW_ENTRY_SCHEDULE_TIME: {
    message: 'strategy "{strategy}": {time} New York is outside the entry window {from}–{until}',
    hint: 'entries run only between entry.schedule.from and until (New York time)',
    fix: 'Without a schedule, entries run in the regular session from 09:45 to 16:00 New York (the first 15 minutes are skipped). Set `from` / `until` (HH:MM, New York) to change it.',
    exit: 1,
  },
  TW_ENTRY_SCHEDULE_FREQUENCY: {
    message: 'strategy "{strategy}": last entry {minutesAgo} minutes ago, everyMinutes is {everyMinutes}',
    hint: 'the next entry is allowed {minutesLeft} minutes from now',
    fix: '`entry.schedule.everyMinutes` is the minimum time between two entries of the same strategy.',
    exit: 1,
  },
  TW_ENTRY_BAD_SCHEDULE: {
    message: 'strategy "{strategy}": schedule time "{value}" is not HH:MM',
    hint: 'write times as 24-hour HH:MM in New York time, e.g. "09:45"',
    fix: 'Entry schedule times are 24-hour `HH:MM` strings in New York time.',
    exit: 2,
  },
  TW_ENTRY_ROLL_NO_EXPIRY: {
    message: 'roll of {underlying} {structure}: no expiry later than {current} (listed: {listed})',
    hint: 'the chain has no later expiry to roll out to; close the position instead',
    fix: 'A roll moves the legs to an expiry strictly later than the current one, nearest the target DTE. If the feed delivers no later expiry, the roll is rejected and the position should be closed.',
    exit: 1,
  },
  TW_ENTRY_ROLL_BAD_POSITION: {
    message: 'roll of {underlying} {structure}: {detail}',
    hint: 'the position\'s legs do not match its structure',
    fix: 'A roll needs the position\'s open legs (signed quantities) to match its structure. Check the position in the store.',
    exit: 1,
  },
});
