/**
 * docs/api.md's route list, rendered from the routes a real app declares (`npm run gen:docs`): an engine on the
 * shipped config, an in-memory store and the simulated market, its API built but never listening. A new route
 * appears in the list (and in the OpenAPI document) from its own declaration.
 */
import { fileURLToPath } from 'node:url';
import { buildApi, withRouteList } from '../../adapters/http/index.ts';
import { loadConfigDir } from '../../engine/config/index.ts';
import { Kernel } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { simAdapters } from './sim.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** `doc` (docs/api.md) with its generated route list replaced by the app's routes. */
export async function renderApiDoc(doc: string): Promise<string> {
  const { config } = await loadConfigDir(REPO);
  if (!config) throw new Error('the shipped config does not load: run `tickwise validate`');
  const store = await openStore(':memory:');
  const kernel = new Kernel({ config, store, ...simAdapters({ seed: 1, speed: 0, startingEquityCents: 0, rate: config.settings.riskFreeRate }), clock: new ManualClock(0) });
  try {
    const app = await buildApi({ kernel, token: 'gen-docs-token-0123456789', host: '127.0.0.1' });
    await app.ready();
    const text = withRouteList(doc, app);
    await app.close();
    return text;
  } finally {
    await kernel.close();
  }
}
