import { defineErrors } from '../define.ts';

/**
 * Codes for derived facts (`facts.yaml`, engine/expr, engine/config/check-facts.ts). Prefix: TW_FACTS_.
 * Reported as findings at the file:line:col of the offending token inside the expression string.
 */
export const factsErrors = defineErrors({
  TW_FACTS_SYNTAX: {
    message: 'derived fact "{fact}": {problem}',
    hint: '{expected}',
    fix: 'A derived fact\'s `expr` is a small arithmetic expression: numbers, fact names, `+ - * /`, comparisons, `&& || !`, and the functions `min max abs round if coalesce` (docs/configuration.md § facts.yaml). Nothing else is accepted: no strings, no member access, no assignments.',
    exit: 2,
  },
  TW_FACTS_UNKNOWN_NAME: {
    message: 'derived fact "{fact}": unknown {what} "{name}"{suggestion}',
    hint: '{expected}',
    fix: 'Every name in an expression is a catalogue fact (docs/facts.md), another derived fact of facts.yaml, or one of the functions `min max abs round if coalesce`. Names are case-sensitive.',
    exit: 2,
  },
  TW_FACTS_ARGUMENTS: {
    message: 'derived fact "{fact}": {fn}() takes {takes}, not {given}',
    hint: 'write {example}',
    fix: 'Each function takes a fixed number of arguments: `abs(x)`, `round(x)` or `round(x, digits)`, `min(a, b, …)` and `max(a, b, …)` (one or more), `if(condition, then, else)`, `coalesce(a, b, …)` (two or more).',
    exit: 2,
  },
  TW_FACTS_TYPE: {
    message: 'derived fact "{fact}": {problem}',
    hint: '{expected}',
    fix: 'Arithmetic, `min`, `max`, `abs` and `round` take numbers; `&&`, `||`, `!` and the condition of `if` take true/false (a comparison or a boolean fact). Text facts (strategy, structure, …) cannot be computed with.',
    exit: 2,
  },
  TW_FACTS_UNIT_MISMATCH: {
    message: 'derived fact "{fact}": {problem}',
    hint: '{expected}',
    fix: 'Units are checked (docs/configuration.md § Units in expressions): `+`, `-`, comparisons, `min`, `max`, `if` and `coalesce` need operands in the same unit (a plain number adopts the other side\'s unit; ratio and fraction mix); `×` and `÷` by a plain number, a ratio, a fraction or a count keep the unit; a unit divided by itself is a ratio; currency ÷ days is dollars-per-day. Any other product or quotient of two units has no unit and is refused.',
    exit: 2,
  },
  TW_FACTS_UNIT_DECLARED: {
    message: 'derived fact "{fact}" is declared in {declared}, but its expression is in {inferred}',
    hint: '{expected}',
    fix: 'The `unit` of a derived fact must agree with the unit its expression computes (ratio and fraction agree with each other; an expression of plain numbers takes any numeric unit). Rules compare it with parameters of that unit.',
    exit: 2,
  },
  TW_FACTS_DIVISION_BY_ZERO: {
    message: 'derived fact "{fact}" divides by {divisor}, which can be 0, and does not say what happens then',
    hint: 'guard it: if({divisor} > 0, …, …), wrap it in coalesce(…, fallback), or declare onZero: null',
    fix: 'A division by a fact (or an expression of facts) can meet a zero: a debit structure has `credit: 0`. Say what happens: `onZero: null` makes the derived fact null (unknown) when a divisor is 0, so a condition on it is not matched and the trace says why; or guard the division with `if(divisor > 0, a / divisor, fallback)` or `if(divisor != 0, …)`; or give `coalesce(a / divisor, fallback)` a fallback.',
    exit: 2,
  },
  TW_FACTS_CYCLE: {
    message: 'derived facts refer to each other in a cycle: {cycle}',
    hint: 'break the cycle: one of them must be computed from catalogue facts only',
    fix: 'A derived fact may use other derived facts, computed in dependency order. A cycle has no order, so it is refused.',
    exit: 2,
  },
  TW_FACTS_NAME_TAKEN: {
    message: 'derived fact "{fact}" {problem}',
    hint: '{expected}',
    fix: 'A derived fact\'s name must be new: not a catalogue fact (docs/facts.md), which it would shadow, and not another derived fact.',
    exit: 2,
  },
  TW_FACTS_SCOPE: {
    message: 'derived fact "{fact}" {problem}',
    hint: '{expected}',
    fix: 'A derived fact reading any position fact (or position derived fact) is a position fact: position rules see it, portfolio rules do not. One reading only portfolio facts is a portfolio fact. Entry facts are not available to derived facts (they are computed for rules, not for entry conditions).',
    exit: 2,
  },
});
