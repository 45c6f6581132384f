/**
 * The operator catalogue: json-rules-engine's built-ins plus tickwise's own. `fact` says what the fact must be for
 * the operator to make sense (`list`: a list fact such as `tags`); `value` what the right-hand side must be.
 * `builtIn`: json-rules-engine has the operator with this meaning (the reference evaluates it with its own code);
 * otherwise the reference registers tickwise's implementation.
 *
 * Adding an operator: one entry here and one implementation entry in engine/evaluate/operators.ts (a missing one is
 * a compile error there). Schemas, docs/facts.md, the compiler, the reference, explanations, the config checks, the
 * risk gate's limits and dry-run labels all iterate these two.
 */
export type OperatorFactKind = 'number' | 'any' | 'list';
export type OperatorValueKind = 'number' | 'any' | 'array' | 'number-pair';

export interface OperatorSpec {
  readonly name: string;
  readonly builtIn: boolean;
  readonly fact: OperatorFactKind;
  readonly value: OperatorValueKind;
  readonly description: string;
}

/**
 * json-rules-engine's number check, as the built-in numeric operators apply it: `Number.parseFloat(fact)` is a number.
 * Facts computed by the engine are typed (a number fact is a number or null), and config accepts these operators
 * only on number facts, so a numeric string never reaches them from config; the clause says what happens if one does.
 */
const NUMERIC = 'false when the fact is missing, null, a boolean, NaN or text that does not start with a number (json-rules-engine\'s check: a numeric string such as "2" is compared as a number; config only uses it on number facts, which are never text).';

const SPECS = [
  { name: 'equal', builtIn: true, fact: 'any', value: 'any', description: 'fact === value (strict equality).' },
  { name: 'notEqual', builtIn: true, fact: 'any', value: 'any', description: 'fact !== value.' },
  { name: 'lessThan', builtIn: true, fact: 'number', value: 'number', description: `fact < value; ${NUMERIC}` },
  { name: 'lessThanInclusive', builtIn: true, fact: 'number', value: 'number', description: `fact <= value; ${NUMERIC}` },
  { name: 'greaterThan', builtIn: true, fact: 'number', value: 'number', description: `fact > value; ${NUMERIC}` },
  { name: 'greaterThanInclusive', builtIn: true, fact: 'number', value: 'number', description: `fact >= value; ${NUMERIC}` },
  { name: 'in', builtIn: true, fact: 'any', value: 'array', description: 'the fact is one of the values in the list.' },
  { name: 'notIn', builtIn: true, fact: 'any', value: 'array', description: 'the fact is none of the values in the list.' },
  { name: 'contains', builtIn: true, fact: 'list', value: 'any', description: 'the fact (a list, e.g. `tags`) contains the value; false when the fact is not a list.' },
  { name: 'doesNotContain', builtIn: true, fact: 'list', value: 'any', description: 'the fact (a list, e.g. `tags`) does not contain the value; false when the fact is not a list.' },
  { name: 'between', builtIn: false, fact: 'number', value: 'number-pair', description: 'lo <= fact <= hi, with value [lo, hi]; false unless the fact is a number.' },
  { name: 'outside', builtIn: false, fact: 'number', value: 'number-pair', description: 'fact < lo or fact > hi, with value [lo, hi]; false unless the fact is a number.' },
  { name: 'absGreaterThanInclusive', builtIn: false, fact: 'number', value: 'number', description: '|fact| >= value; false unless both are numbers.' },
  { name: 'crossesAbove', builtIn: false, fact: 'number', value: 'number', description: 'the fact was below value on the previous tick and is at or above it now; false without a previous value.' },
  { name: 'crossesBelow', builtIn: false, fact: 'number', value: 'number', description: 'the fact was above value on the previous tick and is at or below it now; false without a previous value.' },
] as const satisfies readonly OperatorSpec[];

/** The name of a catalogued operator. */
export type OperatorName = (typeof SPECS)[number]['name'];

export const OPERATORS: readonly (OperatorSpec & { readonly name: OperatorName })[] = Object.freeze(SPECS);

export const OPERATORS_BY_NAME: ReadonlyMap<string, OperatorSpec & { readonly name: OperatorName }> = new Map(OPERATORS.map((o) => [o.name, o]));

export function isOperatorName(name: unknown): name is OperatorName {
  return typeof name === 'string' && OPERATORS_BY_NAME.has(name);
}
