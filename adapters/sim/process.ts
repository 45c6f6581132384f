import type { EpochMs } from '../../engine/domain/index.ts';
import type { ResolvedSimOptions } from './options.ts';
import { createRandom, type Random } from './random.ts';
import { PinnedPath, resolveScript, type ResolvedStep } from './script.ts';

/** Trading minutes per year: 390 per session × 252 sessions. Process time runs only while the market is open. */
const MINUTES_PER_YEAR = 390 * 252;
/** Variance of the overnight gap as a share of one session's variance. */
const OVERNIGHT_SHARE = 0.25;
/** Realised volatility as a share of implied (the variance risk premium). */
export const REALISED_TO_IMPLIED = 0.85;
const VIX_MIN = 8;
const VIX_MAX = 150;

/**
 * The price process behind the simulated market. A VIX-like index follows a mean-reverting log process whose shocks
 * are negatively correlated with a common market factor; each underlying's volatility is proportional to the VIX
 * (which gives volatility clustering and the leverage effect), its shocks load on the market factor, and occasional
 * market jumps hit every underlying (scaled by beta) and push the VIX the other way. Scripted steps replace the
 * random path of the symbols they name with a pinned path that reaches the target exactly.
 */
export class MarketProcess {
  readonly prices: Float64Array;
  vix: number;
  private readonly o: ResolvedSimOptions;
  private readonly rng: Random;
  private readonly steps: ResolvedStep[];
  private readonly fired: boolean[];
  private readonly paths: (PinnedPath | null)[];
  private vixPath: PinnedPath | null = null;
  private readonly dtTick: number;

  constructor(o: ResolvedSimOptions, ticksPerSession: number) {
    this.o = o;
    this.rng = createRandom(o.seed);
    this.prices = Float64Array.from(o.underlyings.map((u) => u.price));
    this.vix = o.vix.start;
    this.steps = resolveScript(o.script, o.underlyings.map((u) => u.symbol), ticksPerSession, o.tickMinutes);
    this.fired = this.steps.map(() => false);
    this.paths = o.underlyings.map(() => null);
    this.dtTick = o.tickMinutes / MINUTES_PER_YEAR;
  }

  /** Realised volatility of underlying `i` at the current VIX level. */
  realisedVol(i: number): number {
    return REALISED_TO_IMPLIED * this.o.underlyings[i].vol * (this.vix / this.o.vix.mean);
  }

  /**
   * Advances to the tick numbered `tickIndex` (0 = first tick) at `time`. `opening` marks the first tick of a session
   * after the first one: it carries the overnight gap instead of an intraday step. A scripted step that falls due on
   * this tick anchors on the previous tick's level and makes its first move on this tick.
   */
  advance(tickIndex: number, time: EpochMs, opening: boolean): void {
    this.fireSteps(tickIndex, time);
    if (tickIndex > 0) this.randomStep(opening ? OVERNIGHT_SHARE * (390 / this.o.tickMinutes) * this.dtTick : this.dtTick);
    for (let i = 0; i < this.paths.length; i++) {
      const p = this.paths[i];
      if (!p) continue;
      this.prices[i] = p.next();
      if (p.done) this.paths[i] = null;
    }
    if (this.vixPath) {
      this.vix = this.vixPath.next();
      if (this.vixPath.done) this.vixPath = null;
    }
  }

  private randomStep(dt: number): void {
    const { vix: v, underlyings, jumpsPerYear, marketCorrelation: mc } = this.o;
    const sqrtDt = Math.sqrt(dt);
    const zm = this.rng.normal();
    const zv = v.correlation * zm + Math.sqrt(1 - v.correlation * v.correlation) * this.rng.normal();
    const vixBefore = this.vix;
    const jump = this.rng.uniform() < jumpsPerYear * dt ? -0.03 + 0.015 * this.rng.normal() : 0;
    for (let i = 0; i < underlyings.length; i++) {
      const zi = mc * zm + Math.sqrt(1 - mc * mc) * this.rng.normal();
      if (this.paths[i]) continue;
      const u = underlyings[i];
      const sigma = REALISED_TO_IMPLIED * u.vol * (vixBefore / v.mean);
      this.prices[i] *= Math.exp((u.drift - u.divYield - (sigma * sigma) / 2) * dt + sigma * sqrtDt * zi + u.beta * jump);
    }
    if (!this.vixPath) {
      const logV = Math.log(this.vix) + v.reversion * (Math.log(v.mean) - Math.log(this.vix)) * dt + v.volOfVol * sqrtDt * zv - 6 * jump;
      this.vix = Math.min(VIX_MAX, Math.max(VIX_MIN, Math.exp(logV)));
    }
  }

  private fireSteps(tickIndex: number, time: EpochMs): void {
    for (const s of this.steps) {
      if (this.fired[s.index]) continue;
      const due = s.atTick !== null ? tickIndex >= s.atTick : time >= (s.atMs as number);
      if (!due) continue;
      this.fired[s.index] = true;
      for (const sym of s.symbols) {
        const i = this.o.underlyings.findIndex((u) => u.symbol === sym);
        const sigmaTick = this.realisedVol(i) * Math.sqrt(this.dtTick) * s.noise;
        this.paths[i] = new PinnedPath(this.prices[i], this.prices[i] * (1 + (s.movePct as number)), s.ticks, sigmaTick, this.rng);
      }
      if (s.vixTo !== null) {
        const sigmaTick = this.o.vix.volOfVol * Math.sqrt(this.dtTick) * s.noise;
        this.vixPath = new PinnedPath(this.vix, s.vixTo, s.ticks, sigmaTick, this.rng);
      }
    }
  }
}
