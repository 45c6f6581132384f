import type { ErrorObject } from 'ajv/dist/2020.js';
import { HINT } from './schema-conditions.ts';

/**
 * Turns ajv's errors on `anyOf` / `oneOf` schemas into the errors of the one branch a value means, so `validate`
 * reports one precise finding where an editor-friendly schema offers several shapes. The branch is picked by the
 * value's JSON type, then (for mappings) by the first branch whose required keys the mapping has, else the last
 * branch that takes a mapping (a condition leaf). A value no branch's type fits gets one type error naming them all.
 * Errors of editor-only hint schemas (`$comment: HINT`) are dropped: `validate` reports those slips itself.
 */
type Schema = Record<string, unknown>;

const subtrees = new WeakMap<object, WeakSet<object>>();
const hintSets = new WeakMap<object, WeakSet<object>>();

/** Every schema object inside `s`, not following $ref. */
function subtree(s: object): WeakSet<object> {
  let set = subtrees.get(s);
  if (!set) {
    set = new WeakSet();
    collect(s, set);
    subtrees.set(s, set);
  }
  return set;
}

function collect(s: unknown, into: WeakSet<object>): void {
  if (!s || typeof s !== 'object') return;
  into.add(s);
  for (const v of Object.values(s)) collect(v, into);
}

/** The schema objects inside HINT-marked schemas of `root`. */
function hints(root: Schema): WeakSet<object> {
  let set = hintSets.get(root);
  if (!set) {
    const found = new WeakSet<object>();
    const visit = (s: unknown): void => {
      if (!s || typeof s !== 'object') return;
      if ((s as Schema).$comment === HINT) return collect(s, found);
      for (const v of Object.values(s)) visit(v);
    };
    visit(root);
    hintSets.set(root, (set = found));
  }
  return set;
}

function resolve(s: Schema, root: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/$defs/')) return s;
  return ((root.$defs as Record<string, Schema>)[ref.slice('#/$defs/'.length)] ?? s) as Schema;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const fits = (b: Schema, t: string) => b.type === undefined || b.type === t || (b.type === 'number' && t === 'integer');

/** The index of the branch `value` means, or -1 when no branch takes its type. */
export function pickBranch(branches: Schema[], value: unknown): number {
  const t = jsonType(value);
  const candidates = branches.map((b, i) => (fits(b, t) ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return -1;
  if (t !== 'object') return candidates[0];
  const keys = Object.keys(value as object);
  const claimed = candidates.find((i) => ((branches[i].required ?? []) as string[]).some((k) => keys.includes(k)));
  return claimed ?? candidates[candidates.length - 1];
}

const under = (path: string, p: string) => path.startsWith(`${p}/`);
const firstKey = (path: string, p: string) => path.slice(p.length + 1).split('/')[0].replace(/~1/g, '/').replace(/~0/g, '~');

/** ajv's errors with anyOf/oneOf noise replaced by the chosen branch's errors, and hint errors dropped. */
export function pruneBranches(errors: readonly ErrorObject[], root: Schema): ErrorObject[] {
  const hinted = hints(root);
  const list = errors.filter((e) => !hinted.has(e.parentSchema as object) && e.keyword !== 'allOf');
  const drop = new Set<ErrorObject>();
  const replace = new Map<ErrorObject, ErrorObject>();
  for (const a of list) {
    if (a.keyword !== 'anyOf' && a.keyword !== 'oneOf') continue;
    const branches = (a.schema as Schema[]).map((b) => resolve(b, root));
    const k = pickBranch(branches, a.data);
    const chosen = k >= 0 ? branches[k] : null;
    const own = chosen ? subtree(chosen) : null;
    const props = Object.keys((chosen?.properties ?? {}) as object);
    for (const e of list) {
      if (e === a) continue;
      if (e.instancePath === a.instancePath) {
        if (!own || !own.has(e.parentSchema as object)) drop.add(e);
      } else if (under(e.instancePath, a.instancePath)) {
        const key = firstKey(e.instancePath, a.instancePath);
        const inside = chosen && (props.includes(key) || (chosen.type === 'array' && /^\d+$/.test(key)));
        if (!inside) drop.add(e);
      }
    }
    if (chosen) drop.add(a);
    else {
      const types = [...new Set(branches.map((b) => b.type).filter((t): t is string => typeof t === 'string'))];
      replace.set(a, { ...a, keyword: 'type', params: { type: types.join(',') }, message: `must be ${types.join(',')}` });
    }
  }
  return list.filter((e) => !drop.has(e)).map((e) => replace.get(e) ?? e);
}
