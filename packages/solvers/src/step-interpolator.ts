import type { TensorBackend } from '@odeflow/core';
import type { DenseWeights } from './interpolant.js';
import type { SteppableSolver, Stepper } from './stepper.js';

/** The dense output of the step just accepted: its state at any fraction θ of the step. */
export class StepInterpolator<T> {
  // the weights of `into`, overwritten at every output time
  private readonly weights: DenseWeights = { y0: 0, y1: 0, k: [] };

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

  /**
   * The state at fraction θ of the accepted step written into `target` (a tensor of the state's shape), on a
   * backend whose tensors are float64 buffers (`inPlace.view`), allocating no tensor: the output path of a
   * solve whose outputs go to a block.
   */
  into(target: T, t0: number, theta: number, dt: number): void {
    const s = this.stepper;
    const view = this.backend.inPlace!.view!;
    const out = view(target);
    const n = out.length;
    if (theta === 1) {
      out.set(view(s.y1));
      return;
    }
    s.denseReady(t0, dt);
    const method = s.stepMethod ?? this.solver;
    const w = method.denseWeightsInto ? method.denseWeightsInto(theta, this.weights) : method.denseWeights(theta);
    const a = view(s.y0);
    const b = view(s.y1);
    const wa = w.y0;
    const wb = w.y1;
    for (let e = 0; e < n; e++) out[e] = wa * a[e] + wb * b[e];
    const wk = w.k;
    for (let i = 0; i < wk.length; i++) {
      const c = dt * wk[i];
      if (c === 0) continue;
      const k = view(s.k[i]);
      for (let e = 0; e < n; e++) out[e] += c * k[e];
    }
  }
}
