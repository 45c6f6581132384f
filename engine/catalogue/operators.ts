/**
 * The operator catalogue: json-rules-engine's built-ins plus tickwise's own. `value` says what the right-hand side
 * must be; `fact` what the fact must be for the operator to make sense.
 */
export interface OperatorSpec {
  name: string;
  builtIn: boolean;
  fact: 'number' | 'any' | 'array';
  value: 'number' | 'any' | 'array' | 'number-pair';
  description: string;
}

export const OPERATORS: readonly OperatorSpec[] = Object.freeze([
  { name: 'equal', builtIn: true, fact: 'any', value: 'any', description: 'fact === value (strict equality).' },
  { name: 'notEqual', builtIn: true, fact: 'any', value: 'any', description: 'fact !== value.' },
  { name: 'lessThan', builtIn: true, fact: 'number', value: 'number', description: 'fact < value; false when the fact is not a number.' },
  { name: 'lessThanInclusive', builtIn: true, fact: 'number', value: 'number', description: 'fact <= value; false when the fact is not a number.' },
  { name: 'greaterThan', builtIn: true, fact: 'number', value: 'number', description: 'fact > value; false when the fact is not a number.' },
  { name: 'greaterThanInclusive', builtIn: true, fact: 'number', value: 'number', description: 'fact >= value; false when the fact is not a number.' },
  { name: 'in', builtIn: true, fact: 'any', value: 'array', description: 'the fact is one of the values in the list.' },
  { name: 'notIn', builtIn: true, fact: 'any', value: 'array', description: 'the fact is none of the values in the list.' },
  { name: 'contains', builtIn: true, fact: 'array', value: 'any', description: 'the fact (a list) contains the value.' },
  { name: 'doesNotContain', builtIn: true, fact: 'array', value: 'any', description: 'the fact (a list) does not contain the value.' },
  { name: 'between', builtIn: false, fact: 'number', value: 'number-pair', description: 'lo <= fact <= hi, with value [lo, hi].' },
  { name: 'outside', builtIn: false, fact: 'number', value: 'number-pair', description: 'fact < lo or fact > hi, with value [lo, hi].' },
  { name: 'absGreaterThanInclusive', builtIn: false, fact: 'number', value: 'number', description: '|fact| >= value.' },
  { name: 'crossesAbove', builtIn: false, fact: 'number', value: 'number', description: 'the fact was below value on the previous tick and is at or above it now.' },
  { name: 'crossesBelow', builtIn: false, fact: 'number', value: 'number', description: 'the fact was above value on the previous tick and is at or below it now.' },
]);

export const OPERATORS_BY_NAME: ReadonlyMap<string, OperatorSpec> = new Map(OPERATORS.map((o) => [o.name, o]));
