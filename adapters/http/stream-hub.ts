/**
 * The stream's frames and their replay buffer. Every frame gets the id `<tick seq>.<index>`: the tick's own frame is
 * `<seq>.0` and comes first, then that tick's decisions, transitions, orders, alerts and reloads as `<seq>.1`,
 * `<seq>.2` … in the order the kernel published them. Events published after a tick without a tick of their own (an
 * alert of a commit that failed) continue the last tick's numbering. Ids therefore increase strictly, compared as the
 * pair (seq, index) — not as decimals (`7.10` comes after `7.9`).
 *
 * The hub subscribes to the kernel once per app and keeps the last `capacity` frames. With a frame store
 * (stream-store.ts) it saves every frame and, on start, restores the previous process's last frames, so the buffer
 * survives a restart. A reconnecting client names the last id it saw (`Last-Event-ID`); `resume` answers the frames
 * after it, or says that it cannot (`ResumeGap`): the id is older than the buffer, from before this process started
 * (without a frame store, or when the stored frames could not be trusted), ahead of what was committed, or
 * unreadable. See docs/api.md § Live stream.
 */
import type { Kernel, KernelEvent } from '../../engine/kernel/index.ts';
import type { FrameStore } from './stream-store.ts';

export interface FrameId {
  seq: number;
  index: number;
}

export interface Frame {
  /** `<seq>.<index>`, or null for an event published before this process's first tick (not replayable). */
  id: string | null;
  type: KernelEvent['type'];
  data: unknown;
}

export interface ResumeGap {
  reason: 'evicted' | 'restarted' | 'ahead' | 'unreadable';
  lastEventId: string;
  /** The first id the client may lack: the one right after `lastEventId` (null when that id is unreadable). */
  firstMissing: string | null;
  /** The oldest frame the server still holds (null when none). */
  oldestAvailable: string | null;
}

export const DEFAULT_REPLAY_FRAMES = 4096;
const ID_RE = /^(\d{1,15})\.(\d{1,9})$/;

export const formatId = (id: FrameId): string => `${id.seq}.${id.index}`;

export function parseId(text: string): FrameId | null {
  const m = ID_RE.exec(text.trim());
  return m ? { seq: Number(m[1]), index: Number(m[2]) } : null;
}

export function compareIds(a: FrameId, b: FrameId): number {
  return a.seq - b.seq || a.index - b.index;
}

export class StreamHub {
  readonly #frames: (Frame & { at: FrameId })[] = [];
  readonly #listeners = new Set<(f: Frame) => void>();
  readonly #capacity: number;
  /** Frames at or below this id are not held (evicted, or from before this process: index Infinity). */
  #floor: FrameId | null = null;
  #evicted = false;
  #last: FrameId | null = null;
  #pending: KernelEvent[] = [];
  #flushQueued = false;
  readonly #unsubscribe: () => void;
  readonly #store: FrameStore | null;
  readonly #restored: Promise<void>;

  constructor(kernel: Pick<Kernel, 'subscribe' | 'status'>, capacity = DEFAULT_REPLAY_FRAMES, store: FrameStore | null = null) {
    this.#capacity = Math.max(1, Math.floor(capacity));
    this.#unsubscribe = kernel.subscribe((e) => this.#receive(e));
    // Ticks this process has not published (before it started) cannot be replayed: the floor is "all of them"
    // unless the frame store gives them back.
    const seq = kernel.status().seq;
    this.#floor = { seq, index: Number.POSITIVE_INFINITY };
    this.#store = store;
    this.#restored = store ? store.restore(seq).then((frames) => this.#restore(frames)) : Promise.resolve();
  }

  /** Resolves once the previous process's frames are back in the buffer (at once without a frame store). */
  ready(): Promise<void> {
    return this.#restored;
  }

  /** Stops listening; resolves when every frame sent is saved. */
  async close(): Promise<void> {
    this.#unsubscribe();
    this.#listeners.clear();
    await this.#restored;
    await this.#store?.settled();
  }

  /** The newest frame id, or null before the first. */
  lastId(): string | null {
    return this.#last ? formatId(this.#last) : null;
  }

  /** Registers a live listener; returns its removal. Call in the same synchronous block as `resume` (no gap). */
  listen(listener: (f: Frame) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The held frames after `lastEventId`, or why they cannot be replayed. */
  resume(lastEventId: string): { frames: Frame[] } | { gap: ResumeGap } {
    const oldest = this.#frames[0]?.id ?? null;
    const at = parseId(lastEventId);
    if (!at) return { gap: { reason: 'unreadable', lastEventId, firstMissing: null, oldestAvailable: oldest } };
    const firstMissing = formatId({ seq: at.seq, index: at.index + 1 });
    if (this.#last ? compareIds(at, this.#last) > 0 : at.seq > (this.#floor?.seq ?? 0)) {
      return { gap: { reason: 'ahead', lastEventId, firstMissing, oldestAvailable: oldest } };
    }
    if (this.#floor && compareIds(at, this.#floor) < 0) {
      return { gap: { reason: this.#evicted ? 'evicted' : 'restarted', lastEventId, firstMissing, oldestAvailable: oldest } };
    }
    return { frames: this.#frames.filter((f) => compareIds(f.at, at) > 0) };
  }

  /** Puts the stored frames (of ticks up to the one committed last before this process) before the live ones. */
  #restore(stored: readonly { seq: number; index: number; type: string; data: unknown }[]): void {
    const live = this.#frames[0]?.at;
    const room = this.#capacity - this.#frames.length;
    const older = stored
      .map((f) => ({ id: formatId(f), at: { seq: f.seq, index: f.index }, type: f.type as KernelEvent['type'], data: f.data }))
      .filter((f) => !live || compareIds(f.at, live) < 0)
      .slice(-Math.max(room, 1));
    if (older.length === 0 || room <= 0) return;
    this.#frames.unshift(...older);
    // Below the oldest restored frame nothing is held: older ids are "evicted" (the store keeps only the window).
    this.#floor = { seq: older[0].at.seq, index: older[0].at.index - 1 };
    this.#evicted = true;
    if (!this.#last) this.#last = older[older.length - 1].at;
  }

  #receive(e: KernelEvent): void {
    if (e.type !== 'tick') {
      this.#pending.push(e);
      if (!this.#flushQueued) {
        this.#flushQueued = true;
        // The kernel publishes a tick's events synchronously and the tick last; what is still pending after that
        // synchronous run had no tick of its own.
        queueMicrotask(() => this.#flushStragglers());
      }
      return;
    }
    const seq = e.summary.seq;
    this.#emit({ seq, index: 0 }, e);
    const events = this.#pending.splice(0);
    events.forEach((p, i) => this.#emit({ seq, index: i + 1 }, p));
  }

  #flushStragglers(): void {
    this.#flushQueued = false;
    for (const e of this.#pending.splice(0)) {
      if (!this.#last) this.#send({ id: null, type: e.type, data: payload(e) });
      else this.#emit({ seq: this.#last.seq, index: this.#last.index + 1 }, e);
    }
  }

  #emit(at: FrameId, e: KernelEvent): void {
    const frame = { id: formatId(at), at, type: e.type, data: payload(e) };
    // The first frame of this process is a tick's: every earlier tick (another process's) is below the floor.
    if (!this.#last && !this.#evicted) this.#floor = { seq: at.seq - 1, index: Number.POSITIVE_INFINITY };
    this.#last = at;
    this.#frames.push(frame);
    this.#store?.save({ seq: at.seq, index: at.index, type: frame.type, data: frame.data });
    if (this.#frames.length > this.#capacity) {
      const gone = this.#frames.shift()!;
      this.#floor = gone.at;
      this.#evicted = true;
    }
    this.#send(frame);
  }

  #send(frame: Frame): void {
    const out: Frame = { id: frame.id, type: frame.type, data: frame.data };
    for (const l of this.#listeners) l(out);
  }
}

export function payload(e: KernelEvent): unknown {
  switch (e.type) {
    case 'tick': return e.summary;
    case 'decision': return e.decision;
    case 'transition': return e.transition;
    case 'alert': return e.alert;
    case 'order': return e.order;
    case 'reload': return { version: e.version, ok: e.ok, detail: e.detail };
  }
}
