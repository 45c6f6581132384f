/**
 * The evaluator: rules compiled once per config version, evaluated every tick; json-rules-engine as the reference
 * and the source of explanations. See docs/evaluation.md.
 */
export { bindCondition } from './bind.ts';
export { compileCondition, type CompiledCondition, type Predicate } from './compile.ts';
export { compileRuleSet, type CompiledRule, type CompiledRuleSet, type CompiledEntry } from './rule-set.ts';
export { evaluateTick } from './evaluate-tick.ts';
export { evaluateWithJsonRulesEngine } from './reference-evaluate.ts';
export { addDerivedFacts, compileDerived, derivedNulls, withDerivedFacts, type CompiledDerived } from './derived.ts';
export { explain, explainEntry } from './explain.ts';
export { conditionOutcomes, type ConditionOutcome, type LeafOutcome } from './coverage.ts';
export { CUSTOM_OPERATORS, CROSSING_PREFIX, OPERATOR_IMPLS, PREV_PREFIX, operatorFailure, operatorImpl, operatorLabel, type OperatorImpl } from './operators.ts';
export { strategyFacts } from './strategy-facts.ts';
export type {
  ActionParams, BoundFacts, Decision, Evaluation, ExplainGroup, ExplainLeaf, ExplainNode, Explanation, Facts, FactValue, ListValue,
  PositionInput, PositionPhase, TickInput, Trace, TraceEntry, TraceOutcome, TraceSkip,
} from './types.ts';
