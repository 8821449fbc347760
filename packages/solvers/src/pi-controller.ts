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
      factor = this.safety * (this.pcoeff === 0 && this.icoeff === 1 ? inverseRoot(errNorm, k) : power(errNorm, -(this.pcoeff + this.icoeff) / k));
      if (this.pcoeff !== 0 && accept && prevErrNorm > 0) factor *= power(prevErrNorm, this.pcoeff / k);
      factor = factor < this.factorMin ? this.factorMin : factor > this.factorMax ? this.factorMax : factor;
    }
    return factor;
  }
}

/**
 * x^p for x > 0 as exp(p·ln x): V8's Math.pow is a slow generic routine (2–3× the time of exp and log here),
 * and the step factor needs no more than exp·ln's accuracy (a few ulp).
 */
function power(x: number, p: number): number {
  return Math.exp(p * Math.log(x));
}

/**
 * x^(−1/k) for x > 0, by square and cube roots for k = 2, 3, 4, 6, 8, 9 (within a few ulp and several times
 * faster than a power); for other whole k up to 16 (dopri5's and tsit5's 5) by exp·ln and one Newton step
 * on x·yᵏ = 1, which brings the result within 2 ulp of Math.pow's and exact on exact powers, still faster;
 * else by {@link power}.
 */
function inverseRoot(x: number, k: number): number {
  switch (k) {
    case 2:
      return 1 / Math.sqrt(x);
    case 3:
      return 1 / Math.cbrt(x);
    case 4:
      return 1 / Math.sqrt(Math.sqrt(x));
    case 6:
      return 1 / Math.sqrt(Math.cbrt(x));
    case 8:
      return 1 / Math.sqrt(Math.sqrt(Math.sqrt(x)));
    case 9:
      return 1 / Math.cbrt(Math.cbrt(x));
    default: {
      if (!Number.isInteger(k) || k > 16) return power(x, -1 / k);
      const y = Math.exp(-Math.log(x) / k);
      let yk = y;
      for (let i = 1; i < k; i++) yk *= y;
      return y + (y * (1 - x * yk)) / k;
    }
  }
}
