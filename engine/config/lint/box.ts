/**
 * A box: one conjunction of constraints, a value set per dimension (a fact, or `prev:<fact>` for the previous tick's
 * value a crossing reads) plus opaque literals (conditions the analysis does not model, by key and polarity). A
 * dimension a box does not name is unconstrained. A condition is a disjunction of boxes (see dnf.ts).
 */
import { ATOM_UNIVERSE, complement, intersect, isEmpty, NUM_UNIVERSE, pick, subset, type ValueSet } from './sets.ts';

export interface Box {
  readonly dims: ReadonlyMap<string, ValueSet>;
  /** Opaque literal key → whether it must hold (true) or fail (false). */
  readonly opaque: ReadonlyMap<string, boolean>;
}

export const TRUE_BOX: Box = { dims: new Map(), opaque: new Map() };

export const boxOf = (dim: string, set: ValueSet): Box => ({ dims: new Map([[dim, set]]), opaque: new Map() });
export const opaqueBox = (key: string, holds: boolean): Box => ({ dims: new Map(), opaque: new Map([[key, holds]]) });

/** a ∧ b, or null when it is empty. Throws GiveUp when a dimension is read as two kinds. */
export function meet(a: Box, b: Box): Box | null {
  const dims = new Map(a.dims);
  for (const [d, s] of b.dims) {
    const prior = dims.get(d);
    const m = prior ? intersect(prior, s) : s;
    if (m === null) throw new GiveUp(`${d} is read both as a number and as a value`);
    if (isEmpty(m)) return null;
    dims.set(d, m);
  }
  const opaque = new Map(a.opaque);
  for (const [k, v] of b.opaque) {
    if (opaque.has(k) && opaque.get(k) !== v) return null;
    opaque.set(k, v);
  }
  return { dims, opaque };
}

/** Every point of `a` is in `b`. */
export function within(a: Box, b: Box): boolean {
  for (const [d, s] of b.dims) {
    const mine = a.dims.get(d) ?? (s.kind === 'num' ? NUM_UNIVERSE : ATOM_UNIVERSE);
    if (!subset(mine, s)) return false;
  }
  for (const [k, v] of b.opaque) if (a.opaque.get(k) !== v) return false;
  return true;
}

/** a minus b, as disjoint boxes (empty list: a ⊆ b). */
export function subtract(a: Box, b: Box): Box[] {
  if (meet(a, b) === null) return [a];
  const out: Box[] = [];
  let rest: Box = a;
  for (const [d, s] of b.dims) {
    for (const c of complement(s)) {
      const piece = meet(rest, boxOf(d, c));
      if (piece) out.push(piece);
    }
    const inside = meet(rest, boxOf(d, s));
    if (!inside) return out;
    rest = inside;
  }
  for (const [k, v] of b.opaque) {
    if (rest.opaque.get(k) === v) continue;
    const piece = meet(rest, opaqueBox(k, !v));
    if (piece) out.push(piece);
    const inside = meet(rest, opaqueBox(k, v));
    if (!inside) return out;
    rest = inside;
  }
  return out;
}

/**
 * Whether the union of `a` lies in the union of `b` (every point of a condition is a point of the other). `cap`
 * bounds the work; past it the answer is null (unknown).
 */
export function covered(a: readonly Box[], b: readonly Box[], cap: number): boolean | null {
  let work = 0;
  for (const box of a) {
    if (b.some((x) => within(box, x))) continue;
    let left: Box[] = [box];
    for (const x of b) {
      const next: Box[] = [];
      for (const piece of left) next.push(...subtract(piece, x));
      left = next;
      work += left.length;
      if (work > cap) return null;
      if (left.length === 0) break;
    }
    if (left.length > 0) return false;
  }
  return true;
}

/** A point of a box without opaque literals, as fact values (null for ⊥), or null when the box has opaque parts. */
export function witness(box: Box): Record<string, number | string | boolean | null> | null {
  if (box.opaque.size > 0) return null;
  const out: Record<string, number | string | boolean | null> = {};
  for (const [d, s] of box.dims) out[d] = pick(s);
  return out;
}

/** The analysis cannot say anything sound about this condition (too many boxes, mixed kinds). */
export class GiveUp extends Error {}
