import { afterEach, describe, expect, it } from 'vitest';
import { buildApi } from '../../../adapters/http/index.ts';
import { harness, read, replaceOnce, writeInPlace, type Harness } from '../../reload/helpers.ts';
import { auth, TOKEN } from './helpers.ts';

let open: Harness | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('config reload through the API, with the real reloader', () => {
  it('applies a changed config at the next tick and reports its diff', async () => {
    const h = (open = await harness({ watch: false }));
    await h.kernel.run({ maxTicks: 10 });
    const app = await buildApi({ kernel: h.kernel, reloader: h.reloader, token: TOKEN, host: '127.0.0.1' });
    const v1 = h.kernel.config.version;
    writeInPlace(h.dir, 'strategies.yaml', replaceOnce(read(h.dir, 'strategies.yaml'), 'takeProfitPct: 0.5\n    execution', 'takeProfitPct: 0.6\n    execution'));
    const res = await app.inject({ method: 'POST', url: '/api/config/reload', payload: { reason: 'test' }, headers: auth });
    expect(res.statusCode).toBe(200);
    const { outcome } = res.json();
    expect(outcome.ok).toBe(true);
    expect(outcome.version).not.toBe(v1);
    await h.kernel.step();
    const c = (await app.inject({ url: '/api/config' })).json();
    expect(c.version).toBe(outcome.version);
    expect(c.lastFailedReload).toBeNull();
    expect(c.lastDiff.thresholds).toContainEqual(expect.objectContaining({ strategy: 'spy-iron-condor', param: 'takeProfitPct', from: 0.5, to: 0.6 }));
    expect(c.reloader.version).toBe(outcome.version);
    await app.close();
  }, 120_000);

  it('answers 422 with the findings when the files do not validate, and /api/config shows the failure', async () => {
    const h = (open = await harness({ watch: false }));
    await h.kernel.run({ maxTicks: 5 });
    const app = await buildApi({ kernel: h.kernel, reloader: h.reloader, token: TOKEN, host: '127.0.0.1' });
    const v1 = h.kernel.config.version;
    writeInPlace(h.dir, 'strategies.yaml', replaceOnce(read(h.dir, 'strategies.yaml'), 'takeProfitPct: 0.5\n    execution', 'takeProfitPct: lots\n    execution'));
    const res = await app.inject({ method: 'POST', url: '/api/config/reload', headers: auth });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('TW_HTTP_RELOAD_FAILED');
    expect(body.outcome.ok).toBe(false);
    expect(body.outcome.errors.length).toBeGreaterThan(0);
    await h.kernel.step();
    const c = (await app.inject({ url: '/api/config' })).json();
    expect(c.version).toBe(v1);
    expect(c.lastFailedReload.errors.length).toBeGreaterThan(0);
    expect(c.lastFailedReload.errors[0]).toHaveProperty('file', 'strategies.yaml');
    await app.close();
  }, 120_000);
});
