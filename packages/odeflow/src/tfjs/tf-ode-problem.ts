import type * as tf from '@tensorflow/tfjs-core';
import type { AutodiffTime, Dynamics } from '@odeflow/core';
import type { IntegrateOptions } from '@odeflow/solvers';

/**
 * A right-hand side written in tfjs ops: f(t, y, θ) with t a JS number, y and every θᵢ tfjs tensors. Its VJP
 * comes from tfjs autodiff (see {@link TfSolveOptions.time} for how ∂f/∂t is obtained).
 */
export type TfDynamicsFunction = (t: number, y: tf.Tensor, params: readonly tf.Tensor[]) => tf.Tensor;

/** An initial-value problem in tfjs tensors, for {@link odeintTf} and {@link valueAndGradsTf}. */
export interface TfOdeProblem {
  /**
   * The dynamics: a block realised on the tfjs/wasm backend (`realiseBlock(spec, ode.backend).dynamics`), any
   * `Dynamics<tf.Tensor>` with a VJP, or a plain function in tfjs ops.
   */
  readonly dynamics: Dynamics<tf.Tensor> | TfDynamicsFunction;
  /** Initial state at ts[0] (float32), any shape, e.g. [n] or a batch [B, n]. */
  readonly y0: tf.Tensor;
  /** Output times, strictly monotone; the first is the initial time. Plain numbers (float64). */
  readonly ts: readonly number[];
  /** Parameters θ passed to the dynamics, typically `tf.Variable`s that an optimizer trains. */
  readonly params: readonly tf.Tensor[];
}

/** Choices of one {@link odeintTf} or {@link valueAndGradsTf} call; each overrides the `Odeflow`'s default. */
export interface TfSolveOptions {
  /** Sensitivity by name: `direct`, `adjoint` or `checkpointed` (default: the `Odeflow`'s). */
  readonly sensitivity?: string;
  /** Integration options of this call (tolerances, step control), merged over the `Odeflow`'s. */
  readonly options?: IntegrateOptions<tf.Tensor>;
  /**
   * Options of the sensitivity (adjointRtol, checkpointEvery...). The `Odeflow`'s defaults apply only when
   * the sensitivity is the `Odeflow`'s own, since another sensitivity may refuse their keys.
   */
  readonly sensitivityOptions?: Readonly<Record<string, unknown>>;
  /**
   * How a {@link TfDynamicsFunction} sees time (default `number`: ∂f/∂t by a central difference, two extra
   * evaluations per VJP; `autonomous` for an f that ignores t, the usual neural ODE). Ignored for `Dynamics`.
   */
  readonly time?: Exclude<AutodiffTime, 'tensor'>;
}
