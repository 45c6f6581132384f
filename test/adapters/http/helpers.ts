import { simKernel } from '../../kernel/helpers.ts';
import { buildApi } from '../../../adapters/http/index.ts';

export const TOKEN = 'test-token-0123456789abcdef';
export const auth = { authorization: `Bearer ${TOKEN}` };

/** A real engine (in-memory DuckDB, simulated market, paper broker) that has run `ticks` ticks, and its API. */
export async function apiOnRunningKernel(opts: { ticks?: number; host?: string; rateLimit?: { max: number; timeWindow: string }; reloader?: Parameters<typeof buildApi>[0]['reloader'] } = {}) {
  const sim = await simKernel();
  await sim.kernel.start();
  await sim.kernel.run({ maxTicks: opts.ticks ?? 60 });
  const app = await buildApi({ kernel: sim.kernel, token: TOKEN, host: opts.host ?? '127.0.0.1', rateLimit: opts.rateLimit, reloader: opts.reloader });
  return { ...sim, app };
}
