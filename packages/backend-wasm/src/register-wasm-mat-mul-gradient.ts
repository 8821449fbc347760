import * as tf from '@tensorflow/tfjs-core';
import { transposingMatMul } from '@odeflow/backend-tfjs';

let registered = false;

/**
 * Replace tfjs's gradient of `BatchMatMul` by one that gives the same cotangents but, for 2-D operands on
 * the `wasm` kernels, computes them with {@link transposingMatMul}: every matMul gradient needs a
 * transposed operand, and tfjs-wasm's transposed path is 3–10× slower than an explicit transpose plus a
 * plain product. On other kernels and for batched (3-D) operands it does exactly what tfjs's own does.
 * The gradient registry is global to the process; registering is idempotent.
 */
export function registerWasmMatMulGradient(): void {
  if (registered) return;
  registered = true;
  tf.registerGradient({
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved;
      const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const d = dy as tf.Tensor;
      const fast = a.rank === 2 && b.rank === 2 && tf.getBackend() === 'wasm';
      const mm = (x: tf.Tensor, y: tf.Tensor, tx: boolean, ty: boolean): tf.Tensor =>
        fast ? transposingMatMul(x as tf.Tensor2D, y as tf.Tensor2D, tx, ty) : tf.matMul(x, y, tx, ty);
      if (!transposeA && !transposeB) return { a: () => mm(d, b, false, true), b: () => mm(a, d, true, false) };
      if (!transposeA && transposeB) return { a: () => mm(d, b, false, false), b: () => mm(d, a, true, false) };
      if (transposeA && !transposeB) return { a: () => mm(b, d, false, true), b: () => mm(a, d, false, false) };
      return { a: () => mm(b, d, true, true), b: () => mm(d, a, true, true) };
    },
  });
}
