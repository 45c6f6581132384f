/**
 * Starts the fake TWS on its own, so `tickwise start --broker ib` can be pointed at it:
 *
 *   npx tsx scripts/fake-tws.ts --port 7497 [--host 127.0.0.1] [--fill immediate|marketable|working] [--walk-ms 1000] [--verbose]
 *
 * It serves a small built-in market (SPY and SPX with eight weekly expiries, VIX), model quotes with greeks, and
 * fills BAG orders whose limit reaches the legs' net mid (`--fill marketable`, the default). With `--walk-ms N` the
 * underlyings take a small random step every N ms (0 = still).
 */
import { parseArgs } from 'node:util';
import { startFakeTws } from '../test/fake-tws/index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7497' },
    host: { type: 'string', default: '127.0.0.1' },
    fill: { type: 'string', default: 'marketable' },
    'walk-ms': { type: 'string', default: '1000' },
    verbose: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
const walkMs = Number(values['walk-ms']);
const fillModes = ['immediate', 'marketable', 'working'] as const;
const fill = values.fill as (typeof fillModes)[number];
if (!Number.isInteger(port) || port < 0 || port > 65535 || !fillModes.includes(fill) || !(walkMs >= 0)) {
  process.stderr.write('usage: npx tsx scripts/fake-tws.ts --port 7497 [--host 127.0.0.1] [--fill immediate|marketable|working] [--walk-ms 1000] [--verbose]\n');
  process.exit(2);
}

const fake = await startFakeTws({ port, host: values.host, verbose: values.verbose });
fake.fillMode({ mode: fill });
process.stdout.write(`fake TWS listening on ${values.host}:${fake.port} (server version ${fake.serverVersion}, fills: ${fill})\n`);
for (const u of fake.chain.underlyings.values()) {
  const cls = u.classes[0];
  process.stdout.write(`  ${u.symbol} ${u.secType} conId ${u.conId} at ${u.price}${cls ? `, options ${cls.tradingClass} ${cls.expiries[0]}…${cls.expiries.at(-1)}, strikes ${cls.strikes[0]}–${cls.strikes.at(-1)}` : ''}\n`);
}

let walk: NodeJS.Timeout | null = null;
if (walkMs > 0) {
  walk = setInterval(() => {
    for (const u of fake.chain.underlyings.values()) {
      const step = u.symbol === 'VIX' ? 0.05 : u.price * 0.0005;
      fake.setUnderlying(u.symbol, Math.round((u.price + (Math.random() - 0.5) * 2 * step) * 100) / 100);
    }
  }, walkMs);
}

const stop = async () => {
  if (walk) clearInterval(walk);
  await fake.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
