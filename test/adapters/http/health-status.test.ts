import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApi } from '../../../adapters/http/index.ts';
import { createStatusPrinter } from '../../../bin/wiring/status.ts';
import type { Kernel, KernelEvent } from '../../../engine/kernel/index.ts';
import { breakerKernel } from '../../kernel/breaker-helpers.ts';
import { editedSimKernel } from '../../kernel/degraded-helpers.ts';
import { TOKEN } from './helpers.ts';

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close().catch(() => undefined);
});

/** The stream's hello frame, over a loopback socket. */
async function hello(port: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/stream', headers: { accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const m = /event: hello\ndata: (.*)\n\n/.exec(buffer);
        if (m) {
          req.destroy();
          resolve(JSON.parse(m[1]!));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function served(kernel: Kernel) {
  const app = await buildApi({ kernel, token: TOKEN, host: '127.0.0.1' });
  open.push(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as AddressInfo).port };
}

/** The status line a terminal shows, fed with the kernel's events. */
function statusLines(kernel: Kernel): string[] {
  const lines: string[] = [];
  const out = Object.assign(new Writable({ write(chunk, _e, done) { lines.push(String(chunk)); done(); } }), { isTTY: true });
  const printer = createStatusPrinter(out);
  kernel.subscribe((e: KernelEvent) => printer.kernel(e));
  return lines;
}

describe('the state as /api/health, the hello frame and the status line show it', () => {
  it('says entries are halted by the circuit breaker, and since when, while the trading state is ACTIVE', async () => {
    const { kernel } = await breakerKernel();
    open.push(kernel);
    const lines = statusLines(kernel);
    await kernel.start();
    const first = (await kernel.step())!;
    await kernel.run({ maxTicks: 2 });
    const { app, port } = await served(kernel);
    const health = (await app.inject({ url: '/api/health' })).json();
    expect(health).toMatchObject({ tradingState: 'ACTIVE', latchedTradingState: 'ACTIVE', degraded: null, entriesHalted: { by: ['portfolio-circuit-breaker'], since: first.time } });
    const h = await hello(port);
    expect({ tradingState: h.tradingState, entriesHalted: h.entriesHalted, degraded: h.degraded }).toEqual({ tradingState: 'ACTIVE', entriesHalted: health.entriesHalted, degraded: null });
    // 2026-01-05 09:30 New York is the sim's first tick.
    expect(lines.at(-1)).toMatch(/\| ACTIVE \| entries halted by portfolio-circuit-breaker since 09:30 ET \|/);
    expect(lines.some((l) => l.includes('critical: portfolio-circuit-breaker: entries halted'))).toBe(true);
  });

  it('shows DEGRADED with its since and reasons while an underlying has no price', async () => {
    const { kernel } = await editedSimKernel((t, n) => (n >= 2 ? { ...t, underlyings: t.underlyings.map((u) => (u.symbol === 'SPY' ? { ...u, price: Number.NaN } : u)) } : t));
    open.push(kernel);
    const lines = statusLines(kernel);
    await kernel.start();
    await kernel.step();
    const second = (await kernel.step())!;
    const { app, port } = await served(kernel);
    const health = (await app.inject({ url: '/api/health' })).json();
    expect(health).toMatchObject({ tradingState: 'DEGRADED', latchedTradingState: 'ACTIVE', entriesHalted: null });
    expect(health.degraded.since).toBe(second.time);
    expect(health.degraded.reasons[0].kind).toBe('underlying');
    expect(health.degraded.reasons[0].message).toMatch(/^underlying SPY has no usable price/);
    const h = await hello(port);
    expect(h.degraded).toEqual(health.degraded);
    expect(h.tradingState).toBe('DEGRADED');
    expect(lines.at(-1)).toMatch(/\| DEGRADED since 09:35 ET \(underlying\) \|/);
    expect(lines.some((l) => /warning: DEGRADED: underlying SPY has no usable price/.test(l))).toBe(true);
  });
});
