/**
 * The live stream's last frames (adapters/http/stream-hub.ts), kept so a client resumes across a restart: each frame
 * as sent (`<seq>.<idx>`, its type, its JSON text), bounded to the newest `keep`. It runs on a connection of its own
 * (like the outbox): the frames exist only after the tick's commit (the tick summary, the broker calls' alerts), so
 * they are written right after it, one small transaction per tick, never inside the tick's. A frame written for a
 * tick the store did not commit (a grouped commit a crash lost) is dropped by `load`, whose caller also checks that
 * the newest frame belongs to the last committed tick (else the frames of that tick are not all here).
 */
import type { Db } from './db.ts';
import { TABLES, selectList } from './tables.ts';

export interface StoredFrame {
  seq: number;
  idx: number;
  type: string;
  /** The frame's data as the JSON text that was sent. */
  data: string;
}

export class StreamFrameLog {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * Appends `frames`, in one transaction. The table is bounded to the newest `keep` frames; it is pruned once it holds
   * a quarter more (so not every tick sorts the table), and `load` never returns more than it is asked for.
   */
  async append(frames: readonly StoredFrame[], keep: number): Promise<void> {
    if (frames.length === 0) return;
    const limit = Math.max(1, Math.floor(keep));
    await this.db.run('BEGIN TRANSACTION');
    try {
      await this.db.append(TABLES.streamFrames, frames);
      const [{ n }] = await this.db.allCached<{ n: number }>('SELECT count(*)::DOUBLE AS n FROM stream_frames');
      if (n > limit + Math.floor(limit / 4)) {
        await this.db.runCached(
          `DELETE FROM stream_frames WHERE (seq, idx) IN (SELECT (seq, idx) FROM stream_frames ORDER BY seq DESC, idx DESC OFFSET ?)`,
          [limit],
        );
      }
      await this.db.run('COMMIT');
    } catch (e) {
      await this.db.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /**
   * The newest `limit` frames of ticks up to `lastSeq` (the last committed tick), oldest first. Frames of later ticks
   * (written before a crash lost their commit) are deleted: those ticks run again and their ids are issued anew.
   */
  async load(lastSeq: number, limit: number): Promise<StoredFrame[]> {
    await this.db.run('DELETE FROM stream_frames WHERE seq > ?', [lastSeq]);
    const rows = await this.db.rows<StoredFrame>(
      TABLES.streamFrames,
      `SELECT ${selectList(TABLES.streamFrames)} FROM stream_frames ORDER BY seq DESC, idx DESC LIMIT ?`,
      [Math.max(1, Math.floor(limit))],
    );
    return rows.reverse();
  }

  /** Drops every stored frame (a window that cannot be trusted). */
  async clear(): Promise<void> {
    await this.db.run('DELETE FROM stream_frames');
  }
}
