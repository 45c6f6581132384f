/**
 * Derived facts (facts.yaml): compiled into closures once per config version (cached by the resolved config), and
 * computed every tick before the rules are evaluated, so the compiled path and the json-rules-engine reference see
 * the same facts. Portfolio derived facts are added to the portfolio facts; position derived facts (which may also
 * read portfolio facts) to each position's facts; the previous tick's facts get them too, for crossings.
 */
import { compileExpr, parseExpr, type Compiled } from '../expr/index.ts';
import { twError } from '../errors/index.ts';
import type { ResolvedConfig, ResolvedDerivedFact } from '../config/types.ts';
import type { Facts, FactValue, PositionInput, TickInput } from './types.ts';

interface Step { readonly name: string; readonly fn: Compiled }
export interface CompiledDerived {
  readonly portfolio: readonly Step[];
  readonly position: readonly Step[];
  readonly byName: ReadonlyMap<string, ResolvedDerivedFact>;
}

const cache = new WeakMap<ResolvedConfig, CompiledDerived | null>();

/** The config's derived facts compiled (null when it has none). Parsed and compiled once per config object. */
export function compileDerived(config: ResolvedConfig): CompiledDerived | null {
  if (cache.has(config)) return cache.get(config)!;
  const list = config.derivedFacts ?? [];
  let out: CompiledDerived | null = null;
  if (list.length > 0) {
    const step = (d: ResolvedDerivedFact): Step => {
      const parsed = parseExpr(d.expr);
      // The config checks made sure it parses; a config built by hand with a broken expression is a coded error.
      if (!parsed.ok) throw twError('TW_FACTS_SYNTAX', { fact: d.name, problem: parsed.error.problem, expected: parsed.error.expected });
      return { name: d.name, fn: compileExpr(parsed.expr) };
    };
    out = Object.freeze({
      portfolio: list.filter((d) => d.scope === 'portfolio').map(step),
      position: list.filter((d) => d.scope === 'position').map(step),
      byName: new Map(list.map((d) => [d.name, d])),
    });
  }
  cache.set(config, out);
  return out;
}

const NONE: Facts = Object.freeze({});

/**
 * `facts` with the steps' values written into it, in order (a step reads the ones before it; `g` for portfolio
 * facts). In place: the tick's fact records are built fresh every tick, and copying 10,000 records of ~50 facts each
 * tick cost more than the rules themselves (≈ 100 ms at 10,000 positions, `npm run bench -- tick`). So the
 * kernel's facts of the tick (`lastFacts`, the API's facts) carry the derived facts the rules saw. Writing again is
 * idempotent: both evaluators prepare the same input. A frozen record (tests, hand-built inputs) is copied instead.
 */
function addSteps(steps: readonly Step[], facts: Facts, g: Facts): Facts {
  const out = (Object.isFrozen(facts) ? Object.assign({}, facts) : facts) as Record<string, FactValue | undefined>;
  for (const s of steps) out[s.name] = s.fn(out, g);
  return out;
}

function portfolioWith(d: CompiledDerived, g: Facts | undefined): Facts | undefined {
  return g === undefined || d.portfolio.length === 0 ? g : addSteps(d.portfolio, g, NONE);
}

/** The tick's facts with every derived fact added. Returns `input` itself when the config has none. */
export function withDerivedFacts(config: ResolvedConfig, input: TickInput): TickInput {
  const d = compileDerived(config);
  if (d === null) return input;
  const g = portfolioWith(d, input.portfolio)!;
  const pg = portfolioWith(d, input.prevPortfolio);
  const positions = d.position.length === 0 ? input.positions : input.positions.map((pos): PositionInput => {
    const facts = addSteps(d.position, pos.facts, g);
    const prevFacts = pos.prevFacts === undefined ? undefined : addSteps(d.position, pos.prevFacts, pg ?? NONE);
    if (facts === pos.facts && prevFacts === pos.prevFacts) return pos;
    return prevFacts === undefined ? { ...pos, facts } : { ...pos, facts, prevFacts };
  });
  return { ...input, portfolio: g, ...(pg !== undefined ? { prevPortfolio: pg } : {}), positions };
}

/** One object of position and portfolio facts (explanations) with every derived fact added. */
export function addDerivedFacts(config: ResolvedConfig, facts: Facts): Facts {
  const d = compileDerived(config);
  return d === null ? facts : addSteps([...d.portfolio, ...d.position], facts, NONE);
}

/**
 * For the trace: why each derived fact that is null for a position (`p`, with `g` the portfolio facts) is null:
 * `retainedShare is null: credit is 0 (a division by zero)` or `… : pnl is unknown`. null when none is.
 */
export function derivedNulls(config: ResolvedConfig, p: Facts, g: Facts): ReadonlyMap<string, string> | null {
  const d = compileDerived(config);
  if (d === null) return null;
  const value = (n: string) => (p[n] !== undefined ? p[n] : g[n]);
  let out: Map<string, string> | null = null;
  for (const [n, fact] of d.byName) {
    if (value(n) !== null) continue;
    const unknown = fact.reads.filter((r) => value(r) === null || value(r) === undefined);
    const zeros = fact.reads.filter((r) => value(r) === 0);
    const why = unknown.length > 0 ? `${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} unknown` : zeros.length > 0 ? `${zeros.join(', ')} ${zeros.length > 1 ? 'are' : 'is'} 0 (a division by zero)` : 'the result is not a finite number';
    (out ??= new Map()).set(n, `${n} is null: ${why}`);
  }
  return out;
}
