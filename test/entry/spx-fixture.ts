/** Real SPX quotes (Cboe, 2019-04-25 … 2019-05-08) from ../shared/data, as OptionQuote objects for one quote date. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contractKey, fromExchangeTime, type OptionContract, type OptionQuote } from '../../engine/domain/index.ts';

const CSV = fileURLToPath(new URL('../../../shared/data/spx_options_cboe_20190425_20190508.csv', import.meta.url));

export interface ChainDay {
  date: string;
  underlyingPrice: number;
  quotes: OptionQuote[];
  /** 15:45 New York on that date (the snapshot is late-day). */
  now: number;
}

let cache: Map<string, ChainDay> | null = null;

function load(): Map<string, ChainDay> {
  const text = readFileSync(CSV, 'utf8');
  const lines = text.split('\n');
  const header = lines[0].split(',');
  const col = (name: string): number => header.indexOf(name);
  const [cRoot, cType, cExp, cDate, cStrike, cBid, cAsk, cIv, cDelta, cGamma, cLast, cUnd] =
    ['optionroot', 'type', 'expiration', 'quotedate', 'strike', 'bid', 'ask', 'impliedvol', 'delta', 'gamma', 'last', 'underlying_last'].map(col);
  const days = new Map<string, ChainDay>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const f = line.split(',');
    const date = f[cDate];
    let day = days.get(date);
    if (!day) {
      day = { date, underlyingPrice: Number(f[cUnd]), quotes: [], now: fromExchangeTime(date, 15 * 60 + 45) };
      days.set(date, day);
    }
    const root = /^[A-Z]+/.exec(f[cRoot])?.[0] ?? 'SPX';
    const contract: OptionContract = {
      underlying: 'SPX', root, expiry: f[cExp], right: f[cType] === 'put' ? 'put' : 'call', strike: Number(f[cStrike]),
      multiplier: 100, settlement: 'cash',
    };
    const iv = Number(f[cIv]);
    day.quotes.push({
      key: contractKey(contract), contract, bid: Number(f[cBid]), ask: Number(f[cAsk]), last: Number(f[cLast]),
      delta: Number(f[cDelta]), gamma: Number(f[cGamma]), ...(iv > 0 ? { iv } : { flags: ['zero-iv'] }),
      underlyingPrice: Number(f[cUnd]),
    });
  }
  return days;
}

export function spxChain(date: string): ChainDay {
  cache ??= load();
  const day = cache.get(date);
  if (!day) throw new Error(`no quotes for ${date} in the fixture`);
  return day;
}
