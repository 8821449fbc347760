import type * as tf from '@tensorflow/tfjs-core';
import { OdeflowError } from '@odeflow/core';

/**
 * The reductions of a tfjs-backed backend that return JS numbers (`errorNorm`, `rms`, `dot`, `maxAbs`,
 * `allFinite`). Each reads its tensors back once and reduces in float64: a number has to cross to JS
 * anyway, and one read beats a chain of ~3 µs tfjs dispatches.
 */
export class ReadbackReductions {
  /**
   * @param read - reads a tensor's values back to JS (valid until the next tfjs call)
   * @param activate - makes the backend's tfjs kernels the active ones
   */
  constructor(
    private readonly read: (x: tf.Tensor) => ArrayLike<number>,
    private readonly activate: () => void,
  ) {}

  /**
   * RMS over components of err / (atol + rtol·max(|y0|, |y1|)); 0 for empty tensors.
   * @param err - error estimate
   * @param y0 - state at the start of the step
   * @param y1 - state at the end of the step
   * @param rtol - relative tolerance, a number or per-component
   * @param atol - absolute tolerance, a number or per-component
   * @returns the scaled error norm
   */
  errorNorm(err: tf.Tensor, y0: tf.Tensor, y1: tf.Tensor, rtol: number | tf.Tensor, atol: number | tf.Tensor): number {
    this.activate();
    const e = this.read(err);
    const a = this.read(y0);
    const b = this.read(y1);
    const n = e.length;
    if (a.length !== n || b.length !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `errorNorm: err, y0 and y1 have ${n}, ${a.length} and ${b.length} elements.`);
    }
    const rt = typeof rtol === 'number' ? null : this.read(rtol);
    const at = typeof atol === 'number' ? null : this.read(atol);
    if ((rt && rt.length !== n) || (at && at.length !== n)) {
      throw new OdeflowError('SHAPE_MISMATCH', `errorNorm: per-component tolerances must have ${n} elements, like y.`);
    }
    if (n === 0) return 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const ai = Math.abs(a[i]);
      const bi = Math.abs(b[i]);
      const tol = (at ? at[i] : (atol as number)) + (rt ? rt[i] : (rtol as number)) * (ai > bi ? ai : bi);
      const r = e[i] / tol;
      s += r * r;
    }
    return Math.sqrt(s / n);
  }

  /**
   * Root mean square of the components; 0 for an empty tensor.
   * @param x - the tensor
   * @returns its RMS
   */
  rms(x: tf.Tensor): number {
    this.activate();
    const d = this.read(x);
    if (d.length === 0) return 0;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i] * d[i];
    return Math.sqrt(s / d.length);
  }

  /**
   * Inner product of two tensors of equal size.
   * @param x - first tensor
   * @param y - second tensor
   * @returns Σ x[i]·y[i]
   */
  dot(x: tf.Tensor, y: tf.Tensor): number {
    if (x.size !== y.size) throw new OdeflowError('SHAPE_MISMATCH', `dot: sizes ${x.size} and ${y.size} differ.`);
    this.activate();
    const a = this.read(x);
    const b = this.read(y);
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  /**
   * Largest absolute component (NaN if any component is NaN); 0 for an empty tensor.
   * @param x - the tensor
   * @returns max |x[i]|
   */
  maxAbs(x: tf.Tensor): number {
    this.activate();
    const d = this.read(x);
    let m = 0;
    for (let i = 0; i < d.length; i++) {
      const v = Math.abs(d[i]);
      if (v > m || v !== v) m = v;
    }
    return m;
  }

  /**
   * Whether every component is finite.
   * @param x - the tensor
   * @returns false if any component is NaN or ±Infinity
   */
  allFinite(x: tf.Tensor): boolean {
    this.activate();
    const d = this.read(x);
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
    return true;
  }
}
