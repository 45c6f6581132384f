/**
 * The contract dictionary of a cache entry: per contract id, the root, expiry, right and strike exactly as the
 * normalized rows hold them (strings or null; a strike may be null, NaN or ±Infinity in a damaged file, and parity
 * treats null and NaN differently, so both survive the round trip through JSON).
 */

/** Per contract id (dense over the whole file; ids outside a replay's range are simply not used). */
export interface ContractTable {
  size: number;
  root: (string | null)[];
  expiry: (string | null)[];
  right: (string | null)[];
  strike: (number | null)[];
}

type StoredStrike = number | null | 'NaN' | 'Infinity' | '-Infinity' | '-0';

const storeStrike = (x: number | null): StoredStrike => (x === null ? null : Number.isNaN(x) ? 'NaN' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : Object.is(x, -0) ? '-0' : x);
const readStrike = (x: StoredStrike): number | null => (x === null ? null : typeof x === 'number' ? x : x === '-0' ? -0 : Number(x));

export function contractsToJson(t: ContractTable): string {
  return JSON.stringify({ size: t.size, root: t.root, expiry: t.expiry, right: t.right, strike: t.strike.map(storeStrike) });
}

/** Parses what contractsToJson wrote; undefined when the text is not such a table. */
export function contractsFromJson(text: string): ContractTable | undefined {
  let raw: { size?: unknown; root?: unknown; expiry?: unknown; right?: unknown; strike?: unknown };
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    return undefined;
  }
  const size = raw?.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) return undefined;
  const lists = [raw.root, raw.expiry, raw.right, raw.strike];
  if (!lists.every((l) => Array.isArray(l) && l.length === size)) return undefined;
  const strings = (l: unknown[]) => l.every((x) => x === null || typeof x === 'string');
  if (!strings(raw.root as unknown[]) || !strings(raw.expiry as unknown[]) || !strings(raw.right as unknown[])) return undefined;
  return { size, root: raw.root as (string | null)[], expiry: raw.expiry as (string | null)[], right: raw.right as (string | null)[], strike: (raw.strike as StoredStrike[]).map(readStrike) };
}
