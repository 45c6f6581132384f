import { fromExchangeTime } from '../../engine/domain/index.ts';
import type { EpochMs } from '../../engine/domain/index.ts';
import { twError } from '../../engine/errors/index.ts';
import type { Random } from './random.ts';

/**
 * One scripted move, as a demo or a test writes it:
 * `{ at: '+1d', underlying: 'SPY', movePct: -0.08, overDays: 2, vixTo: 40 }` = "from the second session's open, SPY
 * falls 8% over two sessions while the VIX goes to 40".
 */
export interface ScriptStep {
  /**
   * When the move starts: epoch ms; a New York date `YYYY-MM-DD` (that day's open) or date-time `YYYY-MM-DDTHH:MM`;
   * or an offset from the first tick: `+Nd` (N sessions), `+Nm` (N minutes of session time), `+Nt` (N ticks).
   * The move starts on the first tick at or after that moment.
   */
  at: number | string;
  /** Which underlyings move (default: all of them). */
  underlying?: string | string[];
  /** Total move as a fraction of the price when the step starts (-0.08 = fall 8%). */
  movePct?: number;
  /** Level the VIX-like index reaches at the end of the step. */
  vixTo?: number;
  /** Duration in trading sessions (fractions allowed; 0 = a one-tick gap). Default 1. */
  overDays?: number;
  /** Share of the normal tick noise kept along the path, which is pinned to hit the target exactly (default 0.25). */
  noise?: number;
}

/** A step with its trigger resolved: an absolute time or a tick index counted from the first tick (0). */
export interface ResolvedStep {
  index: number;
  atMs: EpochMs | null;
  atTick: number | null;
  symbols: string[];
  movePct: number | null;
  vixTo: number | null;
  ticks: number;
  noise: number;
}

const bad = (step: number, problem: string) => twError('TW_SIM_BAD_SCRIPT', { step, problem });

export function resolveScript(steps: ScriptStep[], symbols: string[], ticksPerSession: number, tickMinutes: number): ResolvedStep[] {
  return steps.map((s, index) => {
    if (!s || typeof s !== 'object') throw bad(index, 'is not an object');
    let atMs: number | null = null;
    let atTick: number | null = null;
    if (typeof s.at === 'number' && Number.isFinite(s.at)) atMs = s.at;
    else if (typeof s.at === 'string') {
      const rel = /^\+(\d+(?:\.\d+)?)([dmt])$/.exec(s.at);
      const abs = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(s.at);
      if (rel) {
        const n = Number(rel[1]);
        atTick = rel[2] === 'd' ? Math.round(n * ticksPerSession) : rel[2] === 'm' ? Math.ceil(n / tickMinutes) : Math.round(n);
      } else if (abs) atMs = fromExchangeTime(abs[1], abs[2] === undefined ? 570 : Number(abs[2]) * 60 + Number(abs[3]));
      else throw bad(index, `at ${JSON.stringify(s.at)} is not epoch ms, YYYY-MM-DD[THH:MM] or +N(d|m|t)`);
    } else throw bad(index, 'at is missing');
    const wanted = s.underlying === undefined ? symbols : Array.isArray(s.underlying) ? s.underlying : [s.underlying];
    for (const u of wanted) if (!symbols.includes(u)) throw bad(index, `underlying ${u} is not simulated (known: ${symbols.join(', ')})`);
    if (s.movePct !== undefined && !(Number.isFinite(s.movePct) && s.movePct > -1)) throw bad(index, 'movePct must be a fraction above -1 (-0.08 = fall 8%)');
    if (s.vixTo !== undefined && !(Number.isFinite(s.vixTo) && s.vixTo > 0)) throw bad(index, 'vixTo must be a positive level');
    if (s.movePct === undefined && s.vixTo === undefined) throw bad(index, 'give movePct, vixTo or both');
    const overDays = s.overDays ?? 1;
    if (!(Number.isFinite(overDays) && overDays >= 0)) throw bad(index, 'overDays must be a number of sessions ≥ 0');
    const noise = s.noise ?? 0.25;
    if (!(Number.isFinite(noise) && noise >= 0 && noise <= 1)) throw bad(index, 'noise must be between 0 and 1');
    return {
      index, atMs, atTick, symbols: s.movePct === undefined ? [] : wanted, movePct: s.movePct ?? null, vixTo: s.vixTo ?? null,
      ticks: Math.max(1, Math.round(overDays * ticksPerSession)), noise,
    };
  });
}

/**
 * A pinned path in log space: `anchor × exp(total × j/N + bridge_j)` for j = 1…N, where the bridge is a random walk
 * with its end pulled back to zero, so the last point lands exactly on `anchor × exp(total)`.
 */
export class PinnedPath {
  private readonly logAnchor: number;
  private readonly total: number;
  private readonly bridge: Float64Array;
  private step = 0;

  constructor(anchor: number, target: number, ticks: number, sigmaPerTick: number, rng: Random) {
    this.logAnchor = Math.log(anchor);
    this.total = Math.log(target / anchor);
    const walk = new Float64Array(ticks + 1);
    for (let j = 1; j <= ticks; j++) walk[j] = walk[j - 1] + sigmaPerTick * rng.normal();
    this.bridge = new Float64Array(ticks + 1);
    for (let j = 1; j <= ticks; j++) this.bridge[j] = walk[j] - (j / ticks) * walk[ticks];
  }

  get done(): boolean {
    return this.step >= this.bridge.length - 1;
  }

  /** The next point of the path (call at most N times). */
  next(): number {
    this.step++;
    const n = this.bridge.length - 1;
    return Math.exp(this.logAnchor + (this.total * this.step) / n + this.bridge[this.step]);
  }
}
