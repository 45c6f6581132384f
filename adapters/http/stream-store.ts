/**
 * The stream's frames in the store (engine/store/stream-frames.ts), so the replay buffer survives a restart. Frames are
 * saved as they are sent: the frames of one synchronous publication (a tick and its events) in one small transaction,
 * one save after the other, after the commit of their tick. On start the hub restores the newest frames, but only when
 * the newest belongs to the last committed tick: otherwise frames of a committed tick were lost (a crash between the
 * commit and the save) and a restored window would hide them, so the table is emptied and the client gets a reset.
 * A frame is stored as the JSON text that was sent, so a restored frame equals the live one: same id, type and data.
 */
import type { StoredFrame, StreamFrameLog } from '../../engine/store/index.ts';

/** What the hub needs of the store's frame log. */
export type FrameLog = Pick<StreamFrameLog, 'append' | 'load' | 'clear'>;

export interface SavedFrame {
  seq: number;
  index: number;
  type: string;
  data: unknown;
}

/** JSON that survives BigInt (as a decimal string) and never throws on a cycle-free value. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

export class FrameStore {
  readonly #log: Promise<FrameLog>;
  readonly #keep: number;
  readonly #onError: (err: unknown) => void;
  #chain: Promise<unknown> = Promise.resolve();
  #unsaved: StoredFrame[] = [];

  constructor(log: Promise<FrameLog>, keep: number, onError: (err: unknown) => void) {
    this.#log = log;
    this.#keep = keep;
    this.#onError = onError;
  }

  /** The newest stored frames (oldest first) when they end at tick `lastSeq`, else none (and the table is emptied). */
  restore(lastSeq: number): Promise<SavedFrame[]> {
    const done = this.#chain.then(async () => {
      const log = await this.#log;
      const rows = await log.load(lastSeq, this.#keep);
      if (rows.length && rows[rows.length - 1].seq === lastSeq) {
        return rows.map((r) => ({ seq: r.seq, index: r.idx, type: r.type, data: JSON.parse(r.data) as unknown }));
      }
      // Keeping an incomplete window would let a later restore replay across the lost frames: a silent gap.
      if (rows.length) await log.clear();
      return [];
    });
    this.#chain = done.catch((err: unknown) => this.#onError(err));
    return done.catch(() => []);
  }

  /** Queues a frame; the frames queued in one synchronous run are saved together. */
  save(frame: SavedFrame): void {
    if (this.#unsaved.length === 0) queueMicrotask(() => this.#flush());
    this.#unsaved.push({ seq: frame.seq, idx: frame.index, type: frame.type, data: safeJson(frame.data) });
  }

  /** Resolves when every queued frame is saved (or its save failed and was reported). */
  async settled(): Promise<void> {
    this.#flush();
    await this.#chain;
  }

  #flush(): void {
    const batch = this.#unsaved.splice(0);
    if (batch.length === 0) return;
    this.#chain = this.#chain.then(async () => (await this.#log).append(batch, this.#keep)).catch((err: unknown) => this.#onError(err));
  }
}
