/**
 * The expression language of derived facts (facts.yaml): parse (jsep), check (names, types, units, division by
 * zero), compile into closures, and a reference interpreter. Pure: no I/O, nothing of the engine.
 */
export { FUNCTIONS, factsRead, printExpr, type Expr, type ExprValue, type FunctionName } from './ast.ts';
export { FUNCTION_SPECS, type FunctionSpec } from './functions.ts';
export { parseExpr, type ParseResult, type SyntaxProblem } from './parse.ts';
export { checkExpr, guards, type CheckOptions, type CheckResult, type ExprType, type Issue, type IssueCode, type NameInfo } from './check.ts';
export { NON_NUMERIC_UNITS, PLAIN, productUnit, quotientUnit, sameUnit, unitAgrees, type ExprUnit } from './units.ts';
export { compileExpr, type Compiled } from './compile.ts';
export { interpret } from './interpret.ts';
export { renderDerivedFactsDoc } from './docs.ts';
