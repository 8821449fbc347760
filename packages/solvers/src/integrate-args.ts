import type { Dynamics, Solver, StepSizeController, TensorBackend } from '@odeflow/core';
import type { IntegrateOptions } from './integrate-options.js';
import type { IntegrateWorkspace } from './integrate-workspace.js';
import type { StepRecorder } from './step-recorder.js';
import type { OutputSink } from './output-sink.js';

/** Everything `integrate` needs. */
export interface IntegrateArgs<T> {
  /** Backend of y0, params and the dynamics' tensors. */
  backend: TensorBackend<T>;
  /** The right-hand side f(t, y, θ). */
  dynamics: Dynamics<T>;
  /** Initial state at ts[0] (not taken: the caller still owns it). */
  y0: T;
  /** Output times, strictly increasing or strictly decreasing; ts[0] is the initial time. */
  ts: readonly number[];
  /** Parameters θ (default none). */
  params?: readonly T[];
  /** The method (any built-in solver, or an ExplicitRungeKutta of your own). */
  solver: Solver;
  /** Tolerances, step control, events, dense output: see {@link IntegrateOptions}. */
  options?: IntegrateOptions<T>;
  /**
   * Step-size controller replacing the default PI controller; takes precedence over
   * {@link IntegrateOptions.controller} (see there).
   */
  controller?: StepSizeController;
  /** Observer of every accepted step and output (the `direct` sensitivity). */
  recorder?: StepRecorder<T>;
  /**
   * Keep the per-solve stepper here for the next call with the same solver, dynamics, parameters,
   * tolerances and state shape (see {@link IntegrateWorkspace}); the caller disposes the workspace.
   */
  workspace?: IntegrateWorkspace<T>;
  /**
   * Write the outputs here instead of returning one new tensor per output time (backends with in-place
   * float64 buffers only; elsewhere it is ignored and `ys` holds tensors as usual). See {@link OutputSink}.
   */
  outputs?: OutputSink;
}
