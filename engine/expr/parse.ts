/**
 * Parsing: jsep (a small expression parser, no evaluation) reads the text; the tree is converted into the language's
 * own AST (ast.ts), refusing everything the language does not have (strings, member access, `?:`, bit operators).
 * jsep keeps no positions, so each node's offset is found by walking the tree in source order over a token list of
 * the same text. jsep's configuration is global and shared (jsonpath-plus uses it too), so it is never changed here.
 */
import jsep from 'jsep';
import { FUNCTIONS, type BinaryOp, type Expr, type FunctionName } from './ast.ts';

/** Why an expression cannot be parsed: at `offset` in its text. */
export interface SyntaxProblem {
  offset: number;
  problem: string;
  expected: string;
}

export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: SyntaxProblem };

const BINARY: ReadonlySet<string> = new Set<BinaryOp>(['+', '-', '*', '/', '<', '<=', '>', '>=', '==', '!=', '&&', '||']);
const INSTEAD: Readonly<Record<string, string>> = {
  '===': 'write == (values are numbers or true/false, there is no type coercion)', '!==': 'write !=',
  '%': 'there is no remainder operator', '??': 'write coalesce(a, b)', '|': 'write || for "or"', '&': 'write && for "and"',
  '^': 'there is no power or bit operator', '<<': 'there are no bit operators', '>>': 'there are no bit operators', '>>>': 'there are no bit operators',
};
const TOKEN = /\s+|"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_$][\w$]*|>>>|===|!==|<=|>=|==|!=|&&|\|\||\?\?|<<|>>|[\s\S]/g;
const SKIP: ReadonlySet<string> = new Set(['(', ')', ',']);

class Fail extends Error {
  readonly problem: SyntaxProblem;
  constructor(problem: SyntaxProblem) {
    super(problem.problem);
    this.problem = problem;
  }
}

type JNode = jsep.Expression;

/** Parses one expression. Never throws: a problem is returned with its offset. */
export function parseExpr(text: string): ParseResult {
  if (text.trim() === '') return { ok: false, error: { offset: 0, problem: 'the expression is empty', expected: 'write an expression, e.g. pnl / credit' } };
  let tree: JNode;
  try {
    tree = jsep(text);
  } catch (e) {
    const err = e as { index?: number; description?: string; message?: string };
    return { ok: false, error: { offset: typeof err.index === 'number' ? Math.min(err.index, text.length) : 0, problem: lowerFirst(err.description ?? err.message ?? 'cannot be parsed'), expected: 'check the brackets and operators (docs/configuration.md § facts.yaml)' } };
  }
  const tokens: { text: string; offset: number }[] = [];
  for (const m of text.matchAll(TOKEN)) if (!/^\s/.test(m[0])) tokens.push({ text: m[0], offset: m.index ?? 0 });
  let cursor = 0;
  /** The offset of the next token that is not a bracket or a comma (the one the walk is at). */
  const next = (): number => {
    while (cursor < tokens.length && SKIP.has(tokens[cursor].text)) cursor++;
    const t = tokens[cursor++];
    return t ? t.offset : text.length;
  };
  const fail = (offset: number, problem: string, expected: string): never => { throw new Fail({ offset, problem, expected }); };

  const convert = (n: JNode): Expr => {
    switch (n.type) {
      case 'Literal': {
        const at = next();
        const v = (n as jsep.Literal).value;
        if (typeof v === 'number') return { k: 'num', value: v, at };
        if (typeof v === 'boolean') return { k: 'bool', value: v, at };
        if (v === null) return fail(at, 'null cannot be written in an expression', 'a missing input already makes the result null; use coalesce(a, b) for a fallback');
        return fail(at, `text ${(n as jsep.Literal).raw} cannot be used in an expression`, 'expressions compute with numbers and true/false only');
      }
      case 'Identifier':
        return { k: 'fact', name: (n as jsep.Identifier).name, at: next() };
      case 'UnaryExpression': {
        const u = n as jsep.UnaryExpression;
        const at = next();
        if (u.operator !== '-' && u.operator !== '!' && u.operator !== '+') fail(at, `the operator ${u.operator} does not exist in expressions`, 'use - (minus) or ! (not)');
        const arg = convert(u.argument);
        return u.operator === '+' ? arg : { k: u.operator === '-' ? 'neg' : 'not', arg, at };
      }
      case 'BinaryExpression': {
        const b = n as jsep.BinaryExpression;
        const left = convert(b.left);
        const at = next();
        if (!BINARY.has(b.operator)) fail(at, `the operator ${b.operator} does not exist in expressions`, INSTEAD[b.operator] ?? 'use + - * / < <= > >= == != && ||');
        return { k: 'bin', op: b.operator as BinaryOp, left, right: convert(b.right), at };
      }
      case 'CallExpression': {
        const c = n as jsep.CallExpression;
        if (c.callee.type !== 'Identifier') return fail(next(), 'only the functions min, max, abs, round, if and coalesce can be called', `use one of: ${FUNCTIONS.join(', ')}`);
        const at = next();
        const fn = (c.callee as jsep.Identifier).name;
        // An unknown function is reported by the checker (with a did-you-mean); here it is kept as a call.
        return { k: 'call', fn: fn as FunctionName, args: c.arguments.map(convert), at };
      }
      case 'MemberExpression': {
        const m = n as jsep.MemberExpression;
        const at = next();
        const head = m.object.type === 'Identifier' ? (m.object as jsep.Identifier).name : '';
        return fail(at, `"${text.slice(at).split(/[^\w$.]/)[0] || head}" is member access, which expressions do not have`, head === 'param' || head === 'params' ? 'facts.yaml has no parameters: write the number, or compare the derived fact with a rule parameter in `when`' : 'write a fact name (docs/facts.md)');
      }
      case 'ConditionalExpression': {
        convert((n as jsep.ConditionalExpression).test);
        return fail(next(), 'the ?: operator does not exist in expressions', 'write if(condition, then, else)');
      }
      case 'Compound':
        return fail(tokens[tokens.length - 1]?.offset ?? 0, 'this is more than one expression', 'join the parts with an operator, e.g. a + b');
      default:
        return fail(next(), `${n.type === 'ArrayExpression' ? 'a list' : n.type === 'ThisExpression' ? '"this"' : n.type} cannot be used in an expression`, 'write numbers, fact names, operators and function calls');
    }
  };
  try {
    return { ok: true, expr: convert(tree) };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.problem };
    throw e;
  }
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
