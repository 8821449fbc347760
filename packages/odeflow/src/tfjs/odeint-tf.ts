import * as tf from '@tensorflow/tfjs-core';
import type { Gradients, SensitivityRun } from '@odeflow/core';
import type { IntegrateOptions } from '@odeflow/solvers';
import type { Odeflow } from '@odeflow/runtime';
import { prepareTfRun, requireSuccess } from './prepare-tf-run.js';
import { isRecording, keepCreated, preservingTape, releaseWithTape } from './tape-state.js';
import type { TfOdeProblem, TfSolveOptions } from './tf-ode-problem.js';

/**
 * Solve an ODE as a differentiable tfjs op: y(tᵢ) for every output time, stacked into one tensor of shape
 * [ts.length, ...y0.shape] (fewer rows when a terminal event stopped the solve).
 *
 * Inside `tf.variableGrads`, `tf.grads`, `tf.valueAndGrads` or an optimizer's `minimize`, the result carries
 * the gradients of the chosen sensitivity (`direct`, `adjoint` or `checkpointed`) back to `y0` and to every
 * parameter tensor, like any other tfjs op. Outside a gradient computation it is a plain forward solve.
 *
 * How: the solve is a `tf.customGrad` op whose forward pass runs the sensitivity's forward solve (with tfjs's
 * tape off, so the solver's own ops are not recorded) and whose gradient function maps the incoming
 * cotangent ∂L/∂y(tᵢ) through the sensitivity's backward pass, whose VJPs run tfjs autodiff with the outer
 * tape preserved (also for dynamics whose own `vjp` calls `tf.grads`). What the forward pass stores is
 * released after the backward pass, or when the gradients call ends if back-propagation never reaches the op.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createOdeflow, realiseBlock } from 'odeflow';
 * import { odeintTf } from 'odeflow/tfjs';
 *
 * const ode = await createOdeflow<tf.Tensor>({ backend: 'tfjs', sensitivity: 'adjoint', options: { rtol: 1e-5, atol: 1e-6 } });
 * const block = realiseBlock({ kind: 'mlp', inputSize: 2, widths: [16, 2], activation: 'tanh' }, ode.backend);
 * const theta = block.params.map((p) => tf.variable(p));
 * const optimizer = tf.train.adam(0.01);
 * optimizer.minimize(() => {
 *   const ys = odeintTf(ode, { dynamics: block.dynamics, y0, ts, params: theta });
 *   return tf.mean(tf.square(tf.sub(ys, target)));
 * });
 * ```
 * @param ode - an `Odeflow` on the `tfjs` or `wasm` backend; its solver, options and sensitivity are the defaults
 * @param problem - dynamics, y0, ts and the parameter tensors θ
 * @param options - per-call sensitivity, integration and sensitivity options
 * @throws OdeflowError `INVALID_ARGUMENT` (backend, dtypes, shapes), `UNKNOWN_NAME` (sensitivity), `NO_VJP`,
 *   or the failure code of a forward solve that did not succeed
 */
export function odeintTf(ode: Odeflow<tf.Tensor>, problem: TfOdeProblem, options: TfSolveOptions = {}): tf.Tensor {
  const prepared = prepareTfRun(ode, problem, options, 'odeintTf');
  const { backend, sensitivity, context } = prepared;
  const { y0, params } = prepared.problem;
  const inputs = [y0, ...params];

  if (!isRecording()) {
    // No gradient can be asked of this result: a plain solve, nothing stored.
    return tf.tidy(() => {
      const solution = ode.solve(prepared.problem, (options.options ?? {}) as IntegrateOptions);
      requireSuccess(solution, 'odeintTf');
      backend.activate();
      return tf.stack(solution.ys);
    });
  }

  let pending: PendingBackward | undefined;
  const op = tf.customGrad((...args) => {
    args.pop(); // tfjs's save function: the stored data lives in the sensitivity run, not in tfjs's saved list
    const { value: run, kept } = keepCreated(() => sensitivity.run(prepared.problem, context));
    pending = new PendingBackward(run, kept, inputs);
    let value: tf.Tensor;
    try {
      requireSuccess(run.solution, 'odeintTf');
      backend.activate();
      value = tf.stack(run.solution.ys);
    } catch (e) {
      pending.release();
      throw e;
    }
    const current = pending;
    return { value, gradFunc: (dy: tf.Tensor) => current.backward(dy) };
  });
  let out: tf.Tensor;
  try {
    out = op(...inputs);
  } catch (e) {
    pending?.release();
    throw e;
  }
  if (pending && !releaseWithTape(out, () => pending!.release())) pending.release();
  return out;
}

/** A sensitivity run waiting for its cotangent, and the tensors its forward pass kept alive. */
class PendingBackward {
  private released = false;
  private backwardCalled = false;

  constructor(
    private readonly run: SensitivityRun<tf.Tensor>,
    private readonly kept: tf.Tensor[],
    private readonly inputs: readonly tf.Tensor[],
  ) {}

  /** Map ∂L/∂ys (the stacked output's cotangent) to [∂L/∂y0, ...∂L/∂θ]; releases the run. */
  backward(dy: tf.Tensor): tf.Tensor[] {
    const cotangents = tf.unstack(dy);
    let grads: Gradients<tf.Tensor> | undefined;
    this.backwardCalled = true;
    try {
      grads = preservingTape(() => this.run.backward(cotangents));
    } finally {
      tf.dispose(cotangents);
      this.release(grads ? [grads.y0, ...grads.params] : []);
    }
    return [grads.y0, ...grads.params];
  }

  /** Dispose what the forward pass stored (idempotent); tensors in `keep` and the inputs are spared. */
  release(keep: readonly tf.Tensor[] = []): void {
    if (this.released) return;
    this.released = true;
    // a run whose backward was called has released its stored data itself (even when it threw)
    if (!this.backwardCalled) this.run.dispose();
    const spare = new Set<tf.Tensor>([...keep, ...this.inputs]);
    for (const t of [...this.kept, ...this.run.solution.ys]) if (!spare.has(t) && !t.isDisposed) t.dispose();
  }
}
