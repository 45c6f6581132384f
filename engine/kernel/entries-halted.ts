/**
 * "Entries halted by portfolio-circuit-breaker since …": the trading state stays ACTIVE while a `halt-entries` rule
 * blocks entries (it latches nothing: entries resume when the rule stops matching), so the status says it separately.
 * `since` is the tick time of the first tick of the current streak of ticks on which such a decision matched; `by`
 * names this tick's rules. Kept in the store's meta with every tick, so it survives a restart.
 */
import type { GatedTick } from '../risk/index.ts';
import type { KernelState } from './state.ts';

export interface EntriesHalted {
  /** The rules blocking entries on the last tick (halt-entries; halt and close-all too). */
  readonly by: readonly string[];
  /** Tick time of the first tick of the current streak. */
  readonly since: number;
}

/** Follows the streak from this tick's gated decisions. */
export function trackEntriesHalted(k: KernelState, gated: GatedTick): void {
  const by = [...new Set(gated.haltedBy)];
  if (by.length === 0) k.entriesHalted = null;
  else k.entriesHalted = { by, since: k.entriesHalted?.since ?? k.clock.now() };
}

/** The meta rows to store with each tick (recovery reads them back with `restoreHaltStatus`). */
export function haltStatusMeta(k: KernelState): Record<string, unknown> {
  return { entriesHalted: k.entriesHalted, criticalActive: [...k.criticalActive] };
}

/** After recovery: the halt streak and the critical decisions already alerted, as the last committed tick left them. */
export async function restoreHaltStatus(k: KernelState): Promise<void> {
  const rows = await k.store.db.all<{ key: string; value: string | null }>(`SELECT key, value FROM meta WHERE key IN ('entriesHalted', 'criticalActive')`);
  for (const r of rows) {
    const v = parse(r.value);
    if (r.key === 'entriesHalted') k.entriesHalted = isHalted(v) ? { by: v.by, since: v.since } : null;
    if (r.key === 'criticalActive' && Array.isArray(v)) k.criticalActive = new Set(v.filter((x): x is string => typeof x === 'string'));
  }
}

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isHalted(v: unknown): v is EntriesHalted & { by: string[] } {
  const o = v as { by?: unknown; since?: unknown } | null;
  return !!o && Array.isArray(o.by) && o.by.every((x) => typeof x === 'string') && typeof o.since === 'number';
}
