/**
 * Checks a loaded scenario against the config it runs under (strategies of declared positions, rules named by
 * expectations) and fills in what the config decides: a leg without `underlying` trades its strategy's underlying.
 */
import { finding, suggest, type Finding, type ResolvedConfig } from '../../engine/config/index.ts';
import { contractOf, type LoadedScenario, type Scenario } from '../../adapters/scenario/index.ts';

export function bindScenario(loaded: LoadedScenario & { scenario: Scenario }, config: ResolvedConfig): { scenario: Scenario; findings: Finding[] } {
  const s = loaded.scenario;
  const findings: Finding[] = [];
  const strategies = new Map(config.strategies.map((x) => [x.name, x]));
  const positions = s.positions.map((p, i) => {
    const strategy = strategies.get(p.strategy);
    if (!strategy) {
      findings.push(finding('TW_DRYRUN_UNKNOWN_STRATEGY', { position: p.id, strategy: p.strategy, version: config.version, suggestion: suggest(p.strategy, strategies.keys()), known: [...strategies.keys()].join(', ') }, loaded.locate(`/positions/${i}/strategy`)));
      return p;
    }
    return { ...p, legs: p.legs.map((l) => (l.contract.underlying ? l : { ...l, contract: contractOf(strategy.underlying, { ...l.contract, underlying: undefined }) })) };
  });
  const rules = new Set(config.rules.map((r) => r.name));
  for (const e of s.expect ?? []) {
    const [kind, body] = Object.entries(e.spec)[0] as [string, { rule?: string }];
    if (body.rule !== undefined && !rules.has(body.rule)) {
      findings.push(finding('TW_DRYRUN_UNKNOWN_RULE', { rule: body.rule, version: config.version, suggestion: suggest(body.rule, rules), known: [...rules].join(', ') }, loaded.locate(`/expect/${e.index}/${kind}/rule`)));
    }
  }
  return { scenario: { ...s, positions }, findings };
}
