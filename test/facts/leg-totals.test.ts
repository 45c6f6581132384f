import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTS_SQL } from '../../engine/facts/index.ts';
import { avg, count, earliest, max, min, sum } from '../../engine/facts/leg-reduce.ts';
import { any, keys, where, worst, type LegTotal } from '../../engine/facts/leg-total.ts';
import { LEG_COLUMNS, newLegView, writeSlots, type LegView } from '../../engine/facts/leg-view.ts';
import { FIELDS } from '../../engine/facts/row.ts';
import { openStore, type SqlParam, type Store } from '../../engine/store/index.ts';
import { prng } from '../support/prng.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore(':memory:');
});
afterAll(async () => {
  await store.close();
});

const SHORT = where('l.quantity < 0', (l) => l.quantity < 0);
const UNQUOTED = 'unquoted' as const;
/** One of each kind and option: filters, strict, empty values, fields and computed terms. */
const KINDS: Record<string, LegTotal<unknown>> = {
  sum: sum(100, { x: 'mid' }),
  sumShortTerm: sum(-1, { where: SHORT, x: { sql: 'l.mid - l.strike', of: (l) => (l.mid === null ? null : l.mid - l.strike) }, empty: 0 }),
  min: min({ x: 'delta' }),
  minShortEmpty: min({ where: 'short', x: 'delta', empty: -7 }),
  maxStrict: max({ strict: true, x: 'ageSec' }),
  maxShortStrictEmpty: max({ where: SHORT, strict: true, x: { sql: 'abs(l.delta)', of: (l) => (l.delta === null ? null : Math.abs(l.delta)) }, empty: 0 }),
  avg: avg({ x: 'iv' }),
  avgShort: avg({ where: SHORT, x: 'iv' }),
  earliest: earliest({ x: 'expiry' }),
  count: count('short'),
  countTerm: count(SHORT),
  any: any('stale'),
  anyTerm: any(where('l.mid > 2', (l) => l.mid !== null && l.mid > 2)),
  keys: keys(UNQUOTED),
  keysTerm: keys(where('l.stale', (l) => l.stale)),
  worst: worst(['last', 'model', 'quote'], { sql: 'l.mark_source', of: (l) => l.source }),
};

function randomLegs(r: () => number): LegView[] {
  const n = 1 + Math.floor(r() * 5);
  const maybe = (v: number) => (r() < 0.2 ? null : v);
  return Array.from({ length: n }, (_, j) => derived({
    ...newLegView(),
    key: `K${Math.floor(r() * 1000)}-${j}`, quantity: (r() < 0.5 ? -1 : 1) * (1 + Math.floor(r() * 3)), multiplier: 100,
    expiry: ['2026-03-20', '2026-04-17', '2026-05-15'][Math.floor(r() * 3)], right: r() < 0.5 ? 'put' as const : 'call' as const,
    strike: 400 + Math.floor(r() * 100), mid: maybe(Math.round(r() * 500) / 100), delta: maybe(r() - 0.5), iv: maybe(0.1 + r() * 0.3),
    ageSec: maybe(Math.round(r() * 900)), stale: r() < 0.3, source: (['quote', 'last', 'model'] as const)[Math.floor(r() * 3)],
  }));
}

/** The view fields that are expressions over other columns, as `viewLeg` sets them. */
function derived(l: LegView): LegView {
  const v = { ...l, short: l.quantity < 0, unquoted: l.mid === null, nums: new Float64Array(l.nums.length) };
  writeSlots(v);
  return v;
}

/** The legs as a `leg_q` VALUES table (every view column, typed as the facts query types them). */
function legQ(legs: LegView[]): { sql: string; params: SqlParam[] } {
  // the stored columns only (`short`, `unquoted` are expressions over them)
  const names = (Object.keys(LEG_COLUMNS) as (keyof typeof LEG_COLUMNS)[]).filter((n) => /^l\.[\w"]+$/.test(LEG_COLUMNS[n]));
  const types: Partial<Record<keyof typeof LEG_COLUMNS, string>> = {
    key: 'VARCHAR', quantity: 'BIGINT', multiplier: 'DOUBLE', expiry: 'VARCHAR', right: 'VARCHAR', strike: 'DOUBLE', mid: 'DOUBLE', delta: 'DOUBLE',
    gamma: 'DOUBLE', thetaPerDay: 'DOUBLE', vegaPerPoint: 'DOUBLE', iv: 'DOUBLE', source: 'VARCHAR', ageSec: 'DOUBLE', stale: 'BOOLEAN', underlyingPrice: 'DOUBLE',
  };
  const row = `(${names.map((n) => `?::${types[n]!}`).join(', ')})`;
  const columns = names.map((n) => LEG_COLUMNS[n].slice(2));
  return { sql: `leg_q(${columns.join(', ')}) AS (VALUES ${legs.map(() => row).join(', ')})`, params: legs.flatMap((l) => names.map((n) => l[n] as SqlParam)) };
}

describe('leg totals: each kind computes in memory what its SQL computes', () => {
  it('on 200 random leg sets (short and long legs, missing values, stale legs, every mark source)', async () => {
    const r = prng(21);
    const names = Object.keys(KINDS);
    for (let round = 0; round < 200; round++) {
      const legs = randomLegs(r);
      const q = legQ(legs);
      const { columns } = await store.db.columns(`WITH ${q.sql} SELECT ${names.map((n) => `(${KINDS[n].sql}) AS ${n}`).join(', ')} FROM leg_q l`, q.params);
      for (const n of names) {
        const sql = columns[n][0];
        const mem = KINDS[n].reduce(legs, legs.length);
        const want = typeof sql === 'bigint' ? Number(sql) : sql;
        if (typeof want === 'number' && typeof mem === 'number') expect(mem, `round ${round} ${n}`).toBeCloseTo(want, 9);
        else expect(mem, `round ${round} ${n}`).toEqual(want);
      }
    }
  });

  it('reads only the first n views (the memory path reuses a pool of them)', () => {
    const legs = randomLegs(prng(5));
    const stale = derived({ ...legs[0], key: 'extra', quantity: -9, mid: null, delta: 9, iv: 9, ageSec: null, stale: true, source: 'last' as const, expiry: '2020-01-01' });
    for (const n of Object.keys(KINDS)) expect(KINDS[n].reduce([...legs, stale], legs.length), n).toEqual(KINDS[n].reduce(legs, legs.length));
  });
});

describe('the facts query', () => {
  it('returns exactly the declared columns, in FIELDS order', async () => {
    const { columns } = await store.db.columns(FACTS_SQL);
    expect(Object.keys(columns)).toEqual([...FIELDS]);
  });
});
