export { FACTS, FACTS_BY_NAME, factNames, type FactSpec, type FactScope, type FactType } from './facts.ts';
export { OPERATORS, OPERATORS_BY_NAME, isOperatorName, type OperatorName, type OperatorSpec, type OperatorFactKind, type OperatorValueKind } from './operators.ts';
export { UNITS, type Unit } from './units.ts';
export { renderFactsDoc } from './docs.ts';
