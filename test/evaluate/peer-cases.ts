// Peer cases: conditions and facts modelled on json-rules-engine's own test suite (test/condition.test.js,
// engine-all / engine-any / engine-not, engine-fact-comparison, engine-operator, engine-run, engine-nested-conditions,
// engine-rule-priority, …), written here from the documented semantics. Every `expect` is worked out by hand from
// docs/facts.md § Operators and docs/evaluation.md § Operators, never by running json-rules-engine.
import type { ConditionNode, ConditionTree } from '../../engine/config/types.ts';

export interface PeerCase {
  readonly name: string;
  /** The json-rules-engine test file the case is modelled on. */
  readonly from: string;
  readonly when: ConditionTree;
  /** Facts (as position facts; the test also runs them as portfolio facts). A list or an object is allowed. */
  readonly facts: Readonly<Record<string, unknown>>;
  /** The previous tick's facts, for crossings. */
  readonly prev?: Readonly<Record<string, unknown>>;
  readonly expect: boolean;
  /**
   * The documented exception: json-rules-engine's default engine (`allowUndefinedFacts: false`) throws "Undefined
   * fact" here; tickwise runs with `allowUndefinedFacts: true`, so a missing fact is `undefined` and `expect` holds.
   */
  readonly undefinedFact?: true;
}

export interface PeerRefusal {
  readonly name: string;
  readonly from: string;
  /** A tree json-rules-engine accepts (and acts on) but tickwise does not evaluate: both paths must refuse it. */
  readonly when: unknown;
  readonly code: string;
}

const leaf = (fact: string, operator: string, value: unknown): ConditionNode => ({ fact, operator, value } as ConditionNode);
const one = (fact: string, operator: string, value: unknown): ConditionTree => ({ all: [leaf(fact, operator, value)] });

type Row = [name: string, fact: unknown, expect: boolean];
/** One operator and value against several fact values: `age <operator> value` with `age` = each row's fact. */
function table(from: string, operator: string, value: unknown, rows: readonly Row[]): PeerCase[] {
  return rows.map(([name, fact, expect]) => ({ name: `${operator} ${JSON.stringify(value)}: ${name}`, from, when: one('age', operator, value), ...(fact === undefined ? { facts: {}, undefinedFact: true as const } : { facts: { age: fact } }), expect }));
}

const C = 'condition.test.js';
export const OPERATOR_CASES: readonly PeerCase[] = [
  ...table(C, 'equal', 50, [['the same number', 50, true], ['another number', 49, false], ['the number as text (strict)', '50', false], ['null', null, false], ['true', true, false]]),
  ...table(C, 'equal', null, [['null', null, true], ['0', 0, false], ['a missing fact is undefined, not null', undefined, false]]),
  ...table(C, 'equal', 'gold', [['the same text', 'gold', true], ['other case', 'Gold', false]]),
  ...table(C, 'equal', true, [['true', true, true], ['1 (strict)', 1, false]]),
  ...table(C, 'equal', 0, [['-0 equals 0', -0, true], ['NaN', Number.NaN, false]]),
  ...table(C, 'notEqual', 50, [['another number', 49, true], ['the same number', 50, false], ['the number as text', '50', true], ['a missing fact', undefined, true]]),
  ...table(C, 'in', [5, 10, 15, 20], [['a member', 15, true], ['not a member', 99, false], ['a member as text (strict)', '15', false], ['a missing fact', undefined, false]]),
  ...table(C, 'in', [null, 'x'], [['null is a member', null, true]]),
  ...table(C, 'in', [], [['nothing is in an empty list', 1, false]]),
  ...table(C, 'notIn', [5, 10, 15, 20], [['a member', 15, false], ['not a member', 99, true], ['a missing fact', undefined, true]]),
  ...table(C, 'contains', 10, [['a list holding it', [5, 10, 15], true], ['a list without it', [1, 2, 3], false], ['null (not a list)', null, false], ['text is not a list', '10', false], ['an empty list', [], false]]),
  ...table(C, 'contains', 'credit', [['tags holding it', ['short-vol', 'credit'], true], ['tags without it', ['debit'], false]]),
  ...table(C, 'doesNotContain', 10, [['a list holding it', [5, 10, 15], false], ['a list without it', [1, 2, 3], true], ['null (not a list)', null, false], ['a missing fact (not a list)', undefined, false]]),
  ...table(C, 'lessThan', 50, [['below', 49, true], ['equal', 50, false], ['above', 51, false], ['null', null, false], ['text', 'non-number', false], ['an empty list', [], false], ['an object', {}, false]]),
  ...table(C, 'lessThanInclusive', 50, [['below', 49, true], ['equal', 50, true], ['above', 51, false], ['null', null, false]]),
  ...table(C, 'greaterThan', 50, [['above', 51, true], ['below', 49, false], ['equal', 50, false], ['null', null, false], ['true (a boolean is not a number)', true, false]]),
  ...table(C, 'greaterThanInclusive', 50, [['above', 51, true], ['equal', 50, true], ['below', 49, false], ['null', null, false]]),
];

const N = 'engine-operator.test.js';
/** json-rules-engine's number check is `Number.parseFloat(fact)` not NaN; the comparison is then JavaScript's own. */
export const NUMERIC_STRING_CASES: readonly PeerCase[] = [
  ...table(N, 'lessThan', 50, [['"49" (a numeric string compares as a number)', '49', true], ['"51"', '51', false], ['" 5 " (spaces around a number)', ' 5 ', true], ['"" (empty text is no number)', '', false]]),
  ...table(N, 'lessThan', 50, [['"10abc" (parses as 10, but compares as NaN)', '10abc', false]]),
  ...table(N, 'greaterThan', 15, [['"0x10" (parses as 0, compares as 16)', '0x10', true], ['"abc"', 'abc', false]]),
  ...table(N, 'lessThan', 6, [['[5] (a one-number list parses and compares as 5)', [5], true], ['[1, 2] (parses as 1, compares as NaN)', [1, 2], false]]),
  ...table(N, 'greaterThanInclusive', 0, [['NaN', Number.NaN, false], ['Infinity', Infinity, true], ['-Infinity', -Infinity, false]]),
];

const T = 'tickwise operators (registered like engine-operator.test.js custom operators)';
export const TICKWISE_CASES: readonly PeerCase[] = [
  ...table(T, 'between', [1, 10], [['inside', 5, true], ['at the low end', 1, true], ['at the high end', 10, true], ['below', 0, false], ['a numeric string (tickwise operators need numbers)', '5', false], ['null', null, false], ['a missing fact', undefined, false]]),
  ...table(T, 'outside', [1, 10], [['below', 0, true], ['above', 11, true], ['inside', 5, false], ['at the low end', 1, false], ['a numeric string', '0', false]]),
  ...table(T, 'absGreaterThanInclusive', 5, [['a large negative', -5, true], ['a large positive', 7, true], ['a small one', 4.9, false], ['text', '-6', false], ['NaN', Number.NaN, false]]),
  { name: 'crossesAbove 30: 29 then 31', from: T, when: one('vix', 'crossesAbove', 30), prev: { vix: 29 }, facts: { vix: 31 }, expect: true },
  { name: 'crossesAbove 30: 29 then exactly 30', from: T, when: one('vix', 'crossesAbove', 30), prev: { vix: 29 }, facts: { vix: 30 }, expect: true },
  { name: 'crossesAbove 30: already at 30 before', from: T, when: one('vix', 'crossesAbove', 30), prev: { vix: 30 }, facts: { vix: 31 }, expect: false },
  { name: 'crossesAbove 30: no previous value', from: T, when: one('vix', 'crossesAbove', 30), facts: { vix: 31 }, expect: false },
  { name: 'crossesAbove 30: previous null', from: T, when: one('vix', 'crossesAbove', 30), prev: { vix: null }, facts: { vix: 31 }, expect: false },
  { name: 'crossesBelow 30: 31 then 29', from: T, when: one('vix', 'crossesBelow', 30), prev: { vix: 31 }, facts: { vix: 29 }, expect: true },
  { name: 'crossesBelow 30: 31 then exactly 30', from: T, when: one('vix', 'crossesBelow', 30), prev: { vix: 31 }, facts: { vix: 30 }, expect: true },
  { name: 'crossesBelow 30: already at 30 before', from: T, when: one('vix', 'crossesBelow', 30), prev: { vix: 30 }, facts: { vix: 29 }, expect: false },
  { name: 'crossesBelow 30: still above', from: T, when: one('vix', 'crossesBelow', 30), prev: { vix: 35 }, facts: { vix: 31 }, expect: false },
];

const F = 'engine-fact-comparison.test.js';
const cmp = (operator: string): ConditionTree => ({ all: [leaf('height', operator, { fact: 'width' })] });
export const FACT_COMPARISON_CASES: readonly PeerCase[] = [
  { name: 'height lessThanInclusive width: 1 and 2', from: F, when: cmp('lessThanInclusive'), facts: { height: 1, width: 2 }, expect: true },
  { name: 'height lessThanInclusive width: 2 and 1', from: F, when: cmp('lessThanInclusive'), facts: { height: 2, width: 1 }, expect: false },
  { name: 'height lessThanInclusive width: equal', from: F, when: cmp('lessThanInclusive'), facts: { height: 2, width: 2 }, expect: true },
  { name: 'height equal width: both text', from: F, when: cmp('equal'), facts: { height: 'x', width: 'x' }, expect: true },
  { name: 'height greaterThan width: width missing', from: F, when: cmp('greaterThan'), facts: { height: 5 }, expect: false, undefinedFact: true },
  { name: 'height equal width: both missing (undefined === undefined)', from: F, when: cmp('equal'), facts: {}, expect: true, undefinedFact: true },
  { name: 'height notEqual width: one missing', from: F, when: cmp('notEqual'), facts: { height: 1 }, expect: true, undefinedFact: true },
  { name: 'height greaterThan width: width a numeric string', from: F, when: cmp('greaterThan'), facts: { height: 5, width: '4' }, expect: true },
  { name: 'height absGreaterThanInclusive width', from: F, when: cmp('absGreaterThanInclusive'), facts: { height: -5, width: 5 }, expect: true },
  { name: 'height crossesAbove width: the value read now', from: F, when: cmp('crossesAbove'), prev: { height: 1 }, facts: { height: 3, width: 2 }, expect: true },
  { name: 'tags contains strategy', from: F, when: { all: [leaf('tags', 'contains', { fact: 'strategy' })] }, facts: { tags: ['a', 'spy-ic'], strategy: 'spy-ic' }, expect: true },
];

const A = 'engine-all.test.js / engine-any.test.js / engine-not.test.js';
const age = (op: string, v: unknown) => leaf('age', op, v);
const income = (op: string, v: unknown) => leaf('income', op, v);
export const BOOLEAN_CASES: readonly PeerCase[] = [
  { name: 'all: both hold', from: A, when: { all: [age('lessThan', 50), income('greaterThan', 100)] }, facts: { age: 30, income: 200 }, expect: true },
  { name: 'all: the first fails', from: A, when: { all: [age('lessThan', 50), income('greaterThan', 100)] }, facts: { age: 60, income: 200 }, expect: false },
  { name: 'all: the second fails', from: A, when: { all: [age('lessThan', 50), income('greaterThan', 100)] }, facts: { age: 30, income: 50 }, expect: false },
  { name: 'all: a single condition is evaluated alone', from: A, when: { all: [age('equal', 30)] }, facts: { age: 30 }, expect: true },
  { name: 'all: empty is true (config never produces one)', from: A, when: { all: [] }, facts: {}, expect: true },
  { name: 'any: one of two holds', from: A, when: { any: [age('lessThan', 50), income('greaterThan', 100)] }, facts: { age: 60, income: 200 }, expect: true },
  { name: 'any: none holds', from: A, when: { any: [age('lessThan', 50), income('greaterThan', 100)] }, facts: { age: 60, income: 50 }, expect: false },
  { name: 'any: both hold', from: A, when: { any: [age('lessThan', 50), income('greaterThan', 100)] }, facts: { age: 30, income: 200 }, expect: true },
  { name: 'any: empty is true, as in json-rules-engine (config never produces one)', from: A, when: { any: [] }, facts: {}, expect: true },
  { name: 'not: of a failing leaf', from: A, when: { not: age('greaterThan', 50) }, facts: { age: 30 }, expect: true },
  { name: 'not: of a holding leaf', from: A, when: { not: age('greaterThan', 50) }, facts: { age: 60 }, expect: false },
  { name: 'not: of an all', from: A, when: { not: { all: [age('lessThan', 50), income('greaterThan', 100)] } }, facts: { age: 30, income: 200 }, expect: false },
  { name: 'not: of an any, none holding', from: A, when: { not: { any: [age('lessThan', 50), income('greaterThan', 100)] } }, facts: { age: 60, income: 50 }, expect: true },
  { name: 'not: of a not', from: A, when: { not: { not: age('equal', 30) } }, facts: { age: 30 }, expect: true },
  { name: 'not: of a missing fact’s comparison is true', from: A, when: { not: age('greaterThan', 50) }, facts: {}, expect: true, undefinedFact: true },
  { name: 'all inside not inside any', from: A, when: { any: [{ not: { all: [age('equal', 1), income('equal', 2)] } }, age('equal', 99)] }, facts: { age: 1, income: 2 }, expect: false },
  { name: 'any: a missing fact does not stop another from holding', from: A, when: { any: [leaf('missing', 'greaterThan', 0), age('equal', 30)] }, facts: { age: 30 }, expect: true, undefinedFact: true },
  { name: 'all: a missing fact makes it fail', from: A, when: { all: [age('equal', 30), leaf('missing', 'lessThan', 1)] }, facts: { age: 30 }, expect: false, undefinedFact: true },
];

const X = 'engine.test.js / engine-run.test.js (nested rule conditions)';
/** A rule shaped like json-rules-engine's README example: fouled out after 40 minutes with 5 fouls, or 48 with 6. */
const fouled: ConditionTree = {
  any: [
    { all: [leaf('gameDuration', 'equal', 40), leaf('personalFoulCount', 'greaterThanInclusive', 5)] },
    { all: [leaf('gameDuration', 'equal', 48), { not: leaf('personalFoulCount', 'lessThan', 6) }] },
  ],
};
const eligible: ConditionTree = {
  all: [
    leaf('age', 'lessThan', 45),
    leaf('pointBalance', 'greaterThanInclusive', 1000),
    { any: [leaf('gender', 'equal', 'female'), leaf('income', 'greaterThanInclusive', 50000)] },
  ],
};
export const NESTED_CASES: readonly PeerCase[] = [
  { name: 'fouled out: 40 minutes, 6 fouls', from: X, when: fouled, facts: { gameDuration: 40, personalFoulCount: 6 }, expect: true },
  { name: 'fouled out: 40 minutes, 4 fouls', from: X, when: fouled, facts: { gameDuration: 40, personalFoulCount: 4 }, expect: false },
  { name: 'fouled out: 48 minutes, 6 fouls', from: X, when: fouled, facts: { gameDuration: 48, personalFoulCount: 6 }, expect: true },
  { name: 'fouled out: 48 minutes, 5 fouls', from: X, when: fouled, facts: { gameDuration: 48, personalFoulCount: 5 }, expect: false },
  { name: 'fouled out: 48 minutes, fouls unknown (not of a false comparison)', from: X, when: fouled, facts: { gameDuration: 48 }, expect: true, undefinedFact: true },
  { name: 'fouled out: duration as text "40" (strict equal)', from: X, when: fouled, facts: { gameDuration: '40', personalFoulCount: 6 }, expect: false },
  { name: 'eligible: young, rich in points, female', from: X, when: eligible, facts: { age: 30, pointBalance: 1000, gender: 'female', income: 0 }, expect: true },
  { name: 'eligible: young, rich in points, high income', from: X, when: eligible, facts: { age: 30, pointBalance: 2000, gender: 'male', income: 50000 }, expect: true },
  { name: 'eligible: neither branch of the any', from: X, when: eligible, facts: { age: 30, pointBalance: 2000, gender: 'male', income: 49999 }, expect: false },
  { name: 'eligible: too old', from: X, when: eligible, facts: { age: 45, pointBalance: 2000, gender: 'female', income: 0 }, expect: false },
  { name: 'eligible: too few points', from: X, when: eligible, facts: { age: 30, pointBalance: 999, gender: 'female', income: 0 }, expect: false },
  { name: 'eligible: points as a numeric string', from: X, when: eligible, facts: { age: 30, pointBalance: '1500', gender: 'female', income: 0 }, expect: true },
  { name: 'eligible: gender unknown, high income', from: X, when: eligible, facts: { age: 30, pointBalance: 2000, income: 60000 }, expect: true, undefinedFact: true },
  { name: 'a tickwise exit: take profit or (late and not losing)', from: X, when: { any: [leaf('pnlPct', 'greaterThanInclusive', 0.5), { all: [leaf('dte', 'lessThanInclusive', 21), { not: leaf('pnl', 'lessThan', 0) }] }] }, facts: { pnlPct: 0.2, dte: 14, pnl: 10 }, expect: true },
  { name: 'a tickwise exit on tags: credit positions late in the trade', from: X, when: { all: [leaf('tags', 'contains', 'credit'), leaf('dte', 'between', [0, 7])] }, facts: { tags: ['credit'], dte: 3 }, expect: true },
  { name: 'a tickwise exit on tags: not for short-vol', from: X, when: { all: [leaf('tags', 'doesNotContain', 'short-vol'), leaf('dte', 'outside', [8, 60])] }, facts: { tags: ['short-vol'], dte: 3 }, expect: false },
];

const R = 'condition.test.js / engine-nested-conditions.test.js / engine-fact-comparison.test.js (features tickwise does not evaluate)';
export const REFUSED: readonly PeerRefusal[] = [
  { name: 'a path on a condition', from: R, when: { all: [{ fact: 'age', path: '$.[0].id', operator: 'equal', value: 50 }] }, code: 'TW_EVALUATE_UNSUPPORTED' },
  { name: 'params on a condition', from: R, when: { all: [{ fact: 'widthMultiplier', params: { multiplier: 2 }, operator: 'equal', value: 1 }] }, code: 'TW_EVALUATE_UNSUPPORTED' },
  { name: 'a path on a { fact } value', from: R, when: { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b', path: '.meters' } }] }, code: 'TW_EVALUATE_UNSUPPORTED' },
  { name: 'params on a { fact } value', from: R, when: { all: [{ fact: 'a', operator: 'equal', value: { fact: 'b', params: { multiplier: 4 } } }] }, code: 'TW_EVALUATE_UNSUPPORTED' },
  { name: 'the "some" operator with nested conditions', from: R, when: { all: [{ fact: 'items', operator: 'some', conditions: { all: [] } }] }, code: 'TW_EVALUATE_UNSUPPORTED' },
  { name: 'a condition reference', from: R, when: { all: [{ condition: 'shared' }] }, code: 'TW_EVALUATE_UNSUPPORTED' },
  { name: 'a priority on a condition', from: R, when: { all: [{ fact: 'age', operator: 'equal', value: 1, priority: 2 }] }, code: 'TW_EVALUATE_UNSUPPORTED' },
  { name: 'an operator decorator (not:)', from: R, when: { all: [{ fact: 'age', operator: 'not:equal', value: 1 }] }, code: 'TW_EVALUATE_UNKNOWN_OPERATOR' },
  { name: 'a missing value', from: R, when: { all: [{ fact: 'age', operator: 'equal' }] }, code: 'TW_EVALUATE_BAD_CONDITION' },
  { name: 'a missing operator', from: R, when: { all: [{ fact: 'age', value: 1 }] }, code: 'TW_EVALUATE_BAD_CONDITION' },
  { name: '"all" that is not a list', from: R, when: { all: { foo: true } }, code: 'TW_EVALUATE_BAD_CONDITION' },
  { name: '"not" given a list', from: R, when: { not: [{ fact: 'age', operator: 'equal', value: 1 }] }, code: 'TW_EVALUATE_BAD_CONDITION' },
  { name: 'an unknown node type', from: R, when: { all: [{ xor: [] }] }, code: 'TW_EVALUATE_BAD_CONDITION' },
];

export const PEER_CASES: readonly PeerCase[] = [...OPERATOR_CASES, ...NUMERIC_STRING_CASES, ...TICKWISE_CASES, ...FACT_COMPARISON_CASES, ...BOOLEAN_CASES, ...NESTED_CASES];
