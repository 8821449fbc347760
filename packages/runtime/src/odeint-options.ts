import type { Container } from 'inversify';
import type { JacobianSparsity, StepSizeController } from '@odeflow/core';
import type { EventSpec, IntegrateOptions } from '@odeflow/solvers';
import type { OdeFunctionForms } from './function-dynamics.js';
import type { OdeJacobianForms } from './function-jacobian.js';

/** An event function of {@link odeint}: g(t, y) on the plain Float64Array state; a crossing of zero is an event. */
export interface OdeintEventSpec extends Omit<EventSpec<Float64Array>, 'fn'> {
  /** g(t, y), a number (NaN is NON_FINITE_STATE); `y` is a copy, reused between calls: do not keep it. */
  fn: (t: number, y: Float64Array) => number;
}

/**
 * Options of {@link odeint}: the integration options of `@odeflow/solvers` (tolerances, step control, `stepT`,
 * `jumpT`, fixed steps, `dense` — see `IntegrateOptions`), with events and a user norm written on plain
 * Float64Arrays, plus the method and failure policy.
 */
export interface OdeintOptions extends Omit<IntegrateOptions, 'events' | 'norm' | 'controller'> {
  /** Event functions on the Float64Array state (see `IntegrateOptions.events`). */
  events?: OdeintEventSpec[];
  /**
   * Scaled error norm of an attempted step (accepted when ≤ 1), replacing the default RMS of
   * err/(atol + rtol·max(|y0|, |y1|)); rtol/atol are numbers or per-component arrays (copies: writing into
   * them changes nothing). It must return a number ≥ 0; a negative value, a non-number or NaN for finite
   * inputs is INVALID_ARGUMENT.
   */
  norm?: (err: Float64Array, y0: Float64Array, y1: Float64Array, rtol: number | Float64Array, atol: number | Float64Array) => number;
  /** Name of a registered solver (default `dopri5`). `odeflow solvers` lists them. */
  method?: string;
  /**
   * The step-size controller: the name of one registered under `TOKENS.StepSizeController` in `container`
   * (default `pi`, configured by safety, factorMin, factorMax, pcoeff and icoeff, except for methods with a
   * controller of their own: rodas5p uses Gustafsson's predictive one; `constant`; or your own), or
   * a controller object.
   */
  controller?: string | StepSizeController;
  /** Throw an OdeflowError when the solve fails (default true); false returns the partial solution and its status. */
  throwOnFailure?: boolean;
  /** Container to resolve `method` from (default: odeflow's own, created once). Register your solvers there. */
  container?: Container;
  /**
   * ∂f/∂y for implicit methods: `(t, y) => rows` with rows[i][j] = ∂fᵢ/∂yⱼ (or n·n numbers row-major), or
   * the fast form `(t, y, out) => void` writing every entry into `out` (n·n row-major Float64Array, reused).
   * Checked at every call: a wrong shape is SHAPE_MISMATCH, a NaN or ±∞ (or unwritten) entry NON_FINITE_STATE.
   */
  jacobian?: OdeJacobianForms;
  /**
   * Which entries of ∂f/∂y may be nonzero, for implicit methods when no `jacobian` is given (they then
   * difference f): n rows of n booleans or a list of [i, j] pairs. Columns that share no row are perturbed
   * together, so a banded system of any size costs a few f evaluations per Jacobian. Checked before the
   * solve: a wrong size is SHAPE_MISMATCH, a malformed entry INVALID_ARGUMENT.
   */
  jacobianSparsity?: JacobianSparsity;
  /**
   * The exact ∂f/∂t for Rosenbrock methods on a non-autonomous f: `(t, y) => n numbers`, or written into `out`
   * as f may be (`(t, y, out) => void`). Without it they difference f in t (one more f evaluation per step,
   * and a truncation error of √ε). Checked at every call like f: a wrong length is SHAPE_MISMATCH, a NaN or
   * ±∞ entry NON_FINITE_STATE; not a function is INVALID_ARGUMENT. Other methods ignore it.
   */
  timeDerivative?: OdeFunctionForms;
}
