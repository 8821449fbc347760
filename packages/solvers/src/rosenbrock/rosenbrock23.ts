import type { DenseWeights } from '../interpolant.js';
import type { SteppableSolver, Stepper, StepperContext } from '../stepper.js';
import { ROSENBROCK23 } from './rosenbrock23-coefficients.js';
import { Rosenbrock23Stepper } from './rosenbrock23-stepper.js';

const { d: D } = ROSENBROCK23;

/**
 * Shampine and Reichelt's Rosenbrock pair of MATLAB's ode23s (OrdinaryDiffEq.jl's `Rosenbrock23`): order 2,
 * L-stable, with an order-3 error estimate; one LU factorisation of W = I − h·d·J and three linear solves per
 * step, for stiff problems at loose tolerances. Needs ∂f/∂y (the dynamics' `jacobian` or `jvp`) and a backend
 * with `linalg`; ∂f/∂t comes from `Dynamics.timeDerivative` or a finite difference. Its dense output is
 * Shampine's own, from the stages: y(t₀ + θh) = y₀ + h·(θ(1−θ)/(1−2d)·k₁ + θ(θ−2d)/(1−2d)·k₂), over the
 * recorded k = [f(t₀, y₀), k₁, k₂, f(t₁, y₁)]. J is evaluated once per step (kept across rejections).
 */
export class Rosenbrock23 implements SteppableSolver {
  /** Registered name. */
  readonly name = 'rosenbrock23';
  /** Order of the propagated solution. */
  readonly order = 2;
  /** Order of the solution the error is measured against minus one: the estimate is O(h³). */
  readonly errorOrder = 2;
  /** Adapts its step. */
  readonly adaptive = true;
  /** f(t₁, y₁) is the last stage and the next step's first. */
  readonly fsal = true;
  /** Linearly implicit. */
  readonly implicit = true;
  /** Needs ∂f/∂y. */
  readonly needsJacobian = true;
  /** Factorises W through `linalg`. */
  readonly needsLinalg = true;
  /** One-step. */
  readonly multistep = false;
  /** Order of the dense output. */
  readonly interpolantOrder = 2;
  /** f evaluations per step besides the reused first one (plus one for ∂f/∂t without `timeDerivative`). */
  readonly stages = 2;
  /** One-line description. */
  readonly description = 'Rosenbrock 2(3), L-stable, ode23s (Shampine–Reichelt), for stiff problems at loose tolerances';

  /**
   * Shampine's dense output over k = [f(t₀, y₀), k₁, k₂, f(t₁, y₁)], written with y₁ − y₀ = h·k₂ as
   * (1−θ)y₀ + θy₁ + h(θ(1−θ)/(1−2d)·k₁ + (θ(θ−2d)/(1−2d) − θ)·k₂), so that it ends exactly on y₁.
   */
  denseWeights(theta: number): DenseWeights {
    const s = 1 / (1 - 2 * D);
    return { y0: 1 - theta, y1: theta, k: [0, theta * (1 - theta) * s, theta * (theta - 2 * D) * s - theta, 0] };
  }

  /** d/dθ of {@link Rosenbrock23.denseWeights}. */
  denseWeightDerivatives(theta: number): DenseWeights {
    const s = 1 / (1 - 2 * D);
    return { y0: -1, y1: 1, k: [0, (1 - 2 * theta) * s, (2 * theta - 2 * D) * s - 1, 0] };
  }

  createStepper<T>(ctx: StepperContext<T>, y0: T): Stepper<T> {
    return new Rosenbrock23Stepper(ctx, y0, this.name);
  }
}

/** The `rosenbrock23` method. */
export const rosenbrock23 = new Rosenbrock23();
