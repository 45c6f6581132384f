export { FACTS, FACTS_BY_NAME, factNames, type FactSpec, type FactScope, type FactType } from './facts.ts';
export { OPERATORS, OPERATORS_BY_NAME, isOperatorName, type OperatorName, type OperatorSpec, type OperatorFactKind, type OperatorValueKind } from './operators.ts';
export { UNITS, type Unit } from './units.ts';
export { renderFactsDoc } from './docs.ts';
export {
  STRUCTURES, STRUCTURE_LIST, STRUCTURE_NAMES, structureTemplate, isStructure, isUndefinedRisk, isAnchorRole, structuresWhere,
  type Structure, type StructureTemplate, type LegTemplate, type LegRole, type LegRight, type LegSide,
} from './structures.ts';
export { renderStructuresDoc } from './structure-docs.ts';
