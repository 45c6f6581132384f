/** The `$defs` of schemas/scenario.schema.json: times, legs, positions, quotes, ticks, controls, expectations. */
import { RIGHTS, SIDES, TRADING_STATES } from './schema-enums.ts';
import { expectationDef } from './schema-expect.ts';

/** The symbol pattern of underlyings and roots. */
const SYMBOL = '^[A-Z][A-Z0-9.]*$';

/** The keys naming one option contract, shared by a position's legs and a tick's quotes (in this order). */
function contractKeys(): Record<string, unknown> {
  return {
    underlying: { type: 'string', pattern: SYMBOL },
    root: { type: 'string', pattern: SYMBOL },
    expiry: { $ref: '#/$defs/date' },
    right: { enum: RIGHTS },
    strike: { type: 'number', exclusiveMinimum: 0 },
  };
}

export function scenarioDefs(): Record<string, unknown> {
  return {
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    time: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2})?$' },
    step: { type: 'string', pattern: '^\\d+(m|h|d)$' },
    when: { type: 'string', pattern: '^(\\d{4}-\\d{2}-\\d{2}([ T]\\d{2}:\\d{2})?|[+-]\\d+(m|h|d))$' },
    symbolMap: {
      type: 'object',
      propertyNames: { pattern: SYMBOL },
      additionalProperties: { type: 'number', exclusiveMinimum: 0 },
    },
    leg: {
      type: 'object',
      additionalProperties: false,
      required: ['expiry', 'right', 'strike', 'quantity', 'entryPrice'],
      properties: {
        ...contractKeys(),
        side: { enum: SIDES },
        quantity: { type: 'integer', not: { const: 0 } },
        entryPrice: { type: 'number', minimum: 0 },
      },
    },
    position: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'strategy', 'legs'],
      properties: {
        id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
        strategy: { type: 'string', minLength: 1 },
        openedAt: { $ref: '#/$defs/when' },
        legs: { type: 'array', minItems: 1, items: { $ref: '#/$defs/leg' } },
        state: { enum: ['managed'] },
        hold: { type: 'boolean' },
        peakPnlPct: { type: 'number' },
        ivAtEntry: { type: 'number', exclusiveMinimum: 0 },
      },
    },
    ivSpec: {
      oneOf: [
        { type: 'number', exclusiveMinimum: 0 },
        {
          type: 'object',
          propertyNames: { pattern: '^(\\d{4}-\\d{2}-\\d{2}|default)$' },
          additionalProperties: {
            oneOf: [
              { type: 'number', exclusiveMinimum: 0 },
              {
                type: 'object',
                propertyNames: { pattern: '^(\\d+(\\.\\d+)?|default)$' },
                additionalProperties: { type: 'number', exclusiveMinimum: 0 },
              },
            ],
          },
        },
      ],
    },
    quote: {
      type: 'object',
      additionalProperties: false,
      required: ['expiry', 'right', 'strike', 'bid', 'ask'],
      properties: {
        ...contractKeys(),
        bid: { type: 'number', minimum: 0 },
        ask: { type: 'number', minimum: 0 },
        iv: { type: 'number', exclusiveMinimum: 0 },
        delta: { type: 'number', minimum: -1, maximum: 1 },
        gamma: { type: 'number', minimum: 0 },
      },
    },
    control: {
      type: 'object',
      additionalProperties: false,
      properties: {
        kill: {
          type: 'object',
          additionalProperties: false,
          properties: { flatten: { type: 'boolean' }, reason: { type: 'string' } },
        },
        tradingState: { enum: TRADING_STATES },
        hold: { type: 'string' },
        release: { type: 'string' },
        close: { type: 'string' },
        roll: { type: 'string' },
      },
    },
    tick: {
      type: 'object',
      additionalProperties: false,
      properties: {
        at: { $ref: '#/$defs/when' },
        prices: { $ref: '#/$defs/symbolMap' },
        vix: {
          oneOf: [
            { type: 'number', exclusiveMinimum: 0 },
            {
              type: 'object',
              additionalProperties: false,
              required: ['level'],
              properties: { level: { type: 'number', exclusiveMinimum: 0 }, prevClose: { type: 'number', exclusiveMinimum: 0 } },
            },
          ],
        },
        iv: {
          oneOf: [
            { $ref: '#/$defs/ivSpec' },
            {
              type: 'object',
              propertyNames: { pattern: SYMBOL },
              additionalProperties: { $ref: '#/$defs/ivSpec' },
            },
          ],
        },
        quotes: { type: 'array', items: { $ref: '#/$defs/quote' } },
        control: { $ref: '#/$defs/control' },
        repeat: { type: 'integer', minimum: 1, maximum: 10000 },
        note: { type: 'string' },
      },
    },
    tickRef: { type: 'integer', minimum: 1 },
    expectation: expectationDef(),
  };
}
