import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError, sameShape } from '@odeflow/core';

/**
 * `lincomb` of a tfjs-backed backend: Σ coeffs[j]·xs[j]. Without a recording gradient tape (the solver loop)
 * it sums in float64 JS; under a tape it is made of tfjs ops, so gradients flow.
 */
export class TfjsLincomb {
  // float64 accumulator of untaped, reused (grown on demand) so a lincomb allocates only its result
  private scratch = new Float64Array(0);

  /**
   * @param engine - tfjs's engine, asked whether a gradient tape is recording
   * @param read - reads a tensor's values back to JS (valid until the next tfjs call)
   * @param activate - makes the backend's tfjs kernels the active ones
   */
  constructor(
    private readonly engine: ReturnType<typeof tf.engine>,
    private readonly read: (x: tf.Tensor) => ArrayLike<number>,
    private readonly activate: () => void,
  ) {}

  /**
   * Check the arguments, activate the kernels and combine.
   * @param coeffs - one coefficient per tensor
   * @param xs - tensors of one shape (at least one)
   * @returns a new tensor, never one of the inputs
   */
  lincomb(coeffs: readonly number[], xs: readonly tf.Tensor[]): tf.Tensor {
    if (coeffs.length !== xs.length) {
      throw new OdeflowError('SHAPE_MISMATCH', `lincomb: ${coeffs.length} coefficients for ${xs.length} tensors.`);
    }
    if (xs.length === 0) throw new OdeflowError('INVALID_ARGUMENT', 'lincomb needs at least one tensor.');
    const shape = xs[0].shape;
    for (let j = 1; j < xs.length; j++) {
      if (!sameShape(xs[j].shape, shape)) {
        throw new OdeflowError(
          'SHAPE_MISMATCH',
          `lincomb: tensor ${j} has shape [${xs[j].shape.join(', ')}], expected [${shape.join(', ')}].`,
        );
      }
    }
    this.activate();
    if (!this.engine.isTapeOn()) return this.untaped(coeffs, xs);
    return tf.tidy(() => {
      const terms: tf.Tensor[] = [];
      for (let j = 0; j < xs.length; j++) {
        const c = coeffs[j];
        if (c === 0) continue;
        terms.push(c === 1 ? xs[j] : tf.mul(xs[j], tf.scalar(c, 'float32')));
      }
      if (terms.length === 0) return tf.zerosLike(xs[0]);
      // addN is one kernel for all terms; a lone term may be an input, which the caller must not receive.
      return terms.length === 1 ? tf.clone(terms[0]) : tf.addN(terms);
    });
  }

  /**
   * lincomb when no gradient tape is recording (the solver loop outside a direct backprop): read each
   * input once, sum in float64, write one tensor. One tensor creation instead of a scalar, a multiply and
   * an add per term (~3–6 µs of dispatch each), and a float64 accumulation rounded once.
   */
  private untaped(coeffs: readonly number[], xs: readonly tf.Tensor[]): tf.Tensor {
    const n = xs[0].size;
    if (this.scratch.length < n) this.scratch = new Float64Array(n);
    const acc = this.scratch;
    acc.fill(0, 0, n);
    for (let j = 0; j < xs.length; j++) {
      const c = coeffs[j];
      if (c === 0) continue;
      const x = this.read(xs[j]);
      for (let i = 0; i < n; i++) acc[i] += c * x[i];
    }
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = acc[i];
    return tf.tensor(out, xs[0].shape, 'float32');
  }
}
