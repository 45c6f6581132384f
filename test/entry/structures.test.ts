import { describe, expect, it } from 'vitest';
import { STRUCTURES, structureLegsTemplate, isUndefinedRisk } from '../../engine/entry/index.ts';

describe('the structure catalogue', () => {
  it('covers every structure the config accepts', () => {
    expect(Object.keys(STRUCTURES).sort()).toEqual([
      'calendar', 'call-credit-spread', 'iron-butterfly', 'iron-condor', 'long-call-vertical', 'long-put-vertical', 'put-credit-spread', 'short-strangle',
    ]);
  });

  it('marks credit and debit structures and undefined risk', () => {
    const kinds = Object.fromEntries(Object.values(STRUCTURES).map((t) => [t.structure, `${t.kind}/${t.risk}`]));
    expect(kinds).toEqual({
      'iron-condor': 'credit/defined', 'put-credit-spread': 'credit/defined', 'call-credit-spread': 'credit/defined',
      'iron-butterfly': 'credit/defined', 'short-strangle': 'credit/undefined', 'long-call-vertical': 'debit/defined',
      'long-put-vertical': 'debit/defined', calendar: 'debit/defined',
    });
    expect(isUndefinedRisk('short-strangle')).toBe(true);
    expect(isUndefinedRisk('iron-condor')).toBe(false);
  });

  it('gives every sold leg of a defined-risk structure a bought leg of the same right, except calendars across expiries', () => {
    for (const t of Object.values(STRUCTURES)) {
      if (t.risk === 'undefined') continue;
      for (const right of ['put', 'call'] as const) {
        const sells = t.legs.filter((l) => l.right === right && l.side === 'sell').length;
        const buys = t.legs.filter((l) => l.right === right && l.side === 'buy').length;
        expect(buys, `${t.structure} ${right}`).toBeGreaterThanOrEqual(sells);
      }
    }
  });

  it('puts the calendar\'s bought leg in the back month at the same strike', () => {
    expect(structureLegsTemplate('calendar').legs.map((l) => `${l.side} ${l.role} ${l.expiry}`)).toEqual(['sell short-delta front', 'buy same-strike back']);
  });
});
