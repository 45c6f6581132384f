/**
 * One rule bound to one set of parameters, analysed: its boxes (or null when the analysis gave up), and the parts
 * of its condition that can never be true, each with the node that makes it so.
 */
import type { ConditionNode, ParamValue, ResolvedRule } from '../types.ts';
import { GiveUp, meet, TRUE_BOX, type Box } from './box.ts';
import { toBoxes } from './dnf.ts';

export interface NeverTrue {
  /** Pointer (below the rule) of the node that can never be true: `/when`, `/when/any/1`. */
  node: string;
  /** Pointer of the condition to blame: the leaf that contradicts the ones before it, or `node` itself. */
  culprit: string;
  /** The culprit is impossible on its own (true), or only together with its siblings before it (false). */
  alone: boolean;
}

export interface Analysed {
  /** The condition as boxes; [] never true; null unknown. */
  boxes: Box[] | null;
  neverTrue: NeverTrue[];
}

type Params = Readonly<Record<string, ParamValue>>;

function boxesOrNull(node: ConditionNode, params: Params): Box[] | null {
  try {
    return toBoxes(node, params);
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
}

const childrenOf = (n: ConditionNode): [string, ConditionNode][] => {
  const r = n as unknown as Record<string, unknown>;
  const has = (k: string) => Object.prototype.hasOwnProperty.call(r, k);
  for (const k of ['any', 'all'] as const) if (has(k)) return Array.isArray(r[k]) ? (r[k] as ConditionNode[]).map((c, i) => [`/${k}/${i}`, c]) : [];
  if (has('not') && typeof r.not === 'object' && r.not !== null) return [['/not', r.not as ConditionNode]];
  return [];
};

/** Within an `all` that is never true: the first child that makes the conjunction empty. */
function blame(node: ConditionNode, pointer: string, params: Params): { culprit: string; alone: boolean } {
  const r = node as unknown as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(r, 'any') && Array.isArray(r.all)) {
    let acc: Box[] = [TRUE_BOX];
    for (const [sub, child] of childrenOf(node)) {
      const own = boxesOrNull(child, params);
      if (own === null) return { culprit: pointer, alone: true };
      if (own.length === 0) return blame(child, pointer + sub, params);
      const next: Box[] = [];
      for (const a of acc) for (const b of own) { const m = meet(a, b); if (m) next.push(m); }
      if (next.length === 0) return { culprit: pointer + sub, alone: false };
      acc = next;
    }
  }
  return { culprit: pointer, alone: true };
}

/** Every topmost node of the tree (the root included) that can never be true. */
function findNeverTrue(node: ConditionNode, pointer: string, params: Params, out: NeverTrue[], boxes?: Box[] | null): void {
  const own = boxes !== undefined ? boxes : boxesOrNull(node, params);
  if (own !== null && own.length === 0) {
    out.push({ node: pointer, ...safeBlame(node, pointer, params) });
    return;
  }
  for (const [sub, child] of childrenOf(node)) findNeverTrue(child, pointer + sub, params, out);
}

function safeBlame(node: ConditionNode, pointer: string, params: Params): { culprit: string; alone: boolean } {
  try {
    return blame(node, pointer, params);
  } catch (e) {
    if (e instanceof GiveUp) return { culprit: pointer, alone: true };
    throw e;
  }
}

/** Analyses `rule` with `params` (a strategy's ruleParams, or the portfolio's). */
export function analyse(rule: ResolvedRule, params: Params): Analysed {
  const boxes = boxesOrNull(rule.when, params);
  const neverTrue: NeverTrue[] = [];
  findNeverTrue(rule.when, '/when', params, neverTrue, boxes);
  return { boxes, neverTrue };
}
