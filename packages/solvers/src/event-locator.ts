import { OdeflowError, type EventRecord, type TensorBackend } from '@odeflow/core';
import type { EventSpec } from './integrate-options.js';
import { locateEvent } from './locate-event.js';
import type { StepInterpolator } from './step-interpolator.js';

/**
 * Finds the zero crossings of the solve's event functions in each accepted step, on the dense output,
 * and records them in time order; a terminal one stops the solve at its time.
 */
export class EventLocator<T> {
  /** Events located so far, in time order (the solution's `events`). */
  readonly events: EventRecord<T>[] = [];
  /** Fraction of the last step where a terminal event stopped the solve (2 when none did). */
  stopTheta = 2;
  // event values at the start of the current step
  private readonly g: number[];

  /**
   * @param specs - the event functions
   * @param backend - owner of the located states
   * @param t0 - initial time
   * @param y0 - initial state
   */
  constructor(
    private readonly specs: readonly EventSpec<T>[],
    private readonly backend: TensorBackend<T>,
    t0: number,
    y0: T,
  ) {
    this.g = specs.map((_, e) => this.value(e, t0, y0));
  }

  // g_e(t, y), which must be a number: NaN has no sign, so a crossing through it would be missed silently
  private value(e: number, t: number, y: T): number {
    const v = this.specs[e].fn(t, y);
    if (typeof v === 'number' && v === v) return v;
    throw new OdeflowError(
      'NON_FINITE_STATE',
      `Event function ${e} returned ${typeof v === 'number' ? 'NaN' : `a ${typeof v}`} at t = ${t}; an event function must return a number ` +
        '(its sign changes at the event). Check it for 0/0, sqrt or log of a negative number, or a missing return.',
      { event: e, t, value: typeof v === 'number' ? v : typeof v },
    );
  }

  /** Whether a terminal event stopped the solve. */
  get stopped(): boolean {
    return this.stopTheta <= 1;
  }

  /** Locate the crossings in the accepted step t → t1 = t + h ending in y1; stops at the first terminal one. */
  locate(t: number, h: number, t1: number, y1: T, dense: StepInterpolator<T>): void {
    if (this.specs.length === 0) return;
    const found: { index: number; theta: number; sign: 1 | -1 }[] = [];
    for (let e = 0; e < this.specs.length; e++) {
      const ev = this.specs[e];
      const g0 = this.g[e];
      const g1 = this.value(e, t1, y1);
      this.g[e] = g1;
      const rising = g0 < 0 && g1 >= 0;
      const falling = g0 > 0 && g1 <= 0;
      const mode = ev.direction ?? 'both';
      if (!((rising && mode !== 'falling') || (falling && mode !== 'rising'))) continue;
      const tolT = ev.tol ?? 1e-12 * Math.max(1, Math.abs(t1));
      const g = (th: number) => {
        const y = dense.at(t, th, h);
        try {
          return this.value(e, t + th * h, y);
        } finally {
          this.backend.dispose(y);
        }
      };
      found.push({ index: e, theta: locateEvent(g, g0, g1, tolT / Math.abs(h)), sign: rising ? 1 : -1 });
    }
    found.sort((a, b) => a.theta - b.theta);
    for (const f of found) {
      const terminal = this.specs[f.index].terminal === true;
      const tE = f.theta === 1 ? t1 : t + f.theta * h;
      this.events.push({ index: f.index, t: tE, y: dense.at(t, f.theta, h), direction: f.sign, terminal });
      if (terminal) {
        this.stopTheta = f.theta;
        return;
      }
    }
  }

  /** After a discontinuity at t: the event values restart from the state there. */
  restart(t: number, y: T): void {
    this.specs.forEach((_, e) => (this.g[e] = this.value(e, t, y)));
  }

  /** The terminal event that stopped the solve. */
  get last(): EventRecord<T> {
    return this.events[this.events.length - 1];
  }

  /** Release the located states (when the solve throws). */
  dispose(): void {
    this.backend.dispose(this.events.map((e) => e.y));
  }
}
