/**
 * The lint's checks over a resolved config, as plain results (report.ts turns them into findings): rules no
 * strategy manages, conditions that can never be true, rules always pre-empted by a higher-priority exclusive rule,
 * and overlapping exits whose order visibly matters. Position rules are analysed per managing strategy with its
 * `ruleParams` (the strategy's overrides over the rule's defaults), portfolio rules with `portfolioRuleParams`.
 */
import { ACTIONS_BY_NAME } from '../../catalogue/index.ts';
import type { ParamValue, ResolvedConfig, ResolvedRule, ResolvedStrategy } from '../types.ts';
import { covered, GiveUp, meet, witness, type Box } from './box.ts';
import { analyse, type Analysed, type NeverTrue } from './conditions.ts';
import { MAX_BOXES } from './dnf.ts';

export interface Unmanaged { rule: ResolvedRule; disabledOnly: readonly string[] }
export interface NeverTrueResult {
  rule: ResolvedRule;
  part: NeverTrue;
  /** The parameters of the first instance found (to show the bound values); null strategies: the portfolio. */
  params: Readonly<Record<string, ParamValue>>;
  strategies: readonly string[] | null;
  managers: readonly string[] | null;
}
export interface Shadowed { rule: ResolvedRule; shadow: ResolvedRule; strategies: readonly string[]; managers: readonly string[] }
export interface Overlap { rule: ResolvedRule; winner: ResolvedRule; strategies: readonly string[]; managers: readonly string[]; example: Record<string, unknown> }

export interface LintResults {
  unmanaged: Unmanaged[];
  neverTrue: NeverTrueResult[];
  shadowed: Shadowed[];
  overlaps: Overlap[];
}

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;

/** Exclusive actions that are never unexecutable (catalogue: no `unexecutableWhen`): a winner with one of them always acts. */
const ALWAYS_EXECUTABLE: ReadonlySet<string> = new Set([...ACTIONS_BY_NAME.values()].filter((a) => a.exclusive && a.unexecutableWhen === undefined).map((a) => a.name));
/**
 * Whether a winning rule may hand the decision down to a lower match in the same tick: an action that can be
 * unexecutable (a roll, or any action not known to be always executable) with `fallback: next` (the default).
 */
export const canHandDown = (r: ResolvedRule) => !ALWAYS_EXECUTABLE.has(r.then.action) && (r.then.fallback ?? 'next') === 'next';
const exclusive = (r: ResolvedRule) => r.exclusive;
const actionOf = (r: ResolvedRule) => `${r.then.action}${r.then.orderStyle === 'marketable' ? ' marketable' : ''}`;

function group<K, V>(list: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const v of list) out.set(key(v), [...(out.get(key(v)) ?? []), v]);
  return out;
}

export function lintResults(config: ResolvedConfig): LintResults {
  const byName = new Map(config.rules.map((r) => [r.name, r]));
  const managers = new Map<string, ResolvedStrategy[]>();
  for (const s of config.strategies) for (const n of s.rules) managers.set(n, [...(managers.get(n) ?? []), s]);
  const cache = new Map<string, Analysed>();
  const analysed = (r: ResolvedRule, params: Readonly<Record<string, ParamValue>>): Analysed => {
    const key = `${r.name}\u0000${JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    let a = cache.get(key);
    if (!a) cache.set(key, (a = analyse(r, params)));
    return a;
  };
  const paramsFor = (r: ResolvedRule, s: ResolvedStrategy) => s.ruleParams[r.name] ?? r.params;
  const out: LintResults = { unmanaged: [], neverTrue: [], shadowed: [], overlaps: [] };

  for (const r of config.rules) {
    if (r.scope === 'portfolio') {
      const params = config.portfolioRuleParams[r.name] ?? r.params;
      for (const part of analysed(r, params).neverTrue) out.neverTrue.push({ rule: r, part, params, strategies: null, managers: null });
      continue;
    }
    const ms = managers.get(r.name) ?? [];
    if (ms.length === 0 || ms.every((s) => !s.enabled)) out.unmanaged.push({ rule: r, disabledOnly: ms.map((s) => s.name) });
    const parts = ms.flatMap((s) => analysed(r, paramsFor(r, s)).neverTrue.map((part) => ({ s, part })));
    for (const list of group(parts, (p) => `${p.part.node}|${p.part.culprit}`).values()) {
      out.neverTrue.push({ rule: r, part: list[0].part, params: paramsFor(r, list[0].s), strategies: list.map((p) => p.s.name), managers: ms.map((s) => s.name) });
    }
  }

  const shadowHits: { rule: ResolvedRule; shadow: ResolvedRule; s: string }[] = [];
  const overlapHits: { rule: ResolvedRule; winner: ResolvedRule; s: string; example: Record<string, unknown> }[] = [];
  for (const s of config.strategies) {
    const list = s.rules.map((n) => byName.get(n)).filter((r): r is ResolvedRule => r !== undefined && r.scope === 'position' && exclusive(r));
    list.forEach((b, j) => {
      const mine = analysed(b, paramsFor(b, s)).boxes;
      if (mine === null || mine.length === 0) return;
      let shadowedHere = false;
      for (const a of list.slice(0, j)) {
        if (a.priority <= b.priority || canHandDown(a) || (b.escalation && !a.escalation)) continue;
        const theirs = analysed(a, paramsFor(a, s)).boxes;
        if (theirs === null || theirs.length === 0) continue;
        if (safe(() => covered(mine, theirs, MAX_BOXES * 16)) === true) {
          shadowHits.push({ rule: b, shadow: a, s: s.name });
          shadowedHere = true;
          break;
        }
      }
      if (shadowedHere) return;
      for (const a of list.slice(0, j)) {
        if (a.priority <= b.priority || actionOf(a) === actionOf(b) || SEVERITY_RANK[b.severity] <= SEVERITY_RANK[a.severity]) continue;
        const theirs = analysed(a, paramsFor(a, s)).boxes;
        const example = theirs === null ? null : safe(() => bothHold(mine, theirs));
        if (example) overlapHits.push({ rule: b, winner: a, s: s.name, example });
      }
    });
  }
  for (const hits of group(shadowHits, (h) => `${h.rule.name}|${h.shadow.name}`).values()) {
    const { rule, shadow } = hits[0];
    out.shadowed.push({ rule, shadow, strategies: hits.map((h) => h.s), managers: (managers.get(rule.name) ?? []).map((s) => s.name) });
  }
  // One finding per example: strategies whose parameters differ may need different fact values.
  for (const hits of group(overlapHits, (h) => `${h.rule.name}|${h.winner.name}|${JSON.stringify(h.example)}`).values()) {
    const { rule, winner, example } = hits[0];
    out.overlaps.push({ rule, winner, example, strategies: hits.map((h) => h.s), managers: (managers.get(rule.name) ?? []).map((s) => s.name) });
  }
  return out;
}

/** Fact values for which both conditions hold (a box of their meet without opaque parts), or null. */
function bothHold(a: readonly Box[], b: readonly Box[]): Record<string, unknown> | null {
  for (const x of a) {
    for (const y of b) {
      const m = meet(x, y);
      const w = m ? witness(m) : null;
      if (w) return w;
    }
  }
  return null;
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
}
