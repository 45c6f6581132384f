/** A kernel running on a temporary copy of the shipped config (so tests can edit it on disk), and file edits. */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigDir, loadConfigFromFiles, type ResolvedConfig } from '../../engine/config/index.ts';
import { Kernel, type KernelEvent, type KernelLogger } from '../../engine/kernel/index.ts';
import { ManualClock } from '../../engine/ports/index.ts';
import { openStore } from '../../engine/store/index.ts';
import { createPaperBroker, createSimMarket } from '../../adapters/sim/index.ts';
import { createReloader, type ReloadEvent, type Reloader, type ReloadResult } from '../../bin/wiring/reload.ts';
import { feedUnderlyingCheck } from '../../engine/config/index.ts';

export const repoRoot = new URL('../..', import.meta.url).pathname;

/** A fresh folder holding a copy of the repository's strategies.yaml, facts.yaml and rules/*.yaml. */
export function copyConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickwise-reload-'));
  copyFileSync(join(repoRoot, 'strategies.yaml'), join(dir, 'strategies.yaml'));
  copyFileSync(join(repoRoot, 'facts.yaml'), join(dir, 'facts.yaml'));
  mkdirSync(join(dir, 'rules'));
  for (const f of readdirSync(join(repoRoot, 'rules')).filter((n) => /\.ya?ml$/.test(n))) copyFileSync(join(repoRoot, 'rules', f), join(dir, 'rules', f));
  return dir;
}

export function read(dir: string, rel: string): string {
  return readFileSync(join(dir, rel), 'utf8');
}

/** Saves in place (what most editors do). */
export function writeInPlace(dir: string, rel: string, text: string): void {
  writeFileSync(join(dir, rel), text);
}

/** Saves the way vim, VS Code's atomic save and write-file-atomic do: a temporary file renamed over the real one. */
export function writeByRename(dir: string, rel: string, text: string, tempName = `${rel}.tmp-${process.pid}`): void {
  writeFileSync(join(dir, tempName), text);
  renameSync(join(dir, tempName), join(dir, rel));
}

/** Replaces exactly one occurrence of `from` (fails loudly when the text is not there once). */
export function replaceOnce(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`expected exactly one "${from}"`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/** The shipped config with edits applied to file texts (no file system): for the pure diff and policy tests. */
export function shippedWith(edits: Record<string, (text: string) => string> = {}): ResolvedConfig {
  const files = [{ path: 'strategies.yaml', text: readFileSync(join(repoRoot, 'strategies.yaml'), 'utf8') }, { path: 'facts.yaml', text: readFileSync(join(repoRoot, 'facts.yaml'), 'utf8') }];
  for (const f of readdirSync(join(repoRoot, 'rules')).filter((n) => /\.ya?ml$/.test(n)).sort()) files.push({ path: `rules/${f}`, text: readFileSync(join(repoRoot, 'rules', f), 'utf8') });
  const edited = files.map((f) => ({ path: f.path, text: edits[f.path] ? edits[f.path](f.text) : f.text }));
  const { config, findings } = loadConfigFromFiles(edited);
  if (!config) throw new Error(`edited config invalid: ${findings.map((x) => `${x.file}:${x.line} ${x.code} ${x.message}`).join('; ')}`);
  return config;
}

/** A logger that keeps every entry (level, object, message). */
export function memoryLog() {
  const entries: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj: obj as Record<string, unknown>, msg: msg ?? '' });
  const log: KernelLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, entries };
}

export interface Harness {
  dir: string;
  kernel: Kernel;
  reloader: Reloader;
  events: KernelEvent[];
  reloads: ReloadEvent[];
  entries: ReturnType<typeof memoryLog>['entries'];
  /** Resolves with the next reload event matching `pred` (already received ones do not count). */
  next(pred: (e: ReloadEvent) => boolean, timeoutMs?: number): Promise<ReloadEvent>;
  close(): Promise<void>;
}

/** Kernel (sim market, paper broker, in-memory DuckDB) on a config copy in `dir`, with a watching reloader. */
export async function harness(opts: { dir?: string; seed?: number; watch?: boolean } = {}): Promise<Harness> {
  const dir = opts.dir ?? copyConfig();
  const { config, findings } = await loadConfigDir(dir);
  if (!config) throw new Error(`config copy invalid: ${JSON.stringify(findings)}`);
  const store = await openStore(':memory:');
  const feed = createSimMarket({ seed: opts.seed ?? 7, rate: config.settings.riskFreeRate });
  const broker = createPaperBroker({ startingCashCents: config.settings.startingEquity * 100 });
  const { log, entries } = memoryLog();
  const kernel = new Kernel({ config, store, feed, broker, clock: new ManualClock(0), log });
  const events: KernelEvent[] = [];
  kernel.subscribe((e) => events.push(e));
  await kernel.start();
  const reloads: ReloadEvent[] = [];
  const waiters: { pred: (e: ReloadEvent) => boolean; resolve: (e: ReloadEvent) => void }[] = [];
  const reloader = createReloader({
    kernel, configDir: dir, log, watch: opts.watch ?? true, debounceMs: 30, underlyings: feedUnderlyingCheck(feed),
    onEvent: (e) => {
      reloads.push(e);
      for (const w of [...waiters]) if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    },
  });
  return {
    dir, kernel, reloader, events, reloads, entries,
    next: (pred, timeoutMs = 10_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching reload event arrived')), timeoutMs);
      waiters.push({ pred, resolve: (e) => { clearTimeout(timer); resolve(e); } });
    }),
    close: async () => {
      reloader.close();
      await kernel.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const isResult = (e: ReloadEvent): e is Extract<ReloadEvent, { type: 'result' }> => e.type === 'result';

/** The next reload attempt's result (optionally the next one matching `pred`). */
export async function nextResult(h: Harness, pred: (r: ReloadResult) => boolean = () => true): Promise<ReloadResult> {
  const e = await h.next((x) => isResult(x) && pred(x.result));
  if (e.type !== 'result') throw new Error('unreachable');
  return e.result;
}
