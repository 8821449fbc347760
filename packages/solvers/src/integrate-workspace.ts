import type { Dynamics, Solver, TensorBackend } from '@odeflow/core';
import type { Stepper, StepperContext } from './stepper.js';

interface Held<T> {
  stepper: Stepper<T>;
  backend: TensorBackend<T>;
  solver: Solver;
  dynamics: Dynamics<T>;
  params: readonly T[];
  rtol: number;
  atol: number;
  norm: unknown;
  recording: boolean;
  shape: readonly number[];
}

/**
 * Working memory that `integrate` may keep from one solve to the next: the per-solve stepper (on `js`, its
 * stage buffers and the tableau's non-zero pattern), built once instead of once per call. For callers that
 * solve many short problems in a row with the same solver, dynamics, parameters, scalar tolerances, norm and
 * state shape — the adjoint's backward intervals. A solve that differs in any of these builds a new stepper,
 * which the workspace then keeps instead. Only steppers that can restart (`Stepper.reset`) are kept.
 * Pass it as `IntegrateArgs.workspace`; call {@link IntegrateWorkspace.dispose} after the last solve.
 */
export class IntegrateWorkspace<T> {
  private held: Held<T> | undefined;

  /**
   * A kept stepper for this solve, reset, or undefined (the caller builds one). Leaves the workspace empty
   * until {@link IntegrateWorkspace.keep}.
   * @internal
   */
  take(ctx: StepperContext<T>, solver: Solver, shape: readonly number[]): Stepper<T> | undefined {
    const h = this.held;
    if (!h) return undefined;
    const same =
      h.backend === ctx.backend && h.solver === solver && h.dynamics === ctx.dynamics && h.params === ctx.params &&
      h.rtol === ctx.rtol && h.atol === ctx.atol && h.norm === ctx.norm && h.recording === ctx.recording &&
      h.shape.length === shape.length && h.shape.every((d, i) => d === shape[i]);
    if (!same) {
      this.dispose();
      return undefined;
    }
    this.held = undefined;
    h.stepper.reset!();
    return h.stepper;
  }

  /**
   * Keep `stepper` for the next solve; false (the caller disposes it) when it cannot restart or the
   * tolerances are tensors.
   * @internal
   */
  keep(stepper: Stepper<T>, ctx: StepperContext<T>, solver: Solver, shape: readonly number[]): boolean {
    if (typeof stepper.reset !== 'function' || typeof ctx.rtol !== 'number' || typeof ctx.atol !== 'number') return false;
    this.dispose();
    this.held = {
      stepper, backend: ctx.backend, solver, dynamics: ctx.dynamics, params: ctx.params, rtol: ctx.rtol, atol: ctx.atol,
      norm: ctx.norm, recording: ctx.recording, shape: [...shape],
    };
    return true;
  }

  /** Whether a stepper is kept (after a solve: false when its stepper could not restart and was disposed). */
  get holds(): boolean {
    return this.held !== undefined;
  }

  /** Release the kept stepper's tensors. The workspace stays usable (the next solve builds afresh). */
  dispose(): void {
    this.held?.stepper.dispose();
    this.held = undefined;
  }
}
