/**
 * The source of schemas/scenario.schema.json (written by `npx tsx scripts/gen-schemas.ts`, drift-tested by
 * test/config/generated.test.ts): the editor schema of dry-run scenarios and the one `checkScenarioSchema` compiles.
 * Enums come from the engine (schema-enums.ts); edit this file and its two neighbours, never the JSON.
 */
import { FILL_TIMINGS, REPLAY_SOURCES, TRADING_STATES } from './schema-enums.ts';
import { scenarioDefs } from './schema-defs.ts';

export function scenarioSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tickwise.dev/schemas/scenario.schema.json',
    title: 'tickwise dry-run scenario',
    description: 'A known market situation and what the rules must (or must not) do in it. See docs/dry-run.md.',
    type: 'object',
    additionalProperties: false,
    required: ['description'],
    properties: {
      description: { type: 'string', minLength: 1 },
      config: { type: 'string', minLength: 1, description: 'Config folder, relative to this file (default: --config).' },
      start: { $ref: '#/$defs/time', description: 'Time of the first tick, New York wall time: YYYY-MM-DD HH:MM.' },
      every: { $ref: '#/$defs/step', description: 'Time between ticks that give no `at` (default 30m).' },
      account: {
        type: 'object',
        additionalProperties: false,
        properties: { equity: { type: 'number', exclusiveMinimum: 0 }, tradingState: { enum: TRADING_STATES } },
      },
      entries: {
        type: 'boolean',
        description: 'Let the strategies open new positions through their entry conditions (default: true when no positions are declared, false otherwise).',
      },
      spread: { type: 'number', minimum: 0, description: 'Bid/ask width in dollars per share for priced quotes (default 0.10).' },
      rate: {
        type: 'number',
        minimum: -0.1,
        maximum: 1,
        description: 'Risk-free rate for pricing (default: settings.riskFreeRate).',
      },
      fill: {
        type: 'object',
        additionalProperties: false,
        description: "The paper broker's fill model for this run (docs/replay.md, \"Fill model\"); `tickwise dry-run --fill` overrides `price`.",
        properties: {
          price: {
            type: 'string',
            pattern: '^(mid|natural|mid\\+(0|0\\.[0-4][0-9]*|0\\.50*))$',
            description: '`mid` (default), `natural`, or `mid+F`: the mid plus F × the spread toward the paying side (0 ≤ F ≤ 0.5; `mid+0.5` = natural).',
          },
          timing: {
            enum: FILL_TIMINGS,
            description: '`snapshot` (default): an order fills at the tick it was decided on, and a day order lives through the next tick; `next-tick`: from the next tick on, day orders expire at 16:00.',
          },
          commissionPerContract: { type: 'number', minimum: 0, description: 'Dollars per contract per leg (default 0.65).' },
        },
      },
      chain: {
        type: 'object',
        propertyNames: { pattern: '^[A-Z][A-Z0-9.]*$' },
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['expiries', 'strikes'],
          properties: {
            expiries: { type: 'array', minItems: 1, items: { $ref: '#/$defs/date' } },
            strikes: {
              type: 'object',
              additionalProperties: false,
              required: ['from', 'to', 'step'],
              properties: {
                from: { type: 'number', exclusiveMinimum: 0 },
                to: { type: 'number', exclusiveMinimum: 0 },
                step: { type: 'number', exclusiveMinimum: 0 },
              },
            },
          },
        },
      },
      positions: { type: 'array', items: { $ref: '#/$defs/position' } },
      ticks: { type: 'array', minItems: 1, items: { $ref: '#/$defs/tick' } },
      replay: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: {
          path: { type: 'string', minLength: 1 },
          source: { enum: REPLAY_SOURCES },
          columns: {
            type: 'string',
            minLength: 1,
            description: 'column mapping file (schemas/replay-columns.schema.json) for a layout other than cboe/optionsdx; relative to the scenario',
          },
          vix: { type: 'string', minLength: 1 },
          underlying: { type: 'string', pattern: '^[A-Z][A-Z0-9.]*$' },
          from: { $ref: '#/$defs/date' },
          to: { $ref: '#/$defs/date' },
          rate: { type: 'number' },
        },
      },
      expect: { type: 'array', items: { $ref: '#/$defs/expectation' } },
    },
    $defs: scenarioDefs(),
  };
}
