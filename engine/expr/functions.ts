/**
 * The functions an expression may call: the one table the parser, the checker, both evaluators and the docs read.
 * Adding a function is one entry here (plus a test): a numeric function gets `apply`; its arguments must share a
 * unit, which is its result's unit. `if` and `coalesce` are lazy (only what is needed is computed), so the walkers
 * handle them and they have no `apply`.
 */
export interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  /** For the argument-count finding: `one argument`, `two or more arguments`. */
  readonly takes: string;
  readonly example: string;
  /** docs/facts.md § Derived facts: the signature in backticks, then what it computes. */
  readonly doc: string;
  /** The value from known arguments (null arguments make the result null before this is called). */
  readonly apply?: (xs: readonly number[]) => number;
}

export const FUNCTION_SPECS = {
  min: { min: 1, max: Infinity, takes: 'one or more arguments', example: 'min(a, b)', doc: '`min(a, b, …)`: the smallest argument (same unit)', apply: (xs) => Math.min(...xs) },
  max: { min: 1, max: Infinity, takes: 'one or more arguments', example: 'max(a, b)', doc: '`max(a, b, …)`: the largest argument (same unit)', apply: (xs) => Math.max(...xs) },
  abs: { min: 1, max: 1, takes: 'one argument', example: 'abs(pnl)', doc: '`abs(x)`: the absolute value (x\'s unit)', apply: (xs) => Math.abs(xs[0]) },
  round: {
    min: 1, max: 2, takes: 'one or two arguments', example: 'round(x) or round(x, 2)', doc: '`round(x)` or `round(x, digits)`: rounded as `Math.round` (halves up), to 0–10 digits (a whole number literal)',
    apply: (xs) => Math.round(xs[0] * 10 ** (xs[1] ?? 0)) / 10 ** (xs[1] ?? 0),
  },
  if: { min: 3, max: 3, takes: 'three arguments', example: 'if(credit > 0, pnl / credit, 0)', doc: '`if(condition, a, b)`: a when the condition holds, else b; only the branch taken is computed' },
  coalesce: { min: 2, max: Infinity, takes: 'two or more arguments', example: 'coalesce(a, 0)', doc: '`coalesce(a, b, …)`: the first argument that is not null' },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTION_SPECS;
export const FUNCTIONS = Object.keys(FUNCTION_SPECS) as FunctionName[];
/** The functions computed from their arguments' values (every one but the lazy `if` and `coalesce`). */
export type EagerFunction = { [K in FunctionName]: (typeof FUNCTION_SPECS)[K] extends { apply: unknown } ? K : never }[FunctionName];
export const isEager = (fn: FunctionName): fn is EagerFunction => 'apply' in FUNCTION_SPECS[fn];
