/**
 * The reloader: hot reload of strategies.yaml and rules/ while the kernel runs. It watches the config folder
 * (node:fs.watch, debounced; rename-style saves are events on the real file name; temporary and backup files are
 * ignored; symbolic links are followed to what they point to, reload-watch.ts) and reloads on demand (SIGHUP,
 * `POST /api/config/reload`). Each attempt: `validateConfigDir`, the one validation path of `validate` and `start`
 * (the underlyings checked against the market feed, as `start` does) → diff against the running version → shadow
 * evaluation → policy →
 * `kernel.reload(config)` (active from the next tick, never inside one) → `kernel.recordReload(row)` → log.
 * A bad edit never reaches the kernel: the running version stays, the findings are logged, recorded and shown in
 * status. This adapter-side piece reads the wall clock for `at` / `loadedAt`; the engine never does. docs/reload.md.
 */
import { formatFinding, validateConfigDir, type Finding, type LoadResult, type UnderlyingCheck } from '../../engine/config/index.ts';
import type { Kernel, KernelLogger } from '../../engine/kernel/index.ts';
import { describeInvalid, formatDiff, planReload, type ConfigDiff, type ShadowSummary } from '../../engine/reload/index.ts';
import { formatTemplate, registry } from '../../engine/errors/index.ts';
import { watchConfig, type ConfigWatcher } from './reload-watch.ts';

export interface ReloaderOptions {
  kernel: Kernel;
  /** The folder tickwise was started with (holds strategies.yaml and rules/). */
  configDir: string;
  log: KernelLogger;
  /** Watch the files and reload on change (default true). */
  watch?: boolean;
  /** Quiet time after the last file event before reloading, in ms (default 25). */
  debounceMs?: number;
  onEvent?: (e: ReloadEvent) => void;
  /** Wall clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Check the strategies' underlyings against the market feed, exactly as `start` did (omitted: not checked). */
  underlyings?: UnderlyingCheck;
}

export interface ReloadResult {
  ok: boolean;
  /** The content hash of the files read (absent when they did not validate). */
  version?: string;
  /** The files match the running (or already pending) version: nothing was done. */
  unchanged?: boolean;
  diff?: ConfigDiff;
  shadow?: ShadowSummary;
  /** Why the policy refused it (TW_RELOAD_TOO_MANY_CLOSES message). */
  refused?: string;
  errors?: Finding[];
}

export type ReloadEvent =
  | { type: 'attempt'; reason: string; at: number }
  | { type: 'result'; reason: string; at: number; result: ReloadResult }
  /** The kernel swapped versions at the start of a tick (published after that tick committed). */
  | { type: 'active'; version: string; from: string; at: number }
  | { type: 'watch-error'; message: string; at: number };

export interface ReloaderStatus {
  /** The running config version. */
  version: string;
  /** Wall time it became active (for the initial version: when the reloader was created). */
  loadedAt: number | null;
  lastFailedReload: { at: number; errors: Finding[]; refused?: string } | null;
  lastDiff: ConfigDiff | null;
  lastShadow: ShadowSummary | null;
  /** A version accepted and waiting for the next tick. */
  pending: string | null;
}

export interface Reloader {
  reloadNow(opts?: { force?: boolean; reason?: string }): Promise<ReloadResult>;
  status(): ReloaderStatus;
  close(): void;
}

export function createReloader(opts: ReloaderOptions): Reloader {
  const { kernel, configDir, log } = opts;
  const now = opts.now ?? Date.now;
  const debounceMs = opts.debounceMs ?? 25;
  const emit = (e: ReloadEvent) => {
    try {
      opts.onEvent?.(e);
    } catch (err) {
      log.error({ err }, 'a reload event listener failed');
    }
  };
  let loadedAt: number | null = now();
  let lastFailedReload: ReloaderStatus['lastFailedReload'] = null;
  let lastDiff: ConfigDiff | null = null;
  let lastShadow: ShadowSummary | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  // Work for the kernel (a new version, a reload row) is handed over between ticks only: the kernel collects both
  // into the tick batch and clears them after the commit, so a hand-over while a tick's commit is in flight would be
  // lost. Inside a tick (store transaction open) it waits for that tick's `tick` event, published after the commit.
  let deferred: { version: string | null; apply: () => void }[] = [];
  const atTickBoundary = (version: string | null, apply: () => void) => {
    if (kernel.store.inTick) deferred.push({ version, apply });
    else apply();
  };
  const deferredVersion = () => [...deferred].reverse().find((d) => d.version !== null)?.version ?? null;
  const unsubscribe = kernel.subscribe((e) => {
    if (e.type === 'tick' && deferred.length) {
      const work = deferred;
      deferred = [];
      for (const d of work) d.apply();
    }
    if (e.type !== 'reload' || !e.ok) return;
    loadedAt = now();
    const from = (e.detail as { from?: string } | null)?.from ?? '';
    emit({ type: 'active', version: e.version, from, at: loadedAt });
  });

  async function attempt(force: boolean, reason: string): Promise<ReloadResult> {
    const at = now();
    emit({ type: 'attempt', reason, at });
    const load = await readConfig(configDir, opts.underlyings);
    const running = kernel.config;
    const plan = planReload({
      running, pendingVersion: deferredVersion() ?? kernel.status().pendingConfigVersion, load, shadow: (c) => kernel.shadow(c),
      managedPositions: kernel.positions().filter((p) => p.phase === 'managed').length, force,
    });
    const context = { reason, forced: force, afterTickSeq: kernel.status().seq };
    let result: ReloadResult;
    if (!plan.ok && !plan.refused) {
      for (const f of plan.errors) log.error({ file: f.file, line: f.line, col: f.col, code: f.code, hint: f.hint }, formatFinding(f));
      log.error({ code: 'TW_RELOAD_INVALID_CONFIG', version: running.version, errors: plan.errors.length, reason }, describeInvalid(plan.errors, running.version));
      atTickBoundary(null, () => kernel.recordReload({ time: at, version: null, ok: false, diff: context, errors: plan.errors }));
      lastFailedReload = { at, errors: plan.errors };
      result = { ok: false, errors: plan.errors };
    } else if (plan.unchanged) {
      if (lastFailedReload) {
        log.info({ version: plan.version, reason }, 'config files match the active version again; the last failed reload is cleared');
        atTickBoundary(null, () => kernel.recordReload({ time: at, version: plan.version, ok: true, diff: { ...context, unchanged: true }, errors: null }));
        lastFailedReload = null;
      } else log.debug({ version: plan.version, reason }, 'config reload: no change');
      result = { ok: true, unchanged: true, version: plan.version! };
    } else if (plan.refused) {
      log.warn({ code: plan.refused.code, version: running.version, candidate: plan.version, closes: plan.refused.closes, limit: plan.refused.limit, shadow: plan.shadow!.lines, changes: formatDiff(plan.diff!), reason }, plan.refused.message);
      atTickBoundary(null, () => kernel.recordReload({ time: at, version: plan.version, ok: false, diff: { ...context, diff: plan.diff, shadow: plan.shadow }, errors: [plan.refused] }));
      lastFailedReload = { at, errors: [], refused: plan.refused.message };
      result = { ok: false, version: plan.version!, diff: plan.diff!, shadow: plan.shadow!, refused: plan.refused.message };
    } else {
      const config = plan.config!;
      const row = { time: at, version: plan.version, ok: true, diff: { ...context, diff: plan.diff, shadow: plan.shadow }, errors: null };
      atTickBoundary(config.version, () => {
        kernel.reload(config);
        kernel.recordReload(row);
      });
      lastFailedReload = null;
      lastDiff = plan.diff;
      lastShadow = plan.shadow;
      log.info({ from: running.version, to: plan.version, changes: formatDiff(plan.diff!), shadow: plan.shadow!.lines, forced: force, reason }, `config reload accepted: ${plan.version} becomes active at the next tick`);
      result = { ok: true, version: plan.version!, diff: plan.diff!, shadow: plan.shadow! };
    }
    emit({ type: 'result', reason, at, result });
    return result;
  }

  function reloadNow(o: { force?: boolean; reason?: string } = {}): Promise<ReloadResult> {
    const run = queue.then(() => attempt(o.force ?? false, o.reason ?? 'on demand'));
    queue = run.catch(() => undefined);
    return run;
  }

  // ------------------------------------------------------------------------------------------------ watching
  let watcher: ConfigWatcher | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const changed = new Set<string>();

  function schedule(rel: string): void {
    if (closed) return;
    changed.add(rel);
    // A link may now point elsewhere (a swapped folder, a new rules file): follow it before the next event.
    watcher?.refresh();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const names = [...changed].sort().join(', ');
      changed.clear();
      reloadNow({ reason: `file change: ${names}` }).catch((err) => log.error({ err }, 'config reload failed unexpectedly'));
    }, debounceMs);
  }

  function watchError(err: unknown): void {
    const message = (err as Error)?.message ?? String(err);
    log.warn({ err, configDir }, 'watching the config folder failed; reload with SIGHUP or the API');
    emit({ type: 'watch-error', message, at: now() });
  }

  if (opts.watch ?? true) watcher = watchConfig(configDir, schedule, watchError);

  return {
    reloadNow,
    status: () => {
      const s = kernel.status();
      return { version: s.configVersion, loadedAt, lastFailedReload, lastDiff, lastShadow, pending: deferredVersion() ?? s.pendingConfigVersion };
    },
    close: () => {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      watcher?.close();
      unsubscribe();
    },
  };
}

/** Lines for the terminal (`tickwise start` prints them as they come): what an attempt did, and when a version became active. */
export function describeReloadEvent(e: ReloadEvent): string[] {
  if (e.type === 'active') return [`config ${e.version} active (was ${e.from})`];
  if (e.type === 'watch-error') return [`warning: watching the config folder failed (${e.message}); reload with SIGHUP`];
  if (e.type === 'attempt') return [];
  const r = e.result;
  if (r.unchanged) return [];
  if (r.errors?.length) return [`config reload failed (${e.reason}): ${r.errors.length} error(s); the running version stays in force`, ...r.errors.map((f) => `  ${formatFinding(f)}`)];
  const detail = [...(r.diff ? formatDiff(r.diff) : []).map((l) => `  ${l}`), ...(r.shadow?.lines ?? []).map((l) => `  shadow: ${l}`)];
  if (r.refused) return [`config reload refused (${e.reason}): ${r.refused}`, ...detail];
  return [`config reload (${e.reason}): ${r.version} accepted, active from the next tick`, ...detail];
}

/** One line of status: the running version, since when, and the last failed attempt if any. */
export function describeReloadStatus(s: ReloaderStatus): string {
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);
  const parts = [`config ${s.version}${s.loadedAt !== null ? ` since ${time(s.loadedAt)}Z` : ''}`];
  if (s.pending) parts.push(`pending ${s.pending}`);
  const f = s.lastFailedReload;
  if (f) parts.push(`last reload ${time(f.at)}Z ${f.refused ? 'refused' : `failed: ${f.errors.length} error(s), first ${f.errors[0] ? `${f.errors[0].file}:${f.errors[0].line}:${f.errors[0].col} ${f.errors[0].code}` : '?'}`}`);
  return parts.join(' | ');
}

/**
 * The reloader's read: `validateConfigDir`, the same path as `validate` and `start` (a missing or unusable folder is
 * a finding here, since a reload must never throw). Anything unexpected becomes TW_RELOAD_READ_FAILED.
 */
export async function readConfig(dir: string, underlyings?: UnderlyingCheck): Promise<LoadResult> {
  try {
    return await validateConfigDir(dir, underlyings ? { underlyings } : {});
  } catch (e) {
    const message = formatTemplate(registry.TW_RELOAD_READ_FAILED.message, { reason: (e as Error)?.message ?? String(e) });
    const spec = registry.TW_RELOAD_READ_FAILED;
    return { config: null, findings: [{ file: '.', line: 1, col: 1, severity: 'error', code: 'TW_RELOAD_READ_FAILED', message, hint: spec.hint, pointer: '' }] };
  }
}
