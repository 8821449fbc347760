import type { DenseWeights } from '../interpolant.js';
import { tsit5 } from '../methods/tsit5.js';
import type { SteppableSolver, Stepper, StepperContext } from '../stepper.js';
import { autoMethods } from './auto-methods.js';
import { AutoStepper } from './auto-stepper.js';

/** The tightest relative tolerance of a solve (per-component tolerances come as a tensor, checked > 0 already). */
function smallestRtol<T>(ctx: StepperContext<T>): number {
  if (typeof ctx.rtol === 'number') return ctx.rtol;
  let m = Infinity;
  for (const x of ctx.backend.toFloat64Array(ctx.rtol)) if (x < m) m = x;
  return m;
}

/**
 * `auto`: a solve that starts with an explicit adaptive method and switches to a stiff (implicit) one where
 * the problem turns stiff, and back where it stops being stiff — OrdinaryDiffEq's AutoTsit5(Rosenbrock23()) /
 * AutoVern7(Rodas5P()) and LSODA's idea, with one solve, one step-size controller and one dense output.
 *
 * - The methods, chosen once from rtol ({@link autoMethods}): tsit5, vern7 below rtol 1e-7 (the default), vern9
 *   below 1e-8; rosenbrock23, or rodas5p below rtol 1e-4.
 * - To the stiff method: Hairer's estimate of h·ρ on the explicit method's accepted steps (the stiffness check
 *   of dopri5/tsit5, sampled, so a non-stiff solve pays about nothing for it), at the state just accepted.
 * - Back: the stiff method's step times ρ(J) (power iteration on the Jacobian it evaluates anyway) well inside
 *   the explicit method's stability region for several steps in a row, with hysteresis (see `SwitchPolicy`).
 * - Each step keeps its own method's dense output (events, outputs, `dense`); `stats` add `switches`,
 *   `methodSteps` and `methodSpans`. The `stiffnessCheck` option does not apply: `auto` never ends `stiff`.
 * - Needs `linalg` (the `js` backend), like its stiff methods; the Jacobian comes from the dynamics as for
 *   any implicit method (its `jacobian`, `jvp`, `vjp` or finite differences), and only once stiff.
 * - Sensitivities: `adjoint` integrates the augmented system backward with `auto` as well; `direct` and
 *   `checkpointed`, which differentiate Runge–Kutta stages, refuse it (UNSUPPORTED).
 *
 * Its listed properties (order, error order, interpolant, stages, dense weights) are those of tsit5, its
 * explicit method at default tolerances; steps of the other methods carry theirs (`Stepper.stepMethod`).
 */
export class AutoSwitch implements SteppableSolver {
  /** Registered name. */
  readonly name = 'auto';
  /** tsit5's order. */
  readonly order = 5;
  /** The error order the step-size controller works with (the other methods' estimates are rescaled to it). */
  readonly errorOrder = 4;
  /** Adapts its step. */
  readonly adaptive = true;
  /** tsit5's first-same-as-last. */
  readonly fsal = true;
  /** Solves stiff problems with an implicit method (listed with the implicit methods). */
  readonly implicit = true;
  /** Needs ∂f/∂y once stiff (any dynamics has a source: see `jacobianEvaluator`). */
  readonly needsJacobian = true;
  /** Its stiff methods factorise matrices through `linalg`. */
  readonly needsLinalg = true;
  /** One-step methods. */
  readonly multistep = false;
  /** tsit5's interpolant order. */
  readonly interpolantOrder = 4;
  /** tsit5's stages. */
  readonly stages = 6;
  /** One-line description. */
  readonly description = 'auto-switching: tsit5/vern7/vern9 while non-stiff, rosenbrock23/rodas5p where stiff (by tolerance)';

  /**
   * tsit5's dense weights (each step taken by another method uses that method's own); at θ = 1 the weights of
   * y₁ itself, which tsit5's interpolant reproduces there up to rounding.
   */
  denseWeights(theta: number): DenseWeights {
    if (theta === 1) return { y0: 0, y1: 1, k: new Array<number>(tsit5.recordedStages).fill(0) };
    return tsit5.denseWeights(theta);
  }

  /** d/dθ of {@link AutoSwitch.denseWeights}. */
  denseWeightDerivatives(theta: number): DenseWeights {
    return tsit5.denseWeightDerivatives(theta);
  }

  createStepper<T>(ctx: StepperContext<T>, y0: T): Stepper<T> {
    return new AutoStepper(ctx, y0, autoMethods(smallestRtol(ctx)), this.errorOrder);
  }
}

/** The `auto` method. */
export const auto = new AutoSwitch();
