import type { StepSizeController } from '@odeflow/core';

/**
 * The step-size bookkeeping of one solve around its {@link StepSizeController}: the step to try next,
 * the previous error (for PI control), the dtMin/dtMax bounds, no growth right after a rejection, and
 * the rescaling after a step cut short onto a breakpoint. A fixed-step solve has no controller: it
 * accepts every finite step and proposes ∞ (the breakpoints are the grid).
 */
export class StepControl {
  /** Magnitude of the step to try next. */
  dt: number;
  private readonly controller: StepSizeController | undefined;
  private readonly errorOrder: number;
  private readonly dtMin: number;
  private readonly dtMax: number;
  private prevErr = 1;
  private lastRejected = false;
  private dtProposed = 0;

  /**
   * @param controller - the solve's controller, undefined for a fixed-step solve
   * @param errorOrder - order of the method's error estimate
   * @param dtMin - smallest step
   * @param dtMax - largest step
   * @param first - the first step's magnitude (ignored without a controller)
   */
  constructor(controller: StepSizeController | undefined, errorOrder: number, dtMin: number, dtMax: number, first: number) {
    this.controller = controller;
    this.errorOrder = errorOrder;
    this.dtMin = dtMin;
    this.dtMax = dtMax;
    this.dt = controller ? Math.min(Math.max(first, dtMin), dtMax) : Infinity;
  }

  /** Whether steps are error-controlled (the stepper then estimates the error). */
  get adaptive(): boolean {
    return this.controller !== undefined;
  }

  /**
   * The verdict on an attempt of signed size h with scaled error `err`. A non-finite attempt is never
   * accepted and counts as an infinite error (a norm that ignores the channel that overflowed must not
   * keep the step as it is).
   */
  judge(err: number, h: number, finite: boolean): boolean {
    if (!this.controller) return finite;
    const d = this.controller.decide(finite ? err : Infinity, Math.abs(h), this.errorOrder, this.prevErr);
    this.dtProposed = d.dtNext;
    return d.accept && finite;
  }

  /** Replace the controller's proposal for the next step by the method's own magnitude `dt`. */
  propose(dt: number): void {
    if (this.controller) this.dtProposed = dt;
  }

  /** After a rejection from t: the step shrinks; true when it can no longer (below dtMin, or t + dt == t). */
  rejected(t: number, direction: 1 | -1): boolean {
    this.lastRejected = true;
    this.dt = Math.min(this.dtProposed, this.dtMax);
    return this.dt < this.dtMin || t + direction * this.dt === t;
  }

  /** After an accepted step of signed size h with error `err` (`land`: it was cut short onto a breakpoint). */
  accepted(h: number, err: number, land: boolean): void {
    if (!this.controller) return;
    const size = Math.abs(h);
    let next = this.dtProposed;
    if (this.lastRejected && next > size) next = size;
    // a step shortened to land on a breakpoint: scale the step the controller had proposed instead
    if (land && size < this.dt) next = Math.max(next, Math.min(this.dt, (this.dtProposed / size) * this.dt));
    this.dt = Math.min(Math.max(next, this.dtMin), this.dtMax);
    this.prevErr = err;
    this.lastRejected = false;
  }
}
