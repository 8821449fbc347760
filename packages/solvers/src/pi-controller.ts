import type { StepDecision, StepSizeController, StepSizeControllerOptions } from '@odeflow/core';

/** Coefficients of a {@link PIController}. */
export interface PIControllerOptions {
  /** Safety factor on the optimal step (default 0.9). */
  safety?: number;
  /** Smallest factor after a rejection (default 0.2). */
  factorMin?: number;
  /** Largest growth factor (default 10). */
  factorMax?: number;
  /** Proportional coefficient (default 0: integral-only). */
  pcoeff?: number;
  /** Integral coefficient (default 1). */
  icoeff?: number;
}

/**
 * The PI step-size controller: with k = errorOrder + 1, the next step is
 * dt·safety·err⁻⁽ᵖᶜᵒᵉᶠᶠ⁺ⁱᶜᵒᵉᶠᶠ⁾ᐟᵏ·prevErr^(pcoeff/k), clamped to [factorMin, factorMax]·dt. With the
 * defaults (pcoeff 0, icoeff 1) it is the integral controller of SciPy and torchdiffeq. Accepts when err ≤ 1.
 */
export class PIController implements StepSizeController {
  /** Registered name. */
  readonly name = 'pi';
  /** Adapts the step. */
  readonly adaptive = true;
  /** Safety factor. */
  readonly safety: number;
  /** Smallest shrink factor. */
  readonly factorMin: number;
  /** Largest growth factor. */
  readonly factorMax: number;
  /** Proportional coefficient. */
  readonly pcoeff: number;
  /** Integral coefficient. */
  readonly icoeff: number;

  /** @param options - coefficients (defaults as documented on {@link PIControllerOptions}) */
  constructor(options: PIControllerOptions = {}) {
    this.safety = options.safety ?? 0.9;
    this.factorMin = options.factorMin ?? 0.2;
    this.factorMax = options.factorMax ?? 10;
    this.pcoeff = options.pcoeff ?? 0;
    this.icoeff = options.icoeff ?? 1;
  }

  // one decision object per controller, overwritten by every call: the loop decides once per step
  private readonly decision = { accept: false, dtNext: 0 };

  /** Accept when err ≤ 1; the next step is dt times {@link PIController.factor}. The returned object is reused. */
  decide(errNorm: number, dt: number, errorOrder: number, prevErrNorm: number): StepDecision {
    this.decision.accept = errNorm <= 1;
    this.decision.dtNext = dt * this.factor(errNorm, errorOrder, prevErrNorm);
    return this.decision;
  }

  /** A PI controller with the solve's coefficients (safety, factorMin, factorMax, pcoeff, icoeff). */
  configure(options: StepSizeControllerOptions): PIController {
    return new PIController(options);
  }

  /** The factor the next step is the last one times (what {@link PIController.decide} applies). */
  factor(errNorm: number, errorOrder: number, prevErrNorm: number): number {
    const accept = errNorm <= 1;
    let factor: number;
    if (!(errNorm === errNorm) || errNorm === Infinity) {
      factor = this.factorMin;
    } else if (errNorm === 0) {
      factor = this.factorMax;
    } else {
      const k = errorOrder + 1;
      factor = this.safety * Math.pow(errNorm, -(this.pcoeff + this.icoeff) / k);
      if (this.pcoeff !== 0 && accept && prevErrNorm > 0) factor *= Math.pow(prevErrNorm, this.pcoeff / k);
      factor = factor < this.factorMin ? this.factorMin : factor > this.factorMax ? this.factorMax : factor;
    }
    return factor;
  }
}
