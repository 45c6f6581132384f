import type { EpochMs } from '../domain/time.ts';

/** The only source of time in the engine. Simulated feeds drive a settable clock; live mode reads the wall clock in an adapter. */
export interface Clock {
  now(): EpochMs;
}

/** A clock whose time is set by whoever drives the run (the kernel sets it to each tick's time). */
export class ManualClock implements Clock {
  private t: EpochMs;
  constructor(start: EpochMs) {
    this.t = start;
  }
  now(): EpochMs {
    return this.t;
  }
  set(t: EpochMs): void {
    if (t < this.t) throw new Error(`clock cannot go back from ${this.t} to ${t}`);
    this.t = t;
  }
}
