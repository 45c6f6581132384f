/**
 * Rule coverage over a dry-run (docs/dry-run.md, "Rule coverage"): per rule, whether it was reached, won (fired) and
 * was pre-empted, and per leaf condition whether it was true and false, with the scenarios that did each.
 *
 * Every tick's evaluation is recomputed from what the run recorded (the tick's facts, the previous tick's, each
 * position's phase when the rules ran and its hold) with the engine's own evaluator; leaves come from
 * `conditionOutcomes` (short-circuit aware). Recorded decisions are checked against the recomputation: any
 * disagreement is reported, never hidden.
 */
import { parseConfigFile, whereAt, type ConditionNode, type ParsedFile, type ResolvedConfig, type ResolvedRule } from '../../engine/config/index.ts';
import { compileRuleSet, conditionOutcomes, evaluateTick, operatorLabel, withDerivedFacts, type CompiledRule, type CompiledRuleSet, type Facts, type PositionInput, type PositionPhase } from '../../engine/evaluate/index.ts';
import { fmt } from './explain.ts';
import type { ScenarioRun } from './types.ts';
import type { DecisionRecord } from '../../engine/kernel/index.ts';

export interface LeafCoverage {
  /** JSON pointer inside the rule's `when`. */
  pointer: string;
  /** The condition as written, e.g. `lossMultipleOfCredit ≥ stopLossMultiple`. */
  label: string;
  line: number;
  col: number;
  trueIn: string[];
  falseIn: string[];
  /** Evaluations that reached the leaf and found it true / false (every position, every tick). */
  trueCount: number;
  falseCount: number;
}

export interface RuleCoverage {
  /** The config folder, as shown (relative to cwd). */
  config: string;
  rule: string;
  scope: 'position' | 'portfolio';
  /** The rules file, relative to cwd, and the rule's line. */
  file: string;
  line: number;
  reachedIn: string[];
  firedIn: string[];
  preemptedIn: string[];
  leaves: LeafCoverage[];
  goals: number;
  met: number;
}

export interface ConfigCoverage {
  config: string;
  goals: number;
  met: number;
  ratio: number;
}

export interface CoverageReport {
  scenarios: string[];
  /**
   * The config folder the headline and --min-coverage measure: the default one (`--config`) when a scenario ran
   * under it, else null (every config folder together). Other folders are reported beside it.
   */
  gated: string | null;
  goals: number;
  met: number;
  /** met / goals (1 when there are no goals). */
  ratio: number;
  configs: ConfigCoverage[];
  rules: RuleCoverage[];
  /** Recorded decisions the recomputed evaluation does not reproduce (should be none). */
  disagreements: string[];
}

interface Tally {
  rule: RuleCoverage;
  reached: Set<string>;
  fired: Set<string>;
  preempted: Set<string>;
  leaves: Map<string, { leaf: LeafCoverage; t: Set<string>; f: Set<string> }>;
}

function valueText(v: unknown): string {
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as { param?: string; fact?: string };
    if (typeof o.param === 'string') return o.param;
    if (typeof o.fact === 'string') return o.fact;
  }
  return fmt(v);
}

/** A leaf as a trader reads it: `pnlPct ≥ takeProfitPct`, `|delta| ≥ maxPositionDelta`, `itm = false`. */
export function leafLabel(leaf: { fact: string; operator: string; value: unknown }): string {
  return operatorLabel(leaf.operator, leaf.fact, valueText(leaf.value));
}

function leavesOf(node: ConditionNode, pointer: string, out: { pointer: string; leaf: { fact: string; operator: string; value: unknown } }[]): void {
  if ('fact' in node) out.push({ pointer, leaf: node });
  else if ('all' in node) node.all.forEach((c, i) => leavesOf(c, `${pointer}/all/${i}`, out));
  else if ('any' in node) node.any.forEach((c, i) => leavesOf(c, `${pointer}/any/${i}`, out));
  else leavesOf(node.not, `${pointer}/not`, out);
}

const EMPTY: Facts = Object.freeze({});

export interface CoverageCollector {
  /** Adds one scenario's run; `name` identifies the scenario, `configDir` its config folder as shown. */
  add(run: ScenarioRun, name: string, configDir: string): void;
  /** `primary`: the default config folder as shown (see CoverageReport.gated). */
  report(primary?: string): CoverageReport;
}

export function createCoverage(): CoverageCollector {
  const tallies = new Map<string, Tally>();
  const scenarios: string[] = [];
  const disagreements: string[] = [];
  const sets = new WeakMap<ResolvedConfig, CompiledRuleSet>();
  const parsed = new Map<string, ParsedFile | null>();

  function fileOf(config: ResolvedConfig, path: string): ParsedFile | null {
    const key = `${config.version}\u0000${path}`;
    if (!parsed.has(key)) {
      const src = config.sources?.find((s) => s.path === path);
      parsed.set(key, src ? parseConfigFile(path, src.text, 'rules').file : null);
    }
    return parsed.get(key)!;
  }

  function tallyOf(config: ResolvedConfig, configDir: string, r: ResolvedRule): Tally {
    const key = `${configDir}\u0000${r.name}`;
    let t = tallies.get(key);
    if (t) return t;
    const file = fileOf(config, r.source.file);
    const shown = configDir === '.' ? r.source.file : `${configDir}/${r.source.file}`;
    const leaves: Tally['leaves'] = new Map();
    const found: { pointer: string; leaf: { fact: string; operator: string; value: unknown } }[] = [];
    leavesOf(r.when, '', found);
    for (const { pointer, leaf } of found) {
      const at = file && r.source.pointer !== undefined ? whereAt(file, `${r.source.pointer}/when${pointer}`) : { line: r.source.line, col: r.source.col };
      leaves.set(pointer, { leaf: { pointer, label: leafLabel(leaf), line: at.line, col: at.col, trueIn: [], falseIn: [], trueCount: 0, falseCount: 0 }, t: new Set(), f: new Set() });
    }
    t = {
      rule: { config: configDir, rule: r.name, scope: r.scope, file: shown, line: r.source.line, reachedIn: [], firedIn: [], preemptedIn: [], leaves: [], goals: 0, met: 0 },
      reached: new Set(), fired: new Set(), preempted: new Set(), leaves,
    };
    tallies.set(key, t);
    return t;
  }

  function noteLeaves(t: Tally, rule: CompiledRule, name: string, p: Facts, g: Facts, pp: Facts | undefined, pg: Facts | undefined): void {
    t.reached.add(name);
    for (const l of conditionOutcomes(rule, p, g, pp, pg).leaves) {
      if (!l.reached) continue;
      const x = t.leaves.get(l.pointer);
      if (!x) continue;
      if (l.result) { x.t.add(name); x.leaf.trueCount += 1; } else { x.f.add(name); x.leaf.falseCount += 1; }
    }
  }

  function add(run: ScenarioRun, name: string, configDir: string): void {
    scenarios.push(name);
    let set = sets.get(run.config);
    if (!set) sets.set(run.config, (set = compileRuleSet(run.config)));
    const byName = new Map(run.config.rules.map((r) => [r.name, tallyOf(run.config, configDir, r)]));
    run.ticks.forEach((tick, i) => {
      const prev = i > 0 ? run.ticks[i - 1] : undefined;
      const g = tick.portfolio;
      const pg = prev?.portfolio;
      const inputs: PositionInput[] = [];
      for (const [id, facts] of tick.positions) {
        const phase = tick.evaluated.get(id);
        const strategy = tick.strategies.get(id);
        if (phase === undefined || phase === 'closed' || strategy === undefined || !set.positionRules.has(strategy)) continue;
        inputs.push({ id, strategy, phase: phase as PositionPhase, hold: tick.holds.has(id), facts, prevFacts: prev?.positions.get(id) });
      }
      const ev = evaluateTick(set, { portfolio: g, prevPortfolio: pg, positions: inputs });
      // The leaves see what the rules saw: the facts with the derived facts of facts.yaml added.
      const seen = withDerivedFacts(run.config, { portfolio: g, prevPortfolio: pg, positions: inputs });
      for (const rule of set.portfolioRules) noteLeaves(byName.get(rule.name)!, rule, name, EMPTY, seen.portfolio, undefined, seen.prevPortfolio);
      for (const e of ev.portfolioTrace.entries) if (e.matched) byName.get(e.rule)!.fired.add(name);
      for (const input of seen.positions) {
        const trace = ev.traces.get(input.id);
        if (!trace || trace.skipped !== null) continue;
        const rules = set.positionRules.get(input.strategy)!;
        for (const rule of rules) {
          if (input.phase === 'closing' && !rule.escalation) continue;
          noteLeaves(byName.get(rule.name)!, rule, name, input.facts, seen.portfolio, input.prevFacts, seen.prevPortfolio);
        }
        for (const e of trace.entries) {
          if (e.outcome === 'decided' || e.outcome === 'alert') byName.get(e.rule)!.fired.add(name);
          else if (e.outcome === 'preempted') byName.get(e.rule)!.preempted.add(name);
        }
      }
      for (const d of run.decisions) {
        if (d.tickSeq !== tick.index || !byName.has(d.rule)) continue;
        const ok = d.positionId === null ? ev.portfolioDecisions.some((x) => x.rule === d.rule) : recomputedOrFallback(ev.positionDecisions.get(d.positionId), d, run.decisions);
        if (!ok) disagreements.push(`${name}: tick ${tick.index} ${d.positionId ?? 'portfolio'} ${d.rule} was recorded but not recomputed`);
      }
    });
  }

  function report(primary?: string): CoverageReport {
    const rules: RuleCoverage[] = [];
    const sorted = (s: Set<string>) => [...s].sort();
    for (const t of tallies.values()) {
      const r = t.rule;
      r.reachedIn = sorted(t.reached);
      r.firedIn = sorted(t.fired);
      r.preemptedIn = sorted(t.preempted);
      r.leaves = [...t.leaves.values()].map((x) => ({ ...x.leaf, trueIn: sorted(x.t), falseIn: sorted(x.f) }));
      r.goals = 1 + 2 * r.leaves.length;
      r.met = (r.firedIn.length ? 1 : 0) + r.leaves.reduce((n, l) => n + (l.trueIn.length ? 1 : 0) + (l.falseIn.length ? 1 : 0), 0);
      rules.push(r);
    }
    rules.sort((a, b) => (a.config === b.config ? 0 : a.config < b.config ? -1 : 1));
    const sum = (list: readonly RuleCoverage[]) => {
      const goals = list.reduce((n, r) => n + r.goals, 0);
      const met = list.reduce((n, r) => n + r.met, 0);
      return { goals, met, ratio: goals === 0 ? 1 : met / goals };
    };
    const configs = [...new Set(rules.map((r) => r.config))].map((config) => ({ config, ...sum(rules.filter((r) => r.config === config)) }));
    const gated = primary !== undefined && configs.some((c) => c.config === primary) ? primary : null;
    const total = sum(gated === null ? rules : rules.filter((r) => r.config === gated));
    return { scenarios: [...scenarios], gated, ...total, configs, rules, disagreements: [...disagreements] };
  }

  return { add, report };
}

/**
 * A recorded position decision agrees with the recomputation when its rule won the position, or when the winner was
 * recorded unexecutable on that tick and this rule acted in its place (the fallback chain, docs/evaluation.md): one
 * of the winner's pre-empted matches (`fallback: next`), or the winner's own rule closing (`fallback: close`).
 */
function recomputedOrFallback(winner: { rule: string; preempted: readonly string[] } | undefined, d: DecisionRecord, all: readonly DecisionRecord[]): boolean {
  if (!winner) return false;
  if (winner.rule === d.rule) return true;
  const fellThrough = all.some((x) => x.tickSeq === d.tickSeq && x.positionId === d.positionId && x.rule === winner.rule && x.outcome === 'unexecutable');
  return fellThrough && winner.preempted.includes(d.rule);
}
