import { UNITS } from '../catalogue/index.ts';
import { PARAM_PATTERN, SCHEMA_BASE } from './schema-conditions.ts';

/** The optional config file of derived facts, beside strategies.yaml and rules/. */
export const FACTS_FILE = 'facts.yaml';

/** The JSON Schema (2020-12) of facts.yaml. Written to schemas/facts.schema.json by scripts/gen-schemas.ts. */
export function factsSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE}facts.schema.json`,
    title: 'tickwise derived facts file',
    description: 'facts.yaml: facts a trader defines as expressions over catalogue facts; rules use them in `when` like any fact (docs/configuration.md § facts.yaml).',
    type: 'object',
    properties: {
      facts: { description: 'The derived facts, computed every tick in dependency order.', type: 'array', items: { $ref: '#/$defs/fact' } },
    },
    required: ['facts'],
    additionalProperties: false,
    $defs: {
      fact: {
        description: 'One derived fact: a name, an expression, its unit and what it means.',
        type: 'object',
        properties: {
          name: { description: 'camelCase name, used in rules\' `when` like a catalogue fact; it may not be a catalogue fact\'s name.', type: 'string', pattern: PARAM_PATTERN },
          expr: { description: 'The expression: numbers, fact names, + - * /, comparisons, && || !, and min, max, abs, round, if, coalesce. Example: pnl / credit.', type: 'string', minLength: 1 },
          unit: { description: 'The unit of the result (docs/facts.md, "Units"); it must agree with the unit the expression computes (ratio and fraction agree).', type: 'string', enum: Object.keys(UNITS) },
          description: { description: 'What the fact means, in one sentence (shown in docs, traces and the API).', type: 'string', minLength: 1 },
          scope: { description: 'Optional: `position` or `portfolio`. Inferred: position when the expression reads a position fact, else portfolio.', enum: ['position', 'portfolio'] },
          onZero: { description: 'Write `onZero: null` to declare that a division by zero makes the fact null (unknown, so a condition on it is not matched). Required for a division by a fact that can be 0, unless the division is guarded by if() or coalesce().', type: 'null' },
        },
        required: ['name', 'expr', 'unit', 'description'],
        additionalProperties: false,
      },
    },
  };
}
