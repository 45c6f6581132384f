import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { KernelEvent } from '../../../engine/kernel/index.ts';
import { compareIds, parseId, StreamHub, type Frame } from '../../../adapters/http/stream-hub.ts';

/** The kernel's publishing side as the hub sees it: listeners and a status with the last committed seq. */
function publisher(seq = 0) {
  const listeners = new Set<(e: KernelEvent) => void>();
  return {
    subscribe: (l: (e: KernelEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
    status: () => ({ seq }) as never,
    publish: (e: KernelEvent) => {
      for (const l of listeners) l(e);
    },
  };
}

const alert = (n: number): KernelEvent => ({ type: 'alert', alert: { time: n, severity: 'info', source: 'test', positionId: null, message: `a${n}` } });
const tick = (seq: number): KernelEvent => ({ type: 'tick', summary: { seq, time: seq * 1000 } as never });

/** Publishes `ticks` (events per tick) as the kernel does: the tick's events first, the tick last, synchronously. */
function runTicks(k: ReturnType<typeof publisher>, ticks: number[], from = 1) {
  ticks.forEach((n, i) => {
    for (let j = 0; j < n; j++) k.publish(alert(j));
    k.publish(tick(from + i));
  });
}

describe('the stream hub', () => {
  it('replays exactly the frames after any id it still holds, and reports a gap (evicted) for any id it does not', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 40 }),
      fc.nat(),
      (ticks, capacity, pick) => {
        const k = publisher();
        const hub = new StreamHub(k, capacity);
        const all: Frame[] = [];
        hub.listen((f) => all.push(f));
        runTicks(k, ticks);
        // Ids strictly increase and each tick's frame comes first with index 0.
        for (let i = 1; i < all.length; i++) expect(compareIds(parseId(all[i].id!)!, parseId(all[i - 1].id!)!)).toBeGreaterThan(0);
        expect(all.filter((f) => f.type === 'tick').every((f) => f.id!.endsWith('.0'))).toBe(true);
        const i = pick % all.length;
        const r = hub.resume(all[i].id!);
        const keptFrom = Math.max(0, all.length - capacity);
        if (i + 1 >= keptFrom) {
          expect('frames' in r && r.frames.map((f) => f.id)).toEqual(all.slice(i + 1).map((f) => f.id));
        } else {
          expect('gap' in r && r.gap).toMatchObject({ reason: 'evicted', lastEventId: all[i].id, oldestAvailable: all[keptFrom].id });
        }
        hub.close();
      },
    ), { numRuns: 200, seed: 22 });
  });

  it('numbers events published after a tick without their own as the continuation of that tick', async () => {
    const k = publisher();
    const hub = new StreamHub(k);
    const all: Frame[] = [];
    hub.listen((f) => all.push(f));
    runTicks(k, [1]);
    k.publish(alert(9));
    await Promise.resolve();
    runTicks(k, [0], 2);
    expect(all.map((f) => `${f.type}#${f.id}`)).toEqual(['tick#1.0', 'alert#1.1', 'alert#1.2', 'tick#2.0']);
  });

  it('treats every id from before this process (restart) as not resumable, and an id never issued as ahead', () => {
    const k = publisher(50);
    const hub = new StreamHub(k);
    expect(hub.resume('50.3')).toMatchObject({ gap: { reason: 'restarted', firstMissing: '50.4' } });
    expect(hub.resume('51.0')).toMatchObject({ gap: { reason: 'ahead' } });
    runTicks(k, [2], 51);
    expect(hub.resume('50.9')).toMatchObject({ gap: { reason: 'restarted', oldestAvailable: '51.0' } });
    expect(hub.resume('51.0')).toMatchObject({ frames: [{ id: '51.1' }, { id: '51.2' }] });
    expect(hub.resume('51.2')).toEqual({ frames: [] });
    expect(hub.resume('51.3')).toMatchObject({ gap: { reason: 'ahead' } });
  });
});
