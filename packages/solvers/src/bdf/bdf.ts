import type { DenseWeights } from '../interpolant.js';
import type { SteppableSolver, Stepper, StepperContext } from '../stepper.js';
import { MAX_ORDER } from './bdf-coefficients.js';
import { BdfStepper } from './bdf-stepper.js';

/**
 * The variable-order (1–5), variable-step backward differentiation method in the NDF form of Shampine &
 * Reichelt (MATLAB's ode15s, SciPy's `BDF`): one Newton solve per step, which may stop after one iteration,
 * with an LU of I − (h/αₖ)·J kept across steps (and across step changes of up to 20%) and a Jacobian
 * re-evaluated only when Newton fails with a stale one or every 50 steps, which makes it cheap on larger
 * stiff systems. It chooses its own step and order (the solve's controller decides only
 * acceptance: err ≤ 1; its safety and factor bounds are not used). Needs ∂f/∂y (any source of
 * `jacobianEvaluator`) and a backend with `linalg`. Its dense output is the step's interpolating polynomial:
 * with the recorded k = [f(t₀, y₀), D₁/h, …, D₅/h, f(t₁, y₁)] (Dⱼ the backward differences at t₁, zero above the
 * step's order; the end derivatives are evaluated only for a recorder and weigh 0),
 * y(t₀ + θh) = y₁ + h·Σⱼ₌₁⁵ (Πₘ₌₀ʲ⁻¹ (θ − 1 + m)/(m + 1))·Dⱼ/h.
 */
export class Bdf implements SteppableSolver {
  /** Registered name. */
  readonly name = 'bdf';
  /**
   * The order on a fixed grid (`stepSize`), where it takes one step of order 1 and then order 2 (a start-up
   * step of order 1 bounds the global error at O(h²) whatever the later orders); with error control the
   * steps run at orders 1 to {@link Bdf.maxOrder}, chosen from the error estimates.
   */
  readonly order = 2;
  /** Highest order of its formulas. */
  readonly maxOrder = MAX_ORDER;
  /** Order of the first steps' error estimate (the first-step heuristic starts at order 1). */
  readonly errorOrder = 1;
  /** Adapts its step and order. */
  readonly adaptive = true;
  /** Not a Runge–Kutta method. */
  readonly fsal = false;
  /** Implicit. */
  readonly implicit = true;
  /** Needs ∂f/∂y. */
  readonly needsJacobian = true;
  /** Factorises I − c·J through `linalg`. */
  readonly needsLinalg = true;
  /** Uses past steps. */
  readonly multistep = true;
  /** Degree of the dense output (the step's order, at most 5). */
  readonly interpolantOrder = MAX_ORDER;
  /** Newton iterations per step: typically 1–3 f evaluations. */
  readonly stages = 1;
  /** One-line description. */
  readonly description = 'BDF/NDF, variable order 1–5 (Shampine–Reichelt, quasi-constant step), stiff';

  /** y(θ) = y₁ + h·Σⱼ wⱼ(θ)·(Dⱼ/h) with wⱼ(θ) = Πₘ₌₀ʲ⁻¹ (θ − 1 + m)/(m + 1); the end derivatives weigh 0. */
  denseWeights(theta: number): DenseWeights {
    const k: number[] = [0];
    let p = 1;
    for (let j = 0; j < MAX_ORDER; j++) {
      p *= (theta - 1 + j) / (j + 1);
      k.push(p);
    }
    k.push(0);
    return { y0: 0, y1: 1, k };
  }

  /** d/dθ of {@link Bdf.denseWeights}, by the product rule. */
  denseWeightDerivatives(theta: number): DenseWeights {
    const k: number[] = [0];
    // p = Π of the factors so far, dp = its derivative
    let p = 1;
    let dp = 0;
    for (let j = 0; j < MAX_ORDER; j++) {
      const factor = (theta - 1 + j) / (j + 1);
      dp = dp * factor + p / (j + 1);
      p *= factor;
      k.push(dp);
    }
    k.push(0);
    return { y0: 0, y1: 0, k };
  }

  /** Create the per-solve stepper. */
  createStepper<T>(ctx: StepperContext<T>, y0: T): Stepper<T> {
    return new BdfStepper(ctx, y0, this.name);
  }
}

/** The variable-order BDF/NDF method under the name `bdf`. */
export const bdf = new Bdf();
