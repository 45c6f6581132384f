/**
 * Scenario text → a resolved `Scenario`, or findings at `file:line:col` exactly like the configuration's
 * (parse with positions → JSON Schema → semantic checks). Never throws for a mistake in the file.
 */
import { dirname, resolve as resolvePath } from 'node:path';
import { contractKey, type OptionContract } from '../../engine/domain/index.ts';
import { finding, parseConfigFile, sortFindings, suggest, whereAt, type Finding, type ParsedFile, type Where } from '../../engine/config/index.ts';
import { checkScenarioSchema } from './schema-check.ts';
import { applyStep, formatTime, parseAbsolute, resolveTime } from './times.ts';
import type { Expectation, IvSpec, ResolvedExpectation, Scenario, ScenarioFile, ScenarioFill, ScenarioLeg, ScenarioPosition, ScenarioQuoteFile, ScenarioTick } from './types.ts';

export const DEFAULT_SPREAD = 0.1;
export const DEFAULT_STEP = '30m';
/** Every scenario's fill model unless it says otherwise: see docs/replay.md, "Fill model". */
export const DEFAULT_FILL: ScenarioFill = Object.freeze({ price: 'mid', timing: 'snapshot', commissionPerContract: 0.65 });
const INDEX_UNDERLYINGS = new Set(['SPX', 'SPXW', 'XSP', 'NDX', 'NDXP', 'RUT', 'RUTW', 'VIX', 'DJX', 'OEX', 'XEO']);

export interface LoadedScenario {
  scenario: Scenario | null;
  findings: Finding[];
  /** Turns a JSON pointer into the scenario file into `file:line:col` (for checks made after loading). */
  locate: (pointer: string) => Where;
}

/** `path` is how the file is named in messages; `absPath` locates `config:` and `replay:` paths. */
export function loadScenarioText(path: string, absPath: string, text: string): LoadedScenario {
  const parsed = parseConfigFile(path, text, 'description');
  const nowhere = (pointer: string): Where => ({ file: path, line: 1, col: 1, pointer });
  if (!parsed.file) return { scenario: null, findings: parsed.findings, locate: nowhere };
  const file = parsed.file;
  const locate = (pointer: string) => whereAt(file, pointer);
  const schema = checkScenarioSchema(file);
  if (schema.length) return { scenario: null, findings: schema, locate };
  const findings: Finding[] = [];
  const scenario = resolveScenario(file, path, absPath, findings);
  const all = sortFindings(findings);
  return { scenario: all.some((f) => f.severity === 'error') ? null : scenario, findings: all, locate };
}

function resolveScenario(file: ParsedFile, path: string, absPath: string, findings: Finding[]): Scenario {
  const data = file.data as ScenarioFile;
  const at = (pointer: string) => whereAt(file, pointer);
  const baseDir = dirname(absPath);
  if (!data.ticks && !data.replay) findings.push(finding('TW_DRYRUN_NO_MARKET', { problem: 'has neither `ticks:` nor `replay:`' }, at('')));
  if (data.ticks && data.replay) findings.push(finding('TW_DRYRUN_NO_MARKET', { problem: 'has both `ticks:` and `replay:`' }, at('/replay')));

  const badTime = (pointer: string, value: string, where: string) => findings.push(finding('TW_DRYRUN_BAD_TIME', { where, value }, at(pointer)));
  let start = data.start !== undefined ? parseAbsolute(data.start) : null;
  if (data.start !== undefined && start === null) badTime('/start', data.start, 'start');
  if (start === null) start = data.replay?.from ? parseAbsolute(`${data.replay.from} 15:45`) ?? 0 : 0;
  if (!data.start && data.ticks && !data.replay) {
    const first = data.ticks[0]?.at;
    const t = first !== undefined ? parseAbsolute(first) : null;
    if (t !== null) start = t;
    else findings.push(finding('TW_CONFIG_MISSING_KEY', { key: 'start', where: 'the scenario (or an absolute `at` on the first tick)' }, at('')));
  }
  const every = data.every ?? DEFAULT_STEP;

  const positions: ScenarioPosition[] = (data.positions ?? []).map((p, i) => {
    let openedAt = start!;
    if (p.openedAt !== undefined) {
      const t = resolveTime(p.openedAt, start!);
      if (t === null) badTime(`/positions/${i}/openedAt`, p.openedAt, `positions[${i}].openedAt`);
      else openedAt = t;
    }
    const legs: ScenarioLeg[] = p.legs.map((l, j) => {
      if (l.side && ((l.side === 'buy') !== (l.quantity > 0))) findings.push(finding('TW_DRYRUN_LEG_SIDE', { side: l.side, quantity: l.quantity }, at(`/positions/${i}/legs/${j}/quantity`)));
      return { contract: contractOf(l.underlying ?? '', l), quantity: l.quantity, entryPrice: l.entryPrice };
    });
    return { id: p.id, strategy: p.strategy, openedAt, legs, hold: p.hold ?? false, ...(p.peakPnlPct !== undefined ? { peakPnlPct: p.peakPnlPct } : {}), ...(p.ivAtEntry !== undefined ? { ivAtEntry: p.ivAtEntry } : {}) };
  });
  const seen = new Set<string>();
  (data.positions ?? []).forEach((p, i) => {
    if (seen.has(p.id)) findings.push(finding('TW_KERNEL_ADOPT_DUPLICATE', { id: p.id }, at(`/positions/${i}/id`)));
    seen.add(p.id);
  });

  const ticks = data.ticks ? expandTicks(data, start!, every, at, findings) : [];
  const ids = new Set(positions.map((p) => p.id));
  const checkPosition = (pointer: string, where: string, id: string | undefined) => {
    // Positions opened by entries are named <strategy>-<n>; only declared-looking ids are checked.
    if (id === undefined || ids.has(id) || /-\d+$/.test(id)) return;
    findings.push(finding('TW_DRYRUN_UNKNOWN_POSITION', { where, position: id, suggestion: suggest(id, ids), known: [...ids].join(', ') || '(none)' }, at(pointer)));
  };
  (data.ticks ?? []).forEach((t, i) => {
    for (const k of ['hold', 'release', 'close', 'roll'] as const) checkPosition(`/ticks/${i}/control/${k}`, `ticks[${i}].control.${k}`, t.control?.[k]);
  });

  let expect: ResolvedExpectation[] | null = null;
  if (data.expect) {
    expect = data.expect.map((spec, i) => {
      const kind = Object.keys(spec)[0] as keyof Expectation & string;
      const body = (spec as Record<string, Record<string, unknown>>)[kind];
      const pointer = `/expect/${i}/${kind}`;
      const where = `expect[${i}].${kind}`;
      checkPosition(`${pointer}/position`, where, body.position as string | undefined);
      let tick: number | null = typeof body.tick === 'number' ? body.tick : null;
      if (tick !== null && !data.replay && tick > ticks.length) {
        findings.push(finding('TW_DRYRUN_TICK_OUT_OF_RANGE', { where, tick, count: ticks.length }, at(`${pointer}/tick`)));
      }
      if (typeof body.at === 'string') {
        const t = parseAbsolute(body.at);
        if (t === null) badTime(`${pointer}/at`, body.at, `${where}.at`);
        else if (!data.replay) {
          const hit = ticks.find((x) => x.time === t);
          if (!hit) findings.push(finding('TW_DRYRUN_NO_TICK_AT', { where, time: formatTime(t) }, at(`${pointer}/at`)));
          else tick = hit.index;
        }
      }
      const w = at(pointer);
      return { index: i, where: `${w.file}:${w.line}:${w.col}`, spec, tick, time: typeof body.at === 'string' ? parseAbsolute(body.at) : null };
    });
  }

  const chain: Record<string, { expiries: string[]; strikes: number[] }> = {};
  for (const [u, c] of Object.entries(data.chain ?? {})) {
    const strikes: number[] = [];
    for (let k = c.strikes.from; k <= c.strikes.to + 1e-9 && strikes.length < 2000; k += c.strikes.step) strikes.push(Math.round(k * 1000) / 1000);
    chain[u] = { expiries: [...c.expiries].sort(), strikes };
  }

  return {
    path, name: path.replace(/^.*\//, '').replace(/\.ya?ml$/, ''), description: data.description,
    configDir: data.config ? resolvePath(baseDir, data.config) : null,
    start: start!, equity: data.account?.equity ?? null, tradingState: data.account?.tradingState ?? null,
    entries: data.entries ?? (data.positions ?? []).length === 0,
    spread: data.spread ?? DEFAULT_SPREAD, rate: data.rate ?? null, fill: { ...DEFAULT_FILL, ...data.fill }, chain, positions, ticks,
    replay: data.replay ? { ...data.replay, path: resolvePath(baseDir, data.replay.path), ...(data.replay.vix ? { vix: resolvePath(baseDir, data.replay.vix) } : {}), ...(data.replay.columns ? { columns: resolvePath(baseDir, data.replay.columns) } : {}), source: data.replay.source ?? 'cboe' } : null,
    expect,
  };
}

/** Expands `repeat`, resolves times and carries prices, VIX, IVs and explicit quotes forward. */
function expandTicks(data: ScenarioFile, start: number, every: string, at: (p: string) => Where, findings: Finding[]): ScenarioTick[] {
  const out: ScenarioTick[] = [];
  let prices: Record<string, number> = {};
  let vix: ScenarioTick['vix'] = null;
  let iv: Record<string, IvSpec> = {};
  let quotes = new Map<string, ScenarioQuoteFile & { underlying: string }>();
  let prev: number | null = null;
  const underlyingOf = (q: { underlying?: string }) => q.underlying ?? defaultUnderlying(data);
  data.ticks!.forEach((t, i) => {
    if (t.prices) prices = { ...prices, ...t.prices };
    if (t.vix !== undefined) vix = typeof t.vix === 'number' ? { level: t.vix } : { ...t.vix };
    if (t.iv !== undefined) iv = { ...iv, ...splitIv(t.iv, Object.keys(prices)) };
    if (t.quotes) {
      quotes = new Map(quotes);
      for (const q of t.quotes) {
        const u = underlyingOf(q);
        quotes.set(contractKey({ underlying: u, root: q.root, expiry: q.expiry, right: q.right, strike: q.strike }), { ...q, underlying: u });
      }
    }
    for (let r = 0; r < (t.repeat ?? 1); r++) {
      let time: number | null;
      if (r === 0 && t.at !== undefined) time = prev === null ? resolveTime(t.at, start) : resolveTime(t.at, prev);
      else time = prev === null ? start : applyStep(prev, every);
      if (time === null) {
        findings.push(finding('TW_DRYRUN_BAD_TIME', { where: `ticks[${i}].at`, value: t.at }, at(`/ticks/${i}/at`)));
        return;
      }
      if (prev !== null && time <= prev) {
        findings.push(finding('TW_DRYRUN_TIME_BACKWARDS', { tick: out.length + 1, time: formatTime(time), previous: formatTime(prev) }, at(`/ticks/${i}${t.at !== undefined ? '/at' : ''}`)));
        return;
      }
      prev = time;
      out.push({ index: out.length + 1, time, prices, vix, iv, quotes, control: r === 0 ? t.control ?? null : null, note: r === 0 ? t.note ?? null : null });
    }
  });
  return out;
}

/** `iv: 0.2` or `iv: { 2026-04-17: … }` applies to every underlying; `iv: { SPY: … }` to one. */
function splitIv(spec: NonNullable<ScenarioFile['ticks']>[number]['iv'], symbols: string[]): Record<string, IvSpec> {
  if (typeof spec === 'number') return { '*': spec };
  const keys = Object.keys(spec as object);
  if (keys.length && keys.every((k) => /^[A-Z][A-Z0-9.]*$/.test(k))) return spec as Record<string, IvSpec>;
  void symbols;
  return { '*': spec as IvSpec };
}

function defaultUnderlying(data: ScenarioFile): string {
  return Object.keys(data.ticks?.[0]?.prices ?? {})[0] ?? '';
}

export function settlementOf(underlying: string): OptionContract['settlement'] {
  return INDEX_UNDERLYINGS.has(underlying) ? 'cash' : 'physical';
}

export function contractOf(underlying: string, l: { underlying?: string; root?: string; expiry: string; right: 'call' | 'put'; strike: number }): OptionContract {
  const u = l.underlying ?? underlying;
  return { underlying: u, ...(l.root ? { root: l.root } : {}), expiry: l.expiry, right: l.right, strike: l.strike, multiplier: 100, settlement: settlementOf(u) };
}
