import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError, type Gradients, type SensitivityRun, type SensitivityStats } from '@odeflow/core';
import type { Odeflow } from '@odeflow/runtime';
import { prepareTfRun, requireSuccess } from './prepare-tf-run.js';
import { discardTapeOnFailure } from './tape-state.js';
import type { TfOdeProblem, TfSolveOptions } from './tf-ode-problem.js';

/** A loss on the stacked solution ys = [y(t₀), y(t₁), ...] (shape [ts.length, ...y0.shape]), in tfjs ops. */
export type TfLoss = (ys: tf.Tensor) => tf.Scalar | tf.Tensor;

/** What {@link valueAndGradsTf} returns; the caller owns (and disposes) every tensor in it. */
export interface TfValueAndGrads {
  /** The loss value. */
  readonly value: number;
  /** The stacked solution the loss was taken of, shape [ts.length, ...y0.shape]. */
  readonly ys: tf.Tensor;
  /** ∂L/∂y0, ∂L/∂θᵢ (one per parameter tensor, in order) and ∂L/∂tᵢ. */
  readonly grads: Gradients<tf.Tensor>;
  /** Evaluations, steps, times and peak bytes of the forward and backward passes. */
  readonly stats: SensitivityStats;
}

/**
 * The explicit gradient API: solve forward, take `loss` of the solution, and return the loss value and its
 * gradients for y0 and every parameter tensor through the chosen sensitivity, as tensors you apply yourself
 * (`optimizer.applyGradients`, your own update, gradient clipping...). The loss's cotangent ∂L/∂ys comes from
 * tfjs autodiff; no tfjs tape is left open, so call it anywhere except inside another gradient computation's
 * function (there, use {@link odeintTf}).
 *
 * @example
 * ```ts
 * const { value, grads, ys } = valueAndGradsTf(ode, { dynamics, y0, ts, params: theta },
 *   (ys) => tf.mean(tf.square(tf.sub(ys, target))), { sensitivity: 'adjoint' });
 * optimizer.applyGradients(Object.fromEntries(theta.map((v, i) => [v.name, grads.params[i]])));
 * tf.dispose([ys, grads.y0, ...grads.params]);
 * ```
 * @param ode - an `Odeflow` on the `tfjs` or `wasm` backend
 * @param problem - dynamics, y0, ts and the parameter tensors θ
 * @param loss - a scalar function of the stacked solution, in tfjs ops
 * @param options - per-call sensitivity, integration and sensitivity options
 * @throws OdeflowError `INVALID_ARGUMENT` (backend, dtypes, a loss that is not a scalar tensor),
 *   `UNKNOWN_NAME`, `NO_VJP`, or the failure code of a forward solve that did not succeed
 */
export function valueAndGradsTf(ode: Odeflow<tf.Tensor>, problem: TfOdeProblem, loss: TfLoss, options: TfSolveOptions = {}): TfValueAndGrads {
  if (typeof loss !== 'function') {
    throw new OdeflowError('INVALID_ARGUMENT', `valueAndGradsTf: loss must be a function (ys) => scalar tensor; got ${typeof loss}.`);
  }
  const prepared = prepareTfRun(ode, problem, options, 'valueAndGradsTf');
  const { backend } = prepared;
  const inputs = new Set<tf.Tensor>([prepared.problem.y0, ...prepared.problem.params]);
  const run: SensitivityRun<tf.Tensor> = prepared.sensitivity.run(prepared.problem, prepared.context);
  let backwardCalled = false;
  let ys: tf.Tensor | undefined;
  try {
    requireSuccess(run.solution, 'valueAndGradsTf');
    backend.activate();
    ys = tf.stack(run.solution.ys);
    const stacked = ys;
    const { value, cotangents } = tf.tidy(() => {
      const vg = tf.valueAndGrad((x: tf.Tensor) => scalarLoss(loss, x))(stacked);
      return { value: vg.value, cotangents: tf.unstack(vg.grad) };
    });
    const lossValue = value.dataSync()[0];
    value.dispose();
    let grads: Gradients<tf.Tensor>;
    try {
      grads = run.backward(cotangents);
      // only now: a backward that refused its cotangents leaves the forward pass stored, for dispose to release
      backwardCalled = true;
    } finally {
      tf.dispose(cotangents);
    }
    return { value: lossValue, ys, grads, stats: run.stats };
  } catch (e) {
    ys?.dispose();
    throw e;
  } finally {
    if (!backwardCalled) run.dispose();
    for (const y of run.solution.ys) if (!inputs.has(y)) y.dispose();
  }
}

function scalarLoss(loss: TfLoss, ys: tf.Tensor): tf.Scalar {
  const l = loss(ys);
  if (!(l instanceof tf.Tensor) || l.rank !== 0) {
    discardTapeOnFailure();
    throw new OdeflowError(
      'INVALID_ARGUMENT',
      `valueAndGradsTf: the loss must return a scalar tfjs tensor; got ${l instanceof tf.Tensor ? `a tensor of shape [${l.shape.join(', ')}]` : typeof l}. ` +
        'Reduce it, e.g. with tf.mean or tf.sum.',
    );
  }
  return l as tf.Scalar;
}
