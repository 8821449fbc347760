import type { TensorBackend } from '@odeflow/core';
import type { SteppableSolver, Stepper } from './stepper.js';

/** The dense output of the step just accepted: its state at any fraction θ of the step. */
export class StepInterpolator<T> {
  /**
   * @param backend - backend of the step's tensors
   * @param solver - the method (its dense weights)
   * @param stepper - the solve's stepper (its y₀, y₁ and stages)
   */
  constructor(
    private readonly backend: TensorBackend<T>,
    private readonly solver: SteppableSolver,
    private readonly stepper: Stepper<T>,
  ) {}

  /** The state at fraction θ of the accepted step from t0 of signed size dt (a new tensor; y₁ itself at θ = 1). */
  at(t0: number, theta: number, dt: number): T {
    const s = this.stepper;
    if (theta === 1) return this.backend.clone(s.y1);
    s.denseReady(t0, dt);
    const w = (s.stepMethod ?? this.solver).denseWeights(theta);
    const coeffs = [w.y0, w.y1];
    for (const x of w.k) coeffs.push(dt * x);
    return this.backend.lincomb(coeffs, [s.y0, s.y1, ...s.k]);
  }
}
