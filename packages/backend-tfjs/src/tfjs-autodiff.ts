import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError, sameShape, type Autodiff, type VjpOutput } from '@odeflow/core';

/**
 * Vector–Jacobian products through tfjs's gradient tape (the engine behind `tf.grads`), for functions
 * with non-scalar outputs and an explicit output cotangent.
 *
 * Inputs the output does not depend on get a zero cotangent (tfjs would throw or return nothing for
 * them): a dynamics that ignores a parameter is legitimate and its gradient is zero, not an error.
 * The returned value and cotangents are new tensors the caller owns; everything else is released.
 *
 * It may run inside the gradient function of a `tf.customGrad` while tfjs back-propagates an outer
 * computation (`tf.grads`, `tf.variableGrads`, an optimizer's `minimize`): the outer tape is preserved.
 * That is how an ODE block with an adjoint backward pass sits inside ordinary tfjs training code.
 */
export class TfjsAutodiff implements Autodiff<tf.Tensor> {
  private readonly activate: () => void;
  private readonly sample: () => void;

  /**
   * @param activate - makes the owning backend's tfjs kernels the active ones
   * @param sample - records the bytes held now into the owning backend's peak
   */
  constructor(activate: () => void, sample: () => void) {
    this.activate = activate;
    this.sample = sample;
  }

  /** dyᵀ ∂fn/∂xᵢ for every input, and fn(xs), in one forward and one backward pass. */
  vjp(fn: (...xs: tf.Tensor[]) => tf.Tensor, xs: readonly tf.Tensor[], dy: tf.Tensor): VjpOutput<tf.Tensor> {
    if (xs.length === 0) throw new OdeflowError('INVALID_ARGUMENT', 'vjp needs at least one input tensor.');
    this.activate();
    const inputs = [...xs];
    let dyIn = dy;
    let castDy: tf.Tensor | null = null;
    if (dy.dtype !== 'float32') dyIn = castDy = tf.cast(dy, 'float32');
    // Called from inside another backward pass (e.g. a tf.customGrad gradient that runs an adjoint solve,
    // within tf.variableGrads), tfjs would start a fresh tape over the outer one and end by nulling it, and
    // the outer pass then crashes on its null tape. Keep the outer tape and put it back afterwards.
    const state = tf.engine().state;
    const freshTape = state.gradientDepth === 0;
    const outerTape = freshTape ? state.activeTape : null;
    try {
      const { value, grads } = tf.engine().gradients(
        () => {
          const y = fn(...inputs);
          if (!(y instanceof tf.Tensor)) {
            throw new OdeflowError('INVALID_ARGUMENT', 'vjp: the function must return a tfjs tensor written in tfjs ops.');
          }
          if (!sameShape(y.shape, dyIn.shape)) {
            throw new OdeflowError(
              'SHAPE_MISMATCH',
              `vjp: the output has shape [${y.shape.join(', ')}] but the cotangent dy has shape [${dyIn.shape.join(', ')}]; ` +
                'pass a dy of the output\'s shape.',
            );
          }
          this.sample();
          return y;
        },
        inputs,
        dyIn,
        true,
      );
      // tfjs hands back the very input (identity fn) or dy (an input that is the output) in those cases;
      // the caller owns what vjp returns and may dispose it, so such aliases are copied.
      const alias = (t: tf.Tensor) => t === dyIn || inputs.includes(t);
      const out = grads.map((g, i) => (g == null ? tf.zerosLike(inputs[i]) : alias(g) ? tf.clone(g) : g));
      this.sample();
      return { value: alias(value) ? tf.clone(value) : value, grads: out };
    } catch (e) {
      // A throw in fn leaves the tape this call started holding the tensors it saved for the backward pass.
      const tape = state.activeTape;
      if (freshTape && tape != null && tape !== outerTape) {
        for (const node of tape) for (const t of node.saved ?? []) t.dispose();
        state.activeTape = outerTape as unknown as typeof state.activeTape;
      }
      throw e;
    } finally {
      if (outerTape != null) state.activeTape = outerTape;
      if (castDy) castDy.dispose();
    }
  }
}

