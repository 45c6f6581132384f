export { FACTS, FACTS_BY_NAME, factNames, type FactSpec, type FactScope, type FactType } from './facts.ts';
export { OPERATORS, OPERATORS_BY_NAME, isOperatorName, type OperatorName, type OperatorSpec, type OperatorFactKind, type OperatorValueKind } from './operators.ts';
export { UNITS, type Unit } from './units.ts';
export { renderFactsDoc } from './docs.ts';
export { ACTIONS_BY_NAME, actionSpec, actionsFor, actionsTaking, isPortfolioOrderAction, isPositionOrderAction } from './action-lookup.ts';
export {
  ACTIONS, ACTION_PARAMS, GATE_STATES, type ActionGateState, type ActionName, type ActionParamName, type ActionParamSpec, type ActionScope, type ActionSpec, type ExclusiveAction, type GatePolicy,
  type PortfolioOrderAction, type PositionOrderAction,
} from './actions.ts';
export { renderActionsDoc } from './action-docs.ts';
export {
  STRUCTURES, STRUCTURE_LIST, STRUCTURE_NAMES, structureTemplate, isStructure, isUndefinedRisk, isAnchorRole, structuresWhere,
  type Structure, type StructureTemplate, type LegTemplate, type LegRole, type LegRight, type LegSide,
} from './structures.ts';
export { renderStructuresDoc } from './structure-docs.ts';
