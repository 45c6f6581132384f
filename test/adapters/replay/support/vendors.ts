/**
 * Synthetic "other vendor" files re-shaped from real rows: the same quotes under different header names, date
 * formats, units, quoting, a BOM and CRLF line endings, so a replay through a column mapping can be compared with
 * the replay of the original layout.
 */
import { readFileSync } from 'node:fs';
import type { Row } from './files.ts';
import { usDate } from './files.ts';

const quoteField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Vendor A: long layout; padded, reordered headers with a BOM; MM/DD/YYYY; `C`/`P`; a root column; IV in percent. */
export const VENDOR_A_MAPPING = `# Vendor A: one row per option
layout: long
dates: MM/DD/YYYY
rights: { call: [C], put: [P] }
units: { iv: percent }
columns:
  quoteDate: Trade Date
  quoteTime: Time
  underlying: Sym
  underlyingPrice: Spot Px
  root: Class
  right: CP
  expiry: Exp
  strike: Strike
  bid: Bid
  ask: Ask
  last: Last
  volume: Volume
  openInterest: OI
  iv: IV%
  delta: Delta
  gamma: Gamma
`;

export function vendorA(rows: Row[], time = (_r: Row) => '15:45'): string {
  const header = ['\uFEFF Trade Date ', ' Time', ' Sym ', 'Class', ' "Spot Px" ', 'CP', 'Exp', ' Strike ', 'Bid', 'Ask', 'Last', 'Volume', 'OI', 'IV%', 'Delta', 'Gamma', 'Venue'];
  const lines = rows.map((r) =>
    [
      usDate(r.quotedate), time(r), quoteField(r.underlying), r.optionroot.replace(/\d.*$/, ''), r.underlying_last, r.type === 'call' ? 'C' : 'P',
      usDate(r.expiration), r.strike, r.bid, r.ask, r.last, r.volume, r.openinterest, String(Number(r.impliedvol) * 100), r.delta, r.gamma, quoteField('CBOE, Chicago'),
    ].join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/** Vendor B (from the SPY file, which has theta and vega): theta per year, vega per 1.00 of volatility. */
export function vendorB(rows: Row[]): string {
  const header = ['date', 'symbol', 'underlying_price', 'option', 'type', 'expiry', 'strike', 'bid', 'ask', 'last', 'iv', 'delta', 'gamma', 'Theta', 'Vega'];
  const lines = rows.map((r) =>
    [r.quotedate, r.underlying, r.underlying_last, r.optionroot, r.type, r.expiration, r.strike, r.bid, r.ask, r.last, r.impliedvol, r.delta, r.gamma, String(Number(r.theta) * 365), String(Number(r.vega) * 100)].join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

export const vendorBMapping = (units: string) => `layout: long
${units}
columns:
  quoteDate: date
  underlying: symbol
  underlyingPrice: underlying_price
  root: option
  right: type
  expiry: expiry
  strike: strike
  bid: bid
  ask: ask
  last: last
  iv: iv
  delta: delta
  gamma: gamma
  theta: Theta
  vega: Vega
`;

/** Vendor C: the OptionsDX fixture's rows as a wide file with `call_*` / `put_*` columns and MM/DD/YYYY dates. */
export function vendorC(optionsdxPath: string): string {
  const lines = readFileSync(optionsdxPath, 'utf8').split('\n').filter(Boolean);
  const header = lines[0].split(',').map((h) => h.trim());
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v.trim()])));
  const out = ['asof;spot;expiry;strike;call_bid;call_ask;call_last;call_iv;call_delta;call_gamma;put_bid;put_ask;put_last;put_iv;put_delta;put_gamma;call_bidsize;call_asksize;put_bidsize;put_asksize'];
  for (const r of rows) {
    const [bs, as] = r['[C_SIZE]'].split('x').map((s) => s.trim());
    const [pbs, pas] = r['[P_SIZE]'].split('x').map((s) => s.trim());
    out.push([usDate(r['[QUOTE_DATE]']), r['[UNDERLYING_LAST]'], usDate(r['[EXPIRE_DATE]']), r['[STRIKE]'], r['[C_BID]'], r['[C_ASK]'], r['[C_LAST]'], r['[C_IV]'], r['[C_DELTA]'], r['[C_GAMMA]'],
      r['[P_BID]'], r['[P_ASK]'], r['[P_LAST]'], r['[P_IV]'], r['[P_DELTA]'], r['[P_GAMMA]'], bs, as, pbs, pas].join(';'));
  }
  return out.join('\n') + '\n';
}

export const VENDOR_C_MAPPING = `layout: wide
dates: MM/DD/YYYY
legs: { call: call, put: put }
columns:
  quoteDate: asof
  underlyingPrice: spot
  expiry: expiry
  strike: strike
  bid: "{leg}_bid"
  ask: "{leg}_ask"
  last: "{leg}_last"
  iv: "{leg}_iv"
  delta: "{leg}_delta"
  gamma: "{leg}_gamma"
  bidSize: "{leg}_bidsize"
  askSize: "{leg}_asksize"
`;
