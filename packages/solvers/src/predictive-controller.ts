import type { StepDecision, StepSizeController, StepSizeControllerOptions } from '@odeflow/core';

/**
 * The predictive step-size controller of Gustafsson (1994) as Hairer's RODAS and RADAU5 use it (Hairer–Wanner
 * II, IV.8, (8.21)): after an accepted step the factor is the smaller of the integral controller's
 * safety·err^(−1/k) and Gustafsson's safety·(h/h_prev)·(err_prev/err²)^(1/k) (k = errorOrder + 1), which
 * predicts the next error from the last two and so avoids the accept–reject cycles a pure integral
 * controller falls into where stiff components sit at the stability boundary of the error estimate. A
 * rejection shrinks by the integral factor. Factors are clamped to [factorMin, factorMax]. One instance per
 * solve: it remembers the last accepted step ({@link PredictiveController.configure} makes a fresh one).
 */
export class PredictiveController implements StepSizeController {
  /** Registered name. */
  readonly name = 'predictive';
  /** Adapts the step. */
  readonly adaptive = true;
  /** Safety factor. */
  readonly safety: number;
  /** Smallest shrink factor. */
  readonly factorMin: number;
  /** Largest growth factor. */
  readonly factorMax: number;
  private hAccepted = 0;
  private errAccepted = 0;
  private readonly decision = { accept: false, dtNext: 0 };

  /** @param options - safety (0.9), factorMin (0.2) and factorMax (6, RODAS's bound) */
  constructor(options: StepSizeControllerOptions = {}) {
    this.safety = options.safety ?? 0.9;
    this.factorMin = options.factorMin ?? 0.2;
    this.factorMax = options.factorMax ?? 6;
  }

  /** A fresh controller with the solve's safety and factor bounds. */
  configure(options: StepSizeControllerOptions): PredictiveController {
    return new PredictiveController(options);
  }

  /** Accept when err ≤ 1; the returned object is reused. `prevErrNorm` is not used (the controller keeps its own). */
  decide(errNorm: number, dt: number, errorOrder: number): StepDecision {
    const d = this.decision;
    d.accept = errNorm <= 1;
    const { factorMin, factorMax, safety } = this;
    let factor: number;
    if (!(errNorm === errNorm) || errNorm === Infinity) factor = factorMin;
    else if (errNorm === 0) factor = factorMax;
    else {
      const e = 1 / (errorOrder + 1);
      factor = safety * Math.pow(errNorm, -e);
      if (d.accept && this.hAccepted > 0) {
        const predicted = safety * (dt / this.hAccepted) * Math.pow(this.errAccepted / (errNorm * errNorm), e);
        if (predicted < factor) factor = predicted;
      }
      factor = factor < factorMin ? factorMin : factor > factorMax ? factorMax : factor;
    }
    if (d.accept) {
      this.hAccepted = dt;
      this.errAccepted = Math.max(1e-2, errNorm);
    }
    d.dtNext = dt * factor;
    return d;
  }
}
