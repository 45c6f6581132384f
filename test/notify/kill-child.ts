// A delivery worker in its own process, for kill.test.ts: `seed` stores five alerts first, `resume` only delivers.
import { NotifyWorker } from '../../adapters/notify/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { alertsConfig, channel, commitAlerts } from './helpers.ts';

const [dbPath, url, mode] = process.argv.slice(2);
const store = await openStore(dbPath);
if (mode === 'seed') await commitAlerts(store, [1, 2, 3, 4, 5].map((n) => ({ message: `alert number ${n}` })));
const worker = new NotifyWorker({ store, alerts: alertsConfig([channel({ name: 'ops', type: 'webhook', url })], { timeoutSec: 60 }), env: {} });
process.stdout.write('ready\n');
await worker.drain();
await worker.close();
await store.close();
process.stdout.write('drained\n');
