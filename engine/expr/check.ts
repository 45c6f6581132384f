/**
 * The checker: resolves every name, infers types and units (units.ts), and requires every division by something that
 * can be 0 to say what happens (`onZero: null`, an `if` guard on the divisor, or a `coalesce` fallback). Problems are
 * issues at the offset of the offending token; the caller turns them into findings at file:line:col.
 */
import { FUNCTIONS, isArith, isCompare, printExpr, type Expr } from './ast.ts';
import { FUNCTION_SPECS } from './functions.ts';
import { NON_NUMERIC_UNITS, PLAIN, productUnit, quotientUnit, sameUnit, type ExprUnit } from './units.ts';

/** What the checker knows of a name: a catalogue fact or another derived fact. */
export interface NameInfo {
  type: 'number' | 'boolean' | 'string' | 'list';
  unit: string;
  scope: string;
}

export type ExprType = { t: 'number'; unit: ExprUnit } | { t: 'boolean' };

export type IssueCode = 'TW_FACTS_UNKNOWN_NAME' | 'TW_FACTS_ARGUMENTS' | 'TW_FACTS_TYPE' | 'TW_FACTS_UNIT_MISMATCH' | 'TW_FACTS_DIVISION_BY_ZERO';
export interface Issue {
  code: IssueCode;
  params: Record<string, string>;
  /** Offset of the offending token in the expression text. */
  at: number;
}

export interface CheckOptions {
  resolve: (name: string) => NameInfo | undefined;
  /** Every name that could be meant (for did-you-mean). */
  names: readonly string[];
  /** `onZero: null` is declared: a division by zero makes the fact null. */
  onZeroNull: boolean;
  /** ` (did you mean "x"?)` or ''. */
  suggest: (word: string, candidates: readonly string[]) => string;
}

export interface CheckResult {
  /** null when an issue made the type unknown. */
  type: ExprType | null;
  issues: Issue[];
}

interface Ctx { nonZero: ReadonlySet<string>; handled: boolean }

const describe = (t: ExprType) => (t.t === 'boolean' ? 'true/false' : t.unit === PLAIN ? 'a plain number' : t.unit);

export function checkExpr(expr: Expr, opts: CheckOptions): CheckResult {
  const issues: Issue[] = [];
  const issue = (code: IssueCode, at: number, params: Record<string, string>): null => { issues.push({ code, at, params }); return null; };

  const numeric = (e: Expr, t: ExprType | null, what: string): ExprUnit | null => {
    if (t === null) return null;
    if (t.t === 'number') return t.unit;
    return issue('TW_FACTS_TYPE', e.at, { problem: `${what} needs a number, but ${printExpr(e)} is true/false`, expected: 'compute with numeric facts; use if(condition, a, b) to choose between numbers' });
  };
  const boolean = (e: Expr, t: ExprType | null, what: string): boolean => {
    if (t === null) return false;
    if (t.t === 'boolean') return true;
    issue('TW_FACTS_TYPE', e.at, { problem: `${what} needs true/false, but ${printExpr(e)} is a number (${describe(t)})`, expected: 'write a comparison, e.g. credit > 0' });
    return false;
  };
  /** The common type of arguments that must agree (if's branches, coalesce, min/max). */
  const common = (args: readonly Expr[], types: readonly (ExprType | null)[], what: string, numbersOnly: boolean): ExprType | null => {
    let acc: ExprType | null = null;
    for (let i = 0; i < args.length; i++) {
      const t = types[i];
      if (t === null) return null;
      if (numbersOnly && numeric(args[i], t, what) === null) return null;
      if (acc === null) { acc = t; continue; }
      if (acc.t !== t.t) return issue('TW_FACTS_TYPE', args[i].at, { problem: `${what} mixes true/false with a number`, expected: 'give every choice the same kind of value' });
      if (acc.t === 'number' && t.t === 'number') {
        const u = sameUnit(acc.unit, t.unit);
        if (u === null) return issue('TW_FACTS_UNIT_MISMATCH', args[i].at, { problem: `${what} mixes ${acc.unit} with ${t.unit} (${printExpr(args[i])})`, expected: 'give every choice the same unit' });
        acc = { t: 'number', unit: u };
      }
    }
    return acc;
  };

  const walk = (e: Expr, ctx: Ctx): ExprType | null => {
    switch (e.k) {
      case 'num': return { t: 'number', unit: PLAIN };
      case 'bool': return { t: 'boolean' };
      case 'fact': {
        const info = opts.resolve(e.name);
        if (!info) return issue('TW_FACTS_UNKNOWN_NAME', e.at, { what: 'fact', name: e.name, suggestion: opts.suggest(e.name, opts.names), expected: 'use a fact from docs/facts.md or a derived fact defined in facts.yaml' });
        if (info.type === 'boolean') return { t: 'boolean' };
        if (info.type === 'string' || info.type === 'list' || NON_NUMERIC_UNITS.has(info.unit)) return issue('TW_FACTS_TYPE', e.at, { problem: `"${e.name}" is ${info.type === 'list' ? 'a list' : 'text'}, which expressions cannot compute with`, expected: info.type === 'list' ? 'test a list fact in a rule\'s `when` (contains, doesNotContain)' : 'compare text facts in a rule\'s `when` (equal, in)' });
        return { t: 'number', unit: info.unit };
      }
      case 'neg': {
        const u = numeric(e.arg, walk(e.arg, ctx), 'minus');
        return u === null ? null : { t: 'number', unit: u };
      }
      case 'not': return boolean(e.arg, walk(e.arg, ctx), '!') ? { t: 'boolean' } : null;
      case 'bin': {
        const lt = walk(e.left, ctx);
        const rt = walk(e.right, ctx);
        if (e.op === '&&' || e.op === '||') {
          const ok = [boolean(e.left, lt, e.op), boolean(e.right, rt, e.op)];
          return ok[0] && ok[1] ? { t: 'boolean' } : null;
        }
        if (isCompare(e.op) && lt?.t === 'boolean' && rt?.t === 'boolean' && (e.op === '==' || e.op === '!=')) return { t: 'boolean' };
        const a = numeric(e.left, lt, e.op);
        const b = numeric(e.right, rt, e.op);
        if (a === null || b === null) return null;
        if (isCompare(e.op) || e.op === '+' || e.op === '-') {
          if (sameUnit(a, b) === null) return issue('TW_FACTS_UNIT_MISMATCH', e.at, { problem: `${e.op} ${isCompare(e.op) ? 'compares' : 'combines'} ${a} (${printExpr(e.left)}) with ${b} (${printExpr(e.right)})`, expected: isCompare(e.op) ? 'compare quantities in the same unit' : 'add and subtract quantities in the same unit; a fraction of an amount is a product: 0.05 * credit' });
          return isCompare(e.op) ? { t: 'boolean' } : { t: 'number', unit: sameUnit(a, b) as string };
        }
        if (e.op === '/') checkDivisor(e.right, e.at, ctx);
        const u = e.op === '*' ? productUnit(a, b) : quotientUnit(a, b);
        if (u === null) return issue('TW_FACTS_UNIT_MISMATCH', e.at, { problem: `${a} ${e.op === '*' ? '×' : '÷'} ${b} has no unit tickwise knows`, expected: 'multiply or divide by a plain number, a ratio, a fraction or a count, or divide two quantities of the same unit' });
        return { t: 'number', unit: u };
      }
      case 'call': return call(e, ctx);
    }
  };

  const checkDivisor = (d: Expr, at: number, ctx: Ctx): void => {
    if (d.k === 'num' && d.value !== 0) return;
    if (ctx.handled || opts.onZeroNull || ctx.nonZero.has(printExpr(d))) return;
    issue('TW_FACTS_DIVISION_BY_ZERO', at, { divisor: printExpr(d).replace(/^\((.*)\)$/, '$1') });
  };

  const call = (e: Extract<Expr, { k: 'call' }>, ctx: Ctx): ExprType | null => {
    if (!Object.hasOwn(FUNCTION_SPECS, e.fn)) {
      e.args.forEach((a) => walk(a, ctx));
      return issue('TW_FACTS_UNKNOWN_NAME', e.at, { what: 'function', name: e.fn, suggestion: opts.suggest(e.fn, FUNCTIONS), expected: `the functions are ${FUNCTIONS.join(', ')}` });
    }
    const arity: { min: number; max: number; takes: string; example: string } = FUNCTION_SPECS[e.fn];
    if (e.args.length < arity.min || e.args.length > arity.max) {
      e.args.forEach((a) => walk(a, ctx));
      return issue('TW_FACTS_ARGUMENTS', e.at, { fn: e.fn, takes: arity.takes, given: `${e.args.length}`, example: arity.example });
    }
    if (e.fn === 'if') {
      const [c, a, b] = e.args;
      const ct = walk(c, ctx);
      const at = walk(a, { ...ctx, nonZero: new Set([...ctx.nonZero, ...guards(c, true)]) });
      const bt = walk(b, { ...ctx, nonZero: new Set([...ctx.nonZero, ...guards(c, false)]) });
      if (!boolean(c, ct, 'the condition of if()')) return null;
      return common([a, b], [at, bt], 'if()', false);
    }
    if (e.fn === 'coalesce') {
      const types = e.args.map((a, i) => walk(a, i < e.args.length - 1 ? { ...ctx, handled: true } : ctx));
      return common(e.args, types, 'coalesce()', false);
    }
    if (e.fn === 'round' && e.args.length === 2) {
      const d = e.args[1];
      if (d.k !== 'num' || !Number.isInteger(d.value) || d.value < 0 || d.value > 10) return issue('TW_FACTS_ARGUMENTS', d.at, { fn: 'round', takes: 'a whole number of digits between 0 and 10 as its second argument', given: printExpr(d), example: 'round(x, 2)' });
      return common([e.args[0]], [walk(e.args[0], ctx)], 'round()', true);
    }
    return common(e.args, e.args.map((a) => walk(a, ctx)), `${e.fn}()`, true);
  };

  return { type: walk(expr, { nonZero: new Set(), handled: false }), issues };
}

/** The divisors a condition proves non-zero when it holds (`positive`) or when it does not. */
export function guards(c: Expr, positive: boolean): string[] {
  if (c.k === 'not') return guards(c.arg, !positive);
  if (c.k !== 'bin') return [];
  if ((c.op === '&&' && positive) || (c.op === '||' && !positive)) return [...guards(c.left, positive), ...guards(c.right, positive)];
  if (!isCompare(c.op) || isArith(c.op)) return [];
  let op: string = c.op;
  let x = c.left;
  let k = c.right;
  if (c.left.k === 'num') {
    x = c.right;
    k = c.left;
    op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' } as Record<string, string>)[op];
  }
  if (k.k !== 'num') return [];
  if (!positive) op = ({ '<': '>=', '<=': '>', '>': '<=', '>=': '<', '==': '!=', '!=': '==' } as Record<string, string>)[op];
  const v = k.value;
  const proves = (op === '>' && v >= 0) || (op === '>=' && v > 0) || (op === '<' && v <= 0) || (op === '<=' && v < 0) || (op === '!=' && v === 0);
  return proves ? [printExpr(x)] : [];
}
