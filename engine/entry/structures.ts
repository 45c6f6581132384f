/**
 * The structure catalogue lives in engine/catalogue/structures.ts; entry planning reads it through this re-export.
 * `structureLegsTemplate` is the older name of `structureTemplate`.
 */
export {
  STRUCTURES, STRUCTURE_LIST, structureTemplate, structureTemplate as structureLegsTemplate, isUndefinedRisk, isAnchorRole,
  type StructureTemplate, type LegTemplate, type LegRole,
} from '../catalogue/index.ts';
