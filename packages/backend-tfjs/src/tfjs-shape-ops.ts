import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError, shapeSize as sizeOf } from '@odeflow/core';
import type { TfjsKernelRunner } from './tfjs-kernel-runner.js';

/**
 * The layout ops of a tfjs-backed backend (reshape, flat concat and split, 2-D transpose): they check sizes
 * against the contract first, so a mismatch is an odeflow SHAPE_MISMATCH rather than a tfjs error.
 */
export class TfjsShapeOps {
  /**
   * @param kernels - runs single kernels through the engine
   * @param activate - makes the backend's tfjs kernels the active ones
   * @param sample - records the bytes tfjs holds now in the backend's peak
   */
  constructor(
    private readonly kernels: TfjsKernelRunner,
    private readonly activate: () => void,
    private readonly sample: () => void,
  ) {}

  /**
   * View x's elements in another shape of the same size.
   * @param x - the tensor
   * @param shape - the new shape
   * @returns the reshaped tensor
   */
  reshape(x: tf.Tensor, shape: readonly number[]): tf.Tensor {
    if (sizeOf(shape) !== x.size) {
      throw new OdeflowError('SHAPE_MISMATCH', `reshape: cannot view ${x.size} elements as [${shape.join(', ')}].`);
    }
    this.activate();
    return this.out(this.kernels.run(tf.Reshape, { x }, { shape: [...shape] }));
  }

  /**
   * Flatten the tensors and join them end to end.
   * @param xs - the tensors (none gives an empty 1-D tensor)
   * @returns one 1-D tensor
   */
  concat(xs: readonly tf.Tensor[]): tf.Tensor {
    this.activate();
    if (xs.length === 0) return this.out(tf.zeros([0], 'float32'));
    return this.out(tf.tidy(() => tf.concat(xs.map((x) => tf.reshape(x, [-1])), 0)));
  }

  /**
   * Flatten x and cut it into consecutive 1-D pieces.
   * @param x - the tensor
   * @param sizes - the pieces' sizes, summing to x's size
   * @returns the pieces
   */
  split(x: tf.Tensor, sizes: readonly number[]): tf.Tensor[] {
    let total = 0;
    for (const s of sizes) total += s;
    if (total !== x.size) {
      throw new OdeflowError('SHAPE_MISMATCH', `split: sizes sum to ${total}, tensor has ${x.size} elements.`);
    }
    this.activate();
    if (sizes.length === 0) return [];
    return this.out(tf.tidy(() => tf.split(tf.reshape(x, [-1]), [...sizes], 0)));
  }

  /**
   * Transpose a 2-D tensor.
   * @param x - the matrix
   * @returns xᵀ
   */
  transpose(x: tf.Tensor): tf.Tensor {
    if (x.rank !== 2) throw new OdeflowError('SHAPE_MISMATCH', `transpose needs a 2-D tensor; got [${x.shape.join(', ')}].`);
    this.activate();
    return this.out(tf.transpose(x));
  }

  private out<X>(x: X): X {
    this.sample();
    return x;
  }
}
