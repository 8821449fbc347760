import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.matMul(a, b, transposeA, transposeB)` for 2-D tensors that materialises a transposed operand first
 * when that is cheap relative to the product. Why: tfjs-wasm's matMul kernel is 3–10× slower with a
 * transpose flag than without one (measured on 64×64 to 512×64 operands), and an explicit transpose costs
 * one pass over the operand. An operand is transposed explicitly when the product has at least 16 384
 * multiply–adds and the operand has at most 1/8 as many elements; otherwise the flag is passed through.
 * The result is the same product (the same float32 sums in the same order per output element).
 */
export function transposingMatMul(a: tf.Tensor2D, b: tf.Tensor2D, transposeA = false, transposeB = false): tf.Tensor2D {
  // small products (the common case in neural ODE dynamics) go straight to the kernel, as tf.matMul would
  const direct = (x: tf.Tensor2D, y: tf.Tensor2D, tx: boolean, ty: boolean) =>
    tf.engine().runKernel(tf.BatchMatMul, { a: x, b: y }, { transposeA: tx, transposeB: ty }) as tf.Tensor2D;
  if (!transposeA && !transposeB) return direct(a, b, false, false);
  const m = transposeA ? a.shape[1] : a.shape[0];
  const k = transposeA ? a.shape[0] : a.shape[1];
  const n = transposeB ? b.shape[0] : b.shape[1];
  const work = m * k * n;
  if (work < 16384) return direct(a, b, transposeA, transposeB);
  return tf.tidy(() => {
    let aa = a;
    let bb = b;
    let tA = transposeA;
    let tB = transposeB;
    if (tA && a.size * 8 <= work) {
      aa = tf.transpose(a);
      tA = false;
    }
    if (tB && b.size * 8 <= work) {
      bb = tf.transpose(b);
      tB = false;
    }
    return tf.matMul(aa, bb, tA, tB);
  });
}
