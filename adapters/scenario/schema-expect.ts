/** `expect:` of a scenario (schemas/scenario.schema.json `$defs.expectation`): one check per list item. */
import { DECISION_OUTCOMES, ORDER_PURPOSES, ORDER_STATUSES, ORDER_STYLES, POSITION_OUTCOMES, SIDES, TRADING_STATES, actionNames } from './schema-enums.ts';

export function expectationDef(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    properties: {
      decision: {
        type: 'object',
        additionalProperties: false,
        required: ['rule'],
        properties: {
          tick: { $ref: '#/$defs/tickRef' },
          at: { $ref: '#/$defs/when' },
          position: { type: 'string' },
          rule: { type: 'string' },
          action: { enum: actionNames() },
          outcome: { enum: DECISION_OUTCOMES },
        },
      },
      state: {
        type: 'object',
        additionalProperties: false,
        required: ['position', 'state'],
        properties: {
          position: { type: 'string' },
          state: { type: 'string', minLength: 1 },
          tick: { $ref: '#/$defs/tickRef' },
          at: { $ref: '#/$defs/when' },
        },
      },
      never: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          position: { type: 'string' },
          rule: { type: 'string' },
          action: { enum: actionNames() },
        },
      },
      orders: {
        type: 'object',
        additionalProperties: false,
        properties: {
          count: { type: 'integer', minimum: 0 },
          side: { enum: SIDES },
          purpose: { enum: ORDER_PURPOSES },
          position: { type: 'string' },
          style: { enum: ORDER_STYLES },
          min: {
            type: 'integer',
            minimum: 0,
            description: 'At least this many matching orders (instead of an exact `count`).',
          },
          status: { enum: ORDER_STATUSES },
        },
        minProperties: 1,
        anyOf: [{ properties: { count: true }, required: ['count'] }, { properties: { min: true }, required: ['min'] }],
      },
      tradingState: {
        type: 'object',
        additionalProperties: false,
        required: ['state'],
        properties: {
          state: { enum: TRADING_STATES },
          tick: { $ref: '#/$defs/tickRef' },
          at: { $ref: '#/$defs/when' },
        },
      },
      positions: {
        type: 'object',
        additionalProperties: false,
        required: ['opened'],
        properties: { opened: { type: 'integer', minimum: 0 }, strategy: { type: 'string' } },
      },
      closed: {
        type: 'object',
        additionalProperties: false,
        required: ['position'],
        properties: {
          position: { type: 'string' },
          rule: { type: 'string', description: 'The rule whose decision closed it.' },
          outcome: {
            enum: POSITION_OUTCOMES,
            description: 'Default: closed by a filled order (closed-by-rule, manual or killed).',
          },
          pnl: { type: 'number', description: 'Realised P&L in dollars, after commissions (checked to the cent).' },
        },
      },
    },
  };
}
