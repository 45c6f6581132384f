import { FACTS, OPERATORS, UNITS } from '../catalogue/index.ts';

/**
 * JSON Schema pieces shared by the rules and strategies schemas: condition trees, condition values and rule
 * parameters. The fact, operator and unit enums come from the catalogue (engine/catalogue), the one source of truth.
 * Branches are chosen with if/then/else on the key present, so a mistake is reported once, inside the branch meant.
 */
export const SCHEMA_BASE = 'https://tickwise.dev/schemas/';

export const NAME_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
export const PARAM_PATTERN = '^[a-z][A-Za-z0-9]*$';

export function conditionDefs(): Record<string, unknown> {
  const factEnum = FACTS.map((f) => f.name);
  const operatorEnum = OPERATORS.map((o) => o.name);
  return {
    condition: {
      description: 'A condition tree: exactly one of `all`, `any`, `not`, or a leaf `{ fact, operator, value }`.',
      type: 'object',
      if: { required: ['all'] },
      then: { $ref: '#/$defs/allNode' },
      else: {
        if: { required: ['any'] },
        then: { $ref: '#/$defs/anyNode' },
        else: {
          if: { required: ['not'] },
          then: { $ref: '#/$defs/notNode' },
          else: { $ref: '#/$defs/leaf' },
        },
      },
    },
    allNode: {
      description: 'Matches when every condition in the list matches.',
      type: 'object',
      properties: { all: { description: 'Conditions that must all match.', type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } } },
      required: ['all'],
      additionalProperties: false,
    },
    anyNode: {
      description: 'Matches when at least one condition in the list matches.',
      type: 'object',
      properties: { any: { description: 'Conditions of which at least one must match.', type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } } },
      required: ['any'],
      additionalProperties: false,
    },
    notNode: {
      description: 'Matches when the one condition inside does not match.',
      type: 'object',
      properties: { not: { description: 'The single condition to negate (not a list).', $ref: '#/$defs/condition' } },
      required: ['not'],
      additionalProperties: false,
    },
    leaf: {
      description: 'Compares a fact with a value using an operator.',
      type: 'object',
      properties: {
        fact: { description: 'A fact name from the catalogue (docs/facts.md).', type: 'string', enum: factEnum },
        operator: { description: 'An operator name from the catalogue (docs/facts.md, "Operators").', type: 'string', enum: operatorEnum },
        value: { description: 'What the fact is compared with: a literal, `{ fact: name }`, `{ param: name }`, or a list of these (a [low, high] pair for between/outside).', $ref: '#/$defs/value' },
      },
      required: ['fact', 'operator', 'value'],
      additionalProperties: false,
    },
    value: {
      description: 'A literal (number, text, true/false, null), a reference `{ fact: name }` or `{ param: name }`, or a list of these.',
      type: ['number', 'string', 'boolean', 'null', 'object', 'array'],
      if: { type: 'object' },
      then: { $ref: '#/$defs/valueRef' },
      items: { $ref: '#/$defs/value' },
    },
    valueRef: {
      description: 'A reference to another fact or to a rule parameter.',
      type: 'object',
      properties: {
        fact: { description: 'Compare with this fact\'s current value.', type: 'string', enum: factEnum },
        param: { description: 'Compare with this rule parameter (its default, or the strategy\'s override).', type: 'string', pattern: PARAM_PATTERN },
      },
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
    },
    paramRef: {
      description: 'A reference to a rule parameter.',
      type: 'object',
      properties: { param: { description: 'The parameter name.', type: 'string', pattern: PARAM_PATTERN } },
      required: ['param'],
      additionalProperties: false,
    },
    paramValue: {
      description: 'A parameter value: a number, text or true/false.',
      type: ['number', 'string', 'boolean'],
    },
    ruleParam: {
      description: 'A rule parameter: a named threshold with a default that strategies may override.',
      type: 'object',
      properties: {
        default: { description: 'The value used unless a strategy (or settings, for portfolio rules) overrides it.', $ref: '#/$defs/paramValue' },
        unit: { description: 'The unit of the value (see docs/facts.md, "Units"). Fractions are written 0.5 for 50%.', type: 'string', enum: Object.keys(UNITS) },
        description: { description: 'What the parameter means, in one sentence.', type: 'string', minLength: 1 },
        min: { description: 'Smallest allowed value (defaults and overrides are checked against it).', type: 'number' },
        max: { description: 'Largest allowed value (defaults and overrides are checked against it).', type: 'number' },
      },
      required: ['default', 'unit', 'description'],
      additionalProperties: false,
    },
  };
}
