import { STRUCTURE_NAMES, structuresWhere } from '../catalogue/index.ts';
import { conditionDefs, type EditorFact, fractionHint, HINT, NAME_PATTERN, PARAM_PATTERN, SCHEMA_BASE } from './schema-conditions.ts';

const list = (names: readonly string[]) => names.join(', ');
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

const dteWindow = (what: string) => ({
  description: `${what}: the DTE window to pick an expiry from (unit: days).`,
  type: 'object',
  properties: {
    min: { description: 'Shortest acceptable DTE (unit: days).', type: 'integer', minimum: 0 },
    max: { description: 'Longest acceptable DTE (unit: days).', type: 'integer', minimum: 0 },
    target: { description: 'Preferred DTE: the expiry nearest it within [min, max] is used (unit: days).', type: 'integer', minimum: 0 },
  },
  required: ['min', 'max', 'target'],
  additionalProperties: false,
});

/** The JSON Schema (2020-12) of strategies.yaml. Written to schemas/strategies.schema.json by scripts/gen-schemas.ts. */
export function strategiesSchema(derived: readonly EditorFact[] = []): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE}strategies.schema.json`,
    title: 'tickwise strategies file',
    description: 'strategies.yaml: book-wide settings and the strategies tickwise opens and manages.',
    type: 'object',
    properties: {
      settings: { description: 'Book-wide settings: starting equity, risk-free rate, portfolio rule parameters, reload safety, the DEGRADED thresholds.', $ref: '#/$defs/settings' },
      strategies: { description: 'The strategies.', type: 'array', items: { $ref: '#/$defs/strategy' } },
    },
    required: ['strategies'],
    additionalProperties: false,
    $defs: {
      settings: {
        description: 'Book-wide settings.',
        type: 'object',
        properties: {
          params: { description: 'Overrides of portfolio-scope rule parameters, by parameter name.', type: 'object', propertyNames: { pattern: PARAM_PATTERN }, additionalProperties: { $ref: '#/$defs/paramValue' } },
          startingEquity: { description: 'Equity the paper account starts with (unit: currency).', type: 'number', exclusiveMinimum: 0, default: 100000 },
          riskFreeRate: { description: 'Annual risk-free rate for pricing and greeks (unit: fraction, 0.04 = 4%).', type: 'number', minimum: -0.05, maximum: 0.25, default: 0.04 },
          reload: {
            description: 'Hot-reload safety.',
            type: 'object',
            properties: {
              maxClosesWithoutForce: { description: 'A reload that would immediately close more positions than this needs --force (unit: count). Omitted: no limit.', type: 'integer', minimum: 0 },
            },
            additionalProperties: false,
          },
          degraded: {
            description: 'When the engine enters the DEGRADED trading state by itself (bad market data: no new entries, exits only on good marks) and when it leaves it (docs/operations.md).',
            type: 'object',
            properties: {
              staleShare: { description: 'DEGRADED when the share of held legs with a stale or bad mark is above this (unit: fraction, 0.2 = 20%).', type: 'number', minimum: 0, maximum: 1, default: 0.2 },
              maxMarkAgeSec: { description: "A leg's mark is stale when its last good quote is older than this (unit: seconds).", type: 'number', exclusiveMinimum: 0, default: 300 },
              silentFeedSec: { description: 'DEGRADED when no market data has arrived for this long within the regular session: as the feed reports it (IB), else since the last tick carrying any price or quote; tick clock (unit: seconds).', type: 'number', exclusiveMinimum: 0, default: 600 },
              recoverTicks: { description: 'Leave DEGRADED only after this many consecutive ticks with every condition clear (hysteresis; unit: count).', type: 'integer', minimum: 1, default: 3 },
            },
            additionalProperties: false,
          },
        },
        additionalProperties: false,
      },
      strategy: {
        description: 'One strategy: what to open, when, how big, how to execute, and which rules manage it.',
        type: 'object',
        properties: {
          name: { description: 'Unique kebab-case name.', type: 'string', pattern: NAME_PATTERN },
          description: { description: 'One sentence on what the strategy is for.', type: 'string' },
          tags: { description: 'Labels rules can target with appliesTo (e.g. short-vol, credit, debit).', type: 'array', items: { description: 'A kebab-case tag.', type: 'string', pattern: NAME_PATTERN }, default: [] },
          enabled: { description: 'false: open no new positions (existing ones are still managed).', type: 'boolean', default: true },
          underlying: { description: 'Underlying symbol, e.g. SPY.', type: 'string', pattern: '^[A-Z][A-Z0-9.]{0,9}$' },
          structure: { description: 'The option structure to open (docs/structures.md).', enum: [...STRUCTURE_NAMES] },
          allowUndefinedRisk: { description: `Must be true for structures with a naked short option (${list(structuresWhere((t) => t.risk === 'undefined'))}).`, type: 'boolean', default: false },
          legs: {
            description: 'How strikes and expiries are chosen.',
            type: 'object',
            properties: {
              targetDelta: { description: '|delta| of the short strikes (credit) or the long strike (debit) (unit: delta, e.g. 0.16).', type: 'number', exclusiveMinimum: 0, allOf: [{ $comment: HINT, description: 'A delta is below 1 (0.16, not 16).', type: 'number', exclusiveMaximum: 1 }] },
              wingWidth: { description: `Distance between a wing's strike and its anchor's (unit: points). Required for ${list(structuresWhere((t) => t.needsWing))}; refused for the others.`, type: 'number', exclusiveMinimum: 0 },
              dte: dteWindow('Front expiry'),
              backDte: dteWindow(`Back month (required for ${list(structuresWhere((t) => t.needsBackDte))}; refused for the others)`),
            },
            required: ['targetDelta', 'dte'],
            additionalProperties: false,
          },
          entry: {
            description: 'When to open positions.',
            type: 'object',
            properties: {
              when: { description: 'Entry conditions over portfolio and entry facts. Omitted: always.', $ref: '#/$defs/condition' },
              schedule: {
                description: 'When entries are considered (exchange time, regular session only).',
                type: 'object',
                properties: {
                  days: { description: 'Weekdays entries may happen on. Omitted: every weekday.', type: 'array', minItems: 1, uniqueItems: true, items: { description: 'A weekday.', enum: WEEKDAYS } },
                  from: { description: 'Earliest entry time, HH:MM exchange time.', type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: '09:30' },
                  until: { description: 'Latest entry time, HH:MM exchange time.', type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', default: '16:00' },
                  everyMinutes: { description: 'Minimum spacing between two entries of this strategy (unit: minutes).', type: 'integer', minimum: 1 },
                },
                additionalProperties: false,
              },
              maxOpen: { description: 'Most open positions this strategy may hold at once (unit: count).', type: 'integer', minimum: 0 },
            },
            required: ['maxOpen'],
            additionalProperties: false,
          },
          sizing: {
            description: 'How many contracts to open: fixed, or from a maximum risk per trade (the smaller wins when both are set).',
            type: 'object',
            properties: {
              contracts: { description: 'Fixed contracts per leg (unit: contracts).', type: 'integer', minimum: 1 },
              maxRiskFraction: { description: 'Largest max loss per trade as a fraction of equity (unit: fraction, 0.02 = 2%).', type: 'number', exclusiveMinimum: 0, allOf: [fractionHint(1, 'maxRiskFraction')] },
              maxContracts: { description: 'Cap on contracts per leg when sizing by risk (unit: contracts).', type: 'integer', minimum: 1 },
            },
            additionalProperties: false,
          },
          manage: {
            description: 'Which rules manage the strategy\'s positions and with which parameters.',
            type: 'object',
            properties: {
              rules: { description: 'Position rules that manage this strategy. Omitted: every rule whose appliesTo matches.', type: 'array', items: { description: 'A rule name.', type: 'string', minLength: 1 } },
              params: { description: 'Overrides of rule parameter defaults, by parameter name.', type: 'object', propertyNames: { pattern: PARAM_PATTERN }, additionalProperties: { $ref: '#/$defs/paramValue' } },
              ladder: {
                description: 'Take-profit ladder: reduce `fraction` of the original contracts at each `pnlPct` level.',
                type: 'array',
                minItems: 1,
                items: {
                  description: 'One ladder step.',
                  type: 'object',
                  properties: {
                    pnlPct: { description: 'P&L level of this step (unit: fraction of max profit or of the debit; 1 = +100%).', type: 'number', exclusiveMinimum: 0, allOf: [fractionHint(10, 'pnlPct')] },
                    fraction: { description: 'Fraction of the original contracts to close at this step (unit: fraction).', type: 'number', exclusiveMinimum: 0, allOf: [fractionHint(1, 'fraction')] },
                  },
                  required: ['pnlPct', 'fraction'],
                  additionalProperties: false,
                },
              },
              pinConfigVersion: { description: 'Keep open positions on the config version they were opened under across reloads.', type: 'boolean', default: false },
            },
            additionalProperties: false,
          },
          marks: {
            description: "What to do when a leg's mark is stale: its contract vanished from the chain, or its quote is NaN, crossed or zero/zero for longer than maxAgeSec (docs/configuration.md § marks).",
            type: 'object',
            properties: {
              maxAgeSec: { description: 'A leg whose last good quote is older than this is stale (unit: seconds of tick time).', type: 'number', exclusiveMinimum: 0, default: 300 },
              onStale: { description: 'hold: price-based rules (P&L, Greeks…) do not act on a stale mark and the trace says so; model: the leg is priced by Black–Scholes at the chain\'s implied volatility interpolated at its strike and expiry.', enum: ['hold', 'model'], default: 'hold' },
            },
            additionalProperties: false,
          },
          execution: {
            description: 'How orders are worked.',
            type: 'object',
            properties: {
              startPrice: { description: 'First limit price: the mid, or the natural (the side of the book that fills at once).', enum: ['mid', 'natural'] },
              repriceStep: { description: 'How far each reprice moves toward the natural price (unit: dollars per share).', type: 'number', exclusiveMinimum: 0 },
              repriceIntervalSeconds: { description: 'Time between reprices (unit: seconds).', type: 'number', exclusiveMinimum: 0 },
              maxReprices: { description: 'Reprices before the timeout action (unit: count).', type: 'integer', minimum: 0 },
              onTimeout: { description: 'After the last reprice: cancel the order, or send it marketable.', enum: ['cancel', 'marketable'] },
              exitDeadlineBeforeCloseMin: {
                description: 'Exits (close, reduce, roll-close) reach marketable this long before the regular session close (16:00 New York, 13:00 on half days): a later schedule is compressed; 0 turns this off (unit: minutes).',
                type: 'number', minimum: 0, maximum: 390, default: 5,
              },
              maxSlippage: {
                description: 'Worst price a marketable order may pay beyond mid: a number (unit: dollars per share per combo unit) or `{ ofSpread: f }` (unit: fraction of the combo\'s bid-ask spread; 0.5 = natural). Defined-risk orders are also never priced beyond the structure\'s maximum value (the width). Default: `{ ofSpread: 1 }` (natural plus half the spread).',
                oneOf: [
                  { description: 'Absolute slippage beyond mid (unit: dollars per share per combo unit).', type: 'number', exclusiveMinimum: 0 },
                  {
                    description: 'Slippage beyond mid as a fraction of the combo\'s bid-ask spread.', type: 'object',
                    properties: { ofSpread: { description: 'Fraction of the combo\'s bid-ask spread (unit: fraction; 0.5 = the natural price).', type: 'number', exclusiveMinimum: 0 } },
                    required: ['ofSpread'], additionalProperties: false,
                  },
                ],
              },
            },
            required: ['startPrice', 'repriceStep', 'repriceIntervalSeconds', 'maxReprices', 'onTimeout'],
            additionalProperties: false,
          },
        },
        required: ['name', 'underlying', 'structure', 'legs', 'entry', 'sizing', 'manage', 'execution'],
        additionalProperties: false,
      },
      ...conditionDefs(derived),
    },
  };
}
