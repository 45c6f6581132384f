/**
 * evaluateWithJsonRulesEngine: the same tick evaluated with json-rules-engine deciding every match, through the same
 * semantics as evaluateTick. For the differential test and the benchmark; never on the hot path.
 */
import { twError } from '../errors/index.ts';
import { prepareTick, runSemantics } from './evaluate-tick.ts';
import { runReference, runtimeFacts } from './reference.ts';
import type { CompiledRule, CompiledRuleSet } from './rule-set.ts';
import type { Evaluation, Facts, TickInput } from './types.ts';

const EMPTY: Facts = Object.freeze({});

function crossingOf(rules: readonly CompiledRule[]): string[] {
  return [...new Set(rules.flatMap((r) => r.crossingFacts))];
}

export async function evaluateWithJsonRulesEngine(set: CompiledRuleSet, tick: TickInput): Promise<Evaluation> {
  const input = prepareTick(set, tick);
  const g = input.portfolio;
  const pg = input.prevPortfolio;
  const [portfolioMatched] = await runReference(set.portfolioRules, [runtimeFacts(EMPTY, g, undefined, pg, crossingOf(set.portfolioRules))]);

  // Group positions by strategy so each strategy's rules go into one Engine; runs stay sequential.
  const byStrategy = new Map<string, number[]>();
  input.positions.forEach((pos, i) => {
    if (pos.phase !== 'managed' && pos.phase !== 'closing') return;
    if (!set.positionRules.has(pos.strategy)) throw twError('TW_EVALUATE_UNKNOWN_STRATEGY', { position: pos.id, strategy: pos.strategy, version: set.version });
    const list = byStrategy.get(pos.strategy) ?? [];
    list.push(i);
    byStrategy.set(pos.strategy, list);
  });
  const matched: Array<Set<string> | undefined> = new Array(input.positions.length);
  for (const [strategy, indexes] of byStrategy) {
    const rules = set.positionRules.get(strategy) ?? [];
    const crossing = crossingOf(rules);
    const bound = rules.length ? rules[0].bound : {}; // the strategy's facts from its config (every rule has the same)
    const factSets = indexes.map((i) => {
      const pos = input.positions[i];
      return runtimeFacts(pos.facts, g, pos.prevFacts, pg, crossing, bound);
    });
    const results = await runReference(rules, factSets);
    indexes.forEach((posIndex, k) => { matched[posIndex] = results[k]; });
  }
  return runSemantics(set, input, (rule, pos, index) => (pos === null ? portfolioMatched.has(rule.name) : matched[index]?.has(rule.name) ?? false));
}
