import type { Dynamics, Solver, SolveStats, StepSizeController, StepSizeControllerOptions, TensorBackend } from '@odeflow/core';
import type { DenseWeights } from './interpolant.js';
import type { ErrorNormFn } from './integrate-options.js';
import type { StepRecord } from './step-recorder.js';

/** The data of one accepted step as handed to a recorder. */
export interface StepData<T> {
  /** State at the start of the step. */
  y0: T;
  /** State at its end. */
  y1: T;
  /** Recorded stage derivatives. */
  k: T[];
}

/** What a stepper needs from the solve (built by `integrate`). */
export interface StepperContext<T> {
  /** Backend of the tensors. */
  readonly backend: TensorBackend<T>;
  /** Right-hand side. */
  readonly dynamics: Dynamics<T>;
  /** Parameters θ. */
  readonly params: readonly T[];
  /** Relative tolerance as errorNorm takes it. */
  readonly rtol: number | T;
  /** Absolute tolerance as errorNorm takes it. */
  readonly atol: number | T;
  /** User error norm, if any. */
  readonly norm?: ErrorNormFn<T>;
  /** Whether a recorder takes the step data (the generic path then never disposes accepted data). */
  readonly recording: boolean;
}

/**
 * The mutable state of one solve for one method: the current step's y₀, y₁ and stages. Internal
 * contract between a method and the integration loop; the loop calls start, then repeatedly attempt →
 * (reject | complete → [record] → accept), then dispose.
 */
export interface Stepper<T> {
  /** State at the start of the current step. */
  readonly y0: T;
  /** Candidate state at its end (valid after attempt). */
  readonly y1: T;
  /** Recorded stage derivatives (valid after complete; the last one is f(t₁, y₁)). */
  readonly k: readonly T[];
  /** f evaluations so far. */
  nfe: number;
  /** Jacobian evaluations so far (implicit methods; absent counts as 0). */
  njev?: number;
  /** LU factorisations so far (implicit methods; absent counts as 0). */
  nlu?: number;
  /** Newton iterations so far (implicit methods; absent counts as 0). */
  newtonIterations?: number;
  /** Newton iterations that did not converge so far (implicit methods; absent counts as 0). */
  newtonFailures?: number;
  /**
   * True after an attempt whose Newton iteration did not converge. Such an attempt returns ∞ as its error
   * norm: the loop rejects the step and shrinks it, and when the step underflows after a Newton failure
   * (or cannot shrink, on a fixed grid) the solve ends with status `newton_failed`.
   */
  newtonFailed?: boolean;
  /**
   * True after an attempt rejected because its iteration matrix (I − hγ·J) was singular; `newtonFailed` is
   * then true as well, and the failure message names the singular matrix.
   */
  singular?: boolean;
  /**
   * Optional: an estimate of |h|·ρ(∂f/∂y) for the attempt just accepted (before `complete`), for explicit
   * methods that detect stiffness; 0 when it cannot be told.
   */
  stiffness?(dt: number): number;
  /**
   * Optional: the magnitude of the step the method wants next, asked after a rejected attempt and after an
   * accepted step (after `complete`); it replaces the controller's proposal (methods that choose their own
   * step and order, such as BDF). The loop still applies dtMin/dtMax and breakpoints.
   */
  proposedStep?(): number;
  /**
   * Optional: the method whose dense output the current step has, when it is not the solve's solver (a
   * switching method such as `auto` steps with one of two); the loop interpolates the step with its weights.
   */
  readonly stepMethod?: SteppableSolver;
  /** Optional: add counters of the stepper's own to the solve's stats (a switching method's switches and shares). */
  addStats?(stats: SolveStats): void;
  /** Take ownership of y0 and evaluate the first stage at t0. */
  start(t0: number, y0: T): void;
  /**
   * Attempt a step of signed size dt from t0; stages at c = 1 are evaluated at `tLast` (t0 + dt, or
   * just before it when the step ends on a discontinuity). Returns the scaled error norm (0 when
   * `estimate` is false), NaN or ∞ when the attempt is not finite.
   */
  attempt(t0: number, dt: number, tLast: number, estimate: boolean): number;
  /** Make the last entry of k equal f(t₁, y₁) (evaluated at `tLast`). */
  complete(tLast: number): void;
  /**
   * Compute the stages only the dense output uses (none for most methods) for the accepted step from
   * t0 of size dt; idempotent within a step. Call before interpolating, recording or storing a step.
   */
  denseReady(t0: number, dt: number): void;
  /** The step data for a recorder (copies on in-place backends). */
  record(): StepData<T>;
  /** Move to the next step; with `restart`, re-evaluate the first stage at (t1, y1) (after a jump). */
  accept(t1: number, restart: boolean): void;
  /** Drop the attempt. */
  reject(): void;
  /** Release everything the stepper still owns. */
  dispose(): void;
  /**
   * Optional: forget the finished solve (evaluation count, per-step flags) so that the same stepper can
   * `start` another with the same context; offered by steppers whose state is only reusable buffers.
   */
  reset?(): void;
}

/**
 * A solver the integration loop can run: every method of `@odeflow/solvers` (and any user method built
 * on {@link ExplicitRungeKutta}) implements it.
 */
export interface SteppableSolver extends Solver {
  /**
   * Dense-output weights at θ ∈ [0, 1]: y(t₀ + θ·dt) = w.y0·y₀ + w.y1·y₁ + dt·Σᵢ w.k[i]·kᵢ over the
   * step's recorded stages (see {@link StepRecord}).
   */
  denseWeights(theta: number): DenseWeights;
  /**
   * Optional: {@link SteppableSolver.denseWeights} written into `out` and returned, allocating nothing (the output
   * path calls it at every output time).
   */
  denseWeightsInto?(theta: number, out: DenseWeights): DenseWeights;
  /**
   * d/dθ of the dense-output weights (the time derivative of the dense output is 1/dt times the
   * combination they give); optional for methods of your own, which then get it numerically.
   */
  denseWeightDerivatives?(theta: number): DenseWeights;
  /**
   * |h·λ| where the stability region meets the negative real axis, when the method detects stiffness
   * (its stepper then offers `stiffness`); absent otherwise.
   */
  readonly stiffnessBound?: number;
  /** The step-size controller of a solve that names none (without it, the PI controller with the solve's options). */
  defaultController?(options: StepSizeControllerOptions): StepSizeController;
  /** Create the per-solve state; `y0` shows the state's shape (it is not taken). */
  createStepper<T>(ctx: StepperContext<T>, y0: T): Stepper<T>;
}

/** True when `s` can be run by `integrate`. */
export function isSteppable(s: Solver): s is SteppableSolver {
  const x = s as Partial<SteppableSolver>;
  return typeof x.createStepper === 'function' && typeof x.denseWeights === 'function';
}
