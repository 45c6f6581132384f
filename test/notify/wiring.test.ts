import { afterEach, describe, expect, it } from 'vitest';
import { Kernel } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createSimMarket, createPaperBroker } from '../../adapters/sim/index.ts';
import { missingSecrets, startNotifier } from '../../bin/wiring/notify.ts';
import { shippedConfig } from '../kernel/helpers.ts';
import { alertsConfig, channel, receiver } from './helpers.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

const quiet = { warn: () => undefined, error: () => undefined };

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the notifier of tickwise start', () => {
  it('delivers the alerts the kernel commits (a trading-state change), and a refused reload as a reload alert', async () => {
    const hook = await receiver();
    closers.push(hook.close);
    const base = await shippedConfig();
    const config = { ...base, alerts: alertsConfig([channel({ name: 'ops', type: 'webhook', url: hook.url, minSeverity: 'warning' })]) };
    const store = await openStore(':memory:');
    const kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 7, rate: 0.04 }), broker: createPaperBroker({ startingCashCents: 10_000_000 }), clock: new ManualClock(0) });
    await kernel.start();
    const notifier = startNotifier({ kernel, env: {}, log: quiet });
    closers.push(async () => {
      await notifier.close();
      await kernel.close();
    });
    kernel.control({ type: 'set-trading-state', state: 'HALTED', reason: 'desk says stop' });
    await kernel.run({ maxTicks: 2 });
    await until(() => hook.got.some((g) => /HALTED/.test(String(g.json.message))));
    const halted = hook.got.find((g) => /HALTED/.test(String(g.json.message)))!;
    expect(halted.json).toMatchObject({ severity: 'critical', source: 'trading-state' });
    expect(halted.headers['idempotency-key']).toBe(`${halted.json.id}:ops`);

    notifier.reload({ type: 'result', reason: 'file change', at: 0, result: { ok: false, errors: [{ file: 'rules/exits.yaml', line: 3, col: 7, severity: 'error', code: 'TW_CONFIG_UNKNOWN_KEY', message: 'unknown key "whn"', hint: '', pointer: '' }] } });
    await kernel.run({ maxTicks: 1 });
    await until(() => hook.got.some((g) => g.json.source === 'reload'));
    expect(hook.got.find((g) => g.json.source === 'reload')!.json.message).toMatch(/config reload failed \(file change\): 1 error\(s\); first: rules\/exits\.yaml:3:7 TW_CONFIG_UNKNOWN_KEY/);
    const stored = await store.reads.alerts({ limit: 1000 });
    expect(stored.some((a) => a.source === 'reload')).toBe(true);

    // A reload that changes alerts.yaml: the next alerts go to the new channel only.
    const other = await receiver();
    closers.push(other.close);
    kernel.reload({ ...config, version: `${config.version}-b`, alerts: alertsConfig([channel({ name: 'chat', type: 'slack', url: other.url })]) });
    await kernel.run({ maxTicks: 1 });
    const before = hook.got.length;
    kernel.control({ type: 'set-trading-state', state: 'ACTIVE', reason: 'desk says go' });
    await kernel.run({ maxTicks: 2 });
    await until(() => other.got.some((g) => /ACTIVE/.test(String(g.json.text))));
    expect(hook.got.length).toBe(before);
  }, 60_000);

  it('sends fills as info alerts (kind fill) to a channel that routes them', async () => {
    const hook = await receiver();
    closers.push(hook.close);
    const base = await shippedConfig();
    const config = { ...base, alerts: alertsConfig([channel({ name: 'fills', type: 'webhook', url: hook.url, minSeverity: 'info', routes: { kinds: ['fill'] } })]) };
    const store = await openStore(':memory:');
    const kernel = new Kernel({ config, store, feed: createSimMarket({ seed: 7, rate: 0.04 }), broker: createPaperBroker({ startingCashCents: 10_000_000 }), clock: new ManualClock(0) });
    await kernel.start();
    const notifier = startNotifier({ kernel, env: {}, log: quiet });
    closers.push(async () => {
      await notifier.close();
      await kernel.close();
    });
    const filled: string[] = [];
    kernel.subscribe((e) => e.type === 'order' && e.order.status === 'filled' && filled.push(e.order.clientOrderId));
    await kernel.run({ maxTicks: 30 });
    expect(filled.length).toBeGreaterThan(0);
    await until(() => hook.got.length >= filled.length);
    expect(hook.got.every((g) => g.json.source === 'fill' && g.json.severity === 'info')).toBe(true);
    expect(hook.got.map((g) => String(g.json.message).split(' ')[3]).sort()).toEqual([...filled].sort());
  }, 60_000);

  it('warns about every secret variable a channel needs that is not set', () => {
    const alerts = alertsConfig([channel({ name: 'hook', type: 'webhook', urlEnv: 'HOOK_URL', secretEnv: 'HOOK_SECRET' }), channel({ name: 'off', type: 'telegram', tokenEnv: 'TG', chatId: '1', enabled: false })]);
    expect(missingSecrets(alerts, { HOOK_URL: 'http://x' })).toEqual([expect.stringMatching(/^warning TW_NOTIFY_ENV_MISSING channel "hook": the environment variable HOOK_SECRET \(the signing secret\) is not set/)]);
    expect(missingSecrets(alerts, { HOOK_URL: 'http://x', HOOK_SECRET: 's' })).toEqual([]);
  });
});
