import * as tf from '@tensorflow/tfjs-core';
import { OdeflowError, sameShape } from '@odeflow/core';
import { transposingMatMul } from './transposing-mat-mul.js';

/**
 * Runs single tfjs kernels for a tfjs-backed backend: straight through the engine, and for the elementwise
 * and matrix ops with the contract's shape rules and the backend's activation and peak sampling around them.
 */
export class TfjsKernelRunner {
  /**
   * @param engine - tfjs's engine, which runs the kernels
   * @param activate - makes the backend's tfjs kernels the active ones
   * @param sample - records the bytes tfjs holds now in the backend's peak
   */
  constructor(
    private readonly engine: ReturnType<typeof tf.engine>,
    private readonly activate: () => void,
    private readonly sample: () => void,
  ) {}

  /**
   * Run one kernel through the engine, skipping the tf.* op wrapper (argument conversion, dtype matching):
   * all of the backend's tensors are float32 tf.Tensors already, and the wrapper costs ≈ 0.8 µs of the
   * ≈ 3.4 µs a small op takes on the wasm kernels. The engine still tracks the result in the current
   * scope and records it on an active gradient tape (gradients are registered per kernel).
   * @param name - the tfjs kernel name (e.g. `tf.Add`)
   * @param inputs - its named input tensors
   * @param attrs - its attributes
   * @returns the kernel's output
   */
  run(name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): tf.Tensor {
    return this.engine.runKernel(name, inputs, attrs) as tf.Tensor;
  }

  /**
   * An elementwise one-input op, activated and sampled.
   * @param x - the input
   * @param kernel - the tfjs kernel name
   * @returns the result
   */
  unary(x: tf.Tensor, kernel: string): tf.Tensor {
    this.activate();
    return this.out(this.run(kernel, { x }));
  }

  /**
   * An elementwise two-input op, activated and sampled. b is brought to a shape tfjs broadcasts the way the
   * contract says: equal shapes, a scalar or one-element b, or a 1-D b matching a's last axis. Equal sizes
   * in different shapes combine elementwise (as on `js`).
   * @param a - left operand
   * @param b - right operand, a tensor or a number
   * @param kernel - the tfjs kernel name
   * @param what - the op's name for error messages
   * @returns the result
   */
  binary(a: tf.Tensor, b: tf.Tensor | number, kernel: string, what: string): tf.Tensor {
    this.activate();
    // the common case first, without allocating a closure
    if (typeof b !== 'number' && sameShape(a.shape, b.shape)) return this.out(this.run(kernel, { a, b }));
    const op = (x: tf.Tensor, y: tf.Tensor) => this.run(kernel, { a: x, b: y });
    if (typeof b === 'number') return this.out(tf.tidy(() => op(a, tf.scalar(b, 'float32'))));
    const last = a.shape[a.shape.length - 1];
    if (b.size === a.size) {
      return this.out(
        tf.tidy(() => (a.rank >= b.rank ? op(a, tf.reshape(b, a.shape)) : op(tf.reshape(a, b.shape), b))),
      );
    }
    if (b.size === 1) return this.out(tf.tidy(() => op(a, tf.reshape(b, []))));
    if (b.rank === 1 && b.size === last) return this.out(op(a, b));
    throw new OdeflowError(
      'SHAPE_MISMATCH',
      `${what}: shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast (only [..., n] with [n] or a scalar).`,
    );
  }

  /**
   * A 2-D matrix product, activated and sampled.
   * @param a - left matrix
   * @param b - right matrix
   * @param transposeA - use aᵀ
   * @param transposeB - use bᵀ
   * @param explicitTransposes - materialise transposed operands when cheap (see {@link transposingMatMul})
   * @returns op(a)·op(b)
   */
  matMul(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean, explicitTransposes: boolean): tf.Tensor {
    if (a.rank !== 2 || b.rank !== 2) {
      throw new OdeflowError('SHAPE_MISMATCH', `matMul needs 2-D tensors; got [${a.shape.join(', ')}] and [${b.shape.join(', ')}].`);
    }
    const k = transposeA ? a.shape[0] : a.shape[1];
    const k2 = transposeB ? b.shape[1] : b.shape[0];
    if (k !== k2) throw new OdeflowError('SHAPE_MISMATCH', `matMul: inner dimensions ${k} and ${k2} differ.`);
    this.activate();
    if (explicitTransposes) return this.out(transposingMatMul(a as tf.Tensor2D, b as tf.Tensor2D, transposeA, transposeB));
    return this.out(this.run(tf.BatchMatMul, { a, b }, { transposeA, transposeB }));
  }

  private out(x: tf.Tensor): tf.Tensor {
    this.sample();
    return x;
  }
}
