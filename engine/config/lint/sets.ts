/**
 * The value sets of the lint's boxes. A numeric fact's value is a number (±Infinity included) or "not a number"
 * (⊥: null, undefined, NaN — every numeric operator is false on it, and it equals no number); a boolean or string
 * fact's value is one of a set of atoms (literals, and ⊥ for null/undefined). The string universe is open: no list
 * of the values a string fact takes is trusted, so `notIn` sets stay complements.
 */

/** An interval of the extended reals (possibly empty) plus, when `bottom`, the not-a-number value ⊥. */
export interface NumSet {
  readonly kind: 'num';
  readonly lo: number;
  readonly loOpen: boolean;
  readonly hi: number;
  readonly hiOpen: boolean;
  readonly bottom: boolean;
}

/** `in`: exactly these atoms; `out`: every value but these. Atoms are JSON texts of literals, or BOTTOM. */
export interface AtomSet {
  readonly kind: 'atom';
  readonly mode: 'in' | 'out';
  readonly atoms: ReadonlySet<string>;
}

export type ValueSet = NumSet | AtomSet;

export const BOTTOM = '⊥';

export const num = (lo: number, loOpen: boolean, hi: number, hiOpen: boolean, bottom = false): NumSet => ({ kind: 'num', lo, loOpen, hi, hiOpen, bottom });
export const ALL_NUMBERS = num(-Infinity, false, Infinity, false);
export const NUM_UNIVERSE = num(-Infinity, false, Infinity, false, true);
export const atoms = (mode: 'in' | 'out', list: Iterable<string>): AtomSet => ({ kind: 'atom', mode, atoms: new Set(list) });
export const ATOM_UNIVERSE = atoms('out', []);

export function intervalEmpty(s: NumSet): boolean {
  return s.lo > s.hi || (s.lo === s.hi && (s.loOpen || s.hiOpen));
}

export function isEmpty(s: ValueSet): boolean {
  if (s.kind === 'num') return !s.bottom && intervalEmpty(s);
  return s.mode === 'in' && s.atoms.size === 0;
}

function intersectNum(a: NumSet, b: NumSet): NumSet {
  const [lo, loOpen] = a.lo > b.lo ? [a.lo, a.loOpen] : b.lo > a.lo ? [b.lo, b.loOpen] : [a.lo, a.loOpen || b.loOpen];
  const [hi, hiOpen] = a.hi < b.hi ? [a.hi, a.hiOpen] : b.hi < a.hi ? [b.hi, b.hiOpen] : [a.hi, a.hiOpen || b.hiOpen];
  return num(lo, loOpen, hi, hiOpen, a.bottom && b.bottom);
}

function intersectAtoms(a: AtomSet, b: AtomSet): AtomSet {
  if (a.mode === 'in' && b.mode === 'in') return atoms('in', [...a.atoms].filter((x) => b.atoms.has(x)));
  if (a.mode === 'in') return atoms('in', [...a.atoms].filter((x) => !b.atoms.has(x)));
  if (b.mode === 'in') return atoms('in', [...b.atoms].filter((x) => !a.atoms.has(x)));
  return atoms('out', [...a.atoms, ...b.atoms]);
}

/** a ∩ b; null when the two kinds differ (a fact is read as a number and as an atom: the caller gives up). */
export function intersect(a: ValueSet, b: ValueSet): ValueSet | null {
  if (a.kind === 'num' && b.kind === 'num') return intersectNum(a, b);
  if (a.kind === 'atom' && b.kind === 'atom') return intersectAtoms(a, b);
  return null;
}

/** The complement, as disjoint pieces (a numeric complement can be two intervals). */
export function complement(s: ValueSet): ValueSet[] {
  if (s.kind === 'atom') return [atoms(s.mode === 'in' ? 'out' : 'in', s.atoms)];
  const out: NumSet[] = [];
  if (intervalEmpty(s)) return [num(-Infinity, false, Infinity, false, !s.bottom)];
  if (s.lo > -Infinity || s.loOpen) out.push(num(-Infinity, false, s.lo, !s.loOpen));
  if (s.hi < Infinity || s.hiOpen) out.push(num(s.hi, !s.hiOpen, Infinity, false));
  if (!s.bottom) {
    if (out.length > 0) out[0] = { ...out[0], bottom: true };
    else out.push(num(1, false, 0, false, true));
  }
  return out.filter((x) => !isEmpty(x));
}

/** a ⊆ b (b's kind must match; a different kind is "not known to be a subset"). */
export function subset(a: ValueSet, b: ValueSet): boolean {
  if (isEmpty(a)) return true;
  const meet = intersect(a, b);
  if (meet === null) return false;
  return complement(b).every((c) => {
    const m = intersect(a, c);
    return m !== null && isEmpty(m);
  });
}

/** A value in the set, for an example in a message (null stands for ⊥). Call only on a non-empty set. */
export function pick(s: ValueSet): number | string | boolean | null {
  if (s.kind === 'atom') {
    if (s.mode === 'in') {
      const first = [...s.atoms].find((x) => x !== BOTTOM);
      return first === undefined ? null : (JSON.parse(first) as string | boolean | number);
    }
    for (let i = 0; ; i++) if (!s.atoms.has(JSON.stringify(`other${i || ''}`))) return `other${i || ''}`;
  }
  if (intervalEmpty(s)) return null;
  if (!s.loOpen && Number.isFinite(s.lo)) return s.lo;
  if (!s.hiOpen && Number.isFinite(s.hi)) return s.hi;
  if (Number.isFinite(s.lo) && Number.isFinite(s.hi)) return (s.lo + s.hi) / 2;
  if (Number.isFinite(s.lo)) return s.lo + 1;
  if (Number.isFinite(s.hi)) return s.hi - 1;
  return s.loOpen || s.hiOpen ? 0 : s.lo === s.hi ? s.lo : 0;
}
