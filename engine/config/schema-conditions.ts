import { FACTS, OPERATORS, UNITS } from '../catalogue/index.ts';
import { fractionLimit } from './check-conditions.ts';

/**
 * JSON Schema pieces shared by the rules and strategies schemas: condition trees, condition values and rule
 * parameters. The fact, operator and unit enums come from the catalogue (engine/catalogue), the one source of truth.
 * A node is an `anyOf` of closed objects (all / any / not / leaf), so an editor offers every valid key at each place;
 * schema-check.ts picks the branch a node means by its keys, so a mistake is still reported once, inside that branch.
 * Schemas marked with HINT only help editors (a percent written where a fraction goes): `validate` reports the same
 * slip itself (TW_CONFIG_PERCENT_SLIP, with the use-aware limit), so schema-check.ts ignores their errors.
 */
export const SCHEMA_BASE = 'https://tickwise.dev/schemas/';

export const NAME_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
export const PARAM_PATTERN = '^[a-z][A-Za-z0-9]*$';

/** The `$comment` that marks an editor-only hint schema (see schema-check.ts). */
export const HINT = 'editor hint: validate reports this as TW_CONFIG_PERCENT_SLIP';

/** The widest fraction limit (check-conditions.ts, the wide-fraction facts): a fraction parameter never exceeds it. */
const WIDE_FRACTION_LIMIT = 10;

/** A number no larger than `limit` in size, as an editor hint (numbers only; other types pass). */
export function fractionHint(limit: number, what: string): Record<string, unknown> {
  return { $comment: HINT, description: `${what}: a fraction, |value| <= ${limit} (0.5 = 50%).`, type: 'number', minimum: -limit, maximum: limit };
}

/** Hint for a condition value (a number, or a [low, high] list of numbers) compared with a fraction fact. */
function valueHint(limit: number): Record<string, unknown> {
  const n = fractionHint(limit, 'Compared with a fraction fact');
  return { $comment: HINT, anyOf: [n, { type: 'array', items: { anyOf: [n, { not: { type: 'number' } }] } }, { not: { anyOf: [{ type: 'number' }, { type: 'array' }] } }] };
}

/** `if fact is one of facts then value follows the hint`: leaves comparing a fraction fact with a percent get flagged. */
function leafHint(facts: string[], limit: number): Record<string, unknown> {
  return {
    $comment: HINT,
    if: { properties: { fact: { enum: facts } }, required: ['fact'] },
    then: { $comment: HINT, properties: { value: valueHint(limit) } },
  };
}

const node = (key: 'all' | 'any' | 'not', description: string, inner: Record<string, unknown>) => ({
  description,
  type: 'object',
  properties: { [key]: inner },
  required: [key],
  additionalProperties: false,
});

/** A derived fact of a facts.yaml, as the editor schemas know it (engine/config/editor-schemas.ts). */
export interface EditorFact {
  readonly name: string;
  readonly unit: string;
}

/**
 * The condition definitions. `derived` adds a config folder's derived facts to the fact enums, for the editor
 * schemas only: validation always uses the catalogue's (collect.ts accepts a facts.yaml name itself).
 */
export function conditionDefs(derived: readonly EditorFact[] = []): Record<string, unknown> {
  const factEnum = [...FACTS.map((f) => f.name), ...derived.map((d) => d.name)];
  const operatorEnum = OPERATORS.map((o) => o.name);
  // Fraction facts grouped by the largest plausible |value| (fractionLimit: 1, or more for pnlPct and the like).
  const byLimit = new Map<number, string[]>();
  for (const f of [...FACTS, ...derived]) if (f.unit === 'fraction') byLimit.set(fractionLimit(f.name), [...(byLimit.get(fractionLimit(f.name)) ?? []), f.name]);
  const list = (what: string) => ({ description: what, type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } });
  return {
    condition: {
      description: 'A condition tree: exactly one of `all`, `any`, `not`, or a leaf `{ fact, operator, value }`.',
      anyOf: [{ $ref: '#/$defs/allNode' }, { $ref: '#/$defs/anyNode' }, { $ref: '#/$defs/notNode' }, { $ref: '#/$defs/leaf' }],
    },
    allNode: node('all', 'Matches when every condition in the list matches.', list('Conditions that must all match.')),
    anyNode: node('any', 'Matches when at least one condition in the list matches.', list('Conditions of which at least one must match.')),
    notNode: node('not', 'Matches when the one condition inside does not match.', { description: 'The single condition to negate (not a list).', $ref: '#/$defs/condition' }),
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
      allOf: [...byLimit].sort(([a], [b]) => a - b).map(([limit, facts]) => leafHint(facts, limit)),
    },
    value: {
      description: 'A literal (number, text, true/false, null), a reference `{ fact: name }` or `{ param: name }`, or a list of these.',
      anyOf: [
        { description: 'A number.', type: 'number' },
        { description: 'Text.', type: 'string' },
        { description: 'true or false.', type: 'boolean' },
        { description: 'null.', type: 'null' },
        { $ref: '#/$defs/valueRef' },
        { description: 'A list of values (a [low, high] pair for between/outside).', type: 'array', items: { $ref: '#/$defs/value' } },
      ],
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
      anyOf: [{ description: 'A number.', type: 'number' }, { description: 'Text.', type: 'string' }, { description: 'true or false.', type: 'boolean' }],
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
      // A fraction parameter's limit depends on the facts it meets (validate knows them); the widest is a safe hint.
      if: { properties: { unit: { const: 'fraction' } }, required: ['unit'] },
      then: { $comment: HINT, properties: { default: { $comment: HINT, anyOf: [fractionHint(WIDE_FRACTION_LIMIT, 'A fraction parameter'), { not: { type: 'number' } }] } } },
    },
  };
}
