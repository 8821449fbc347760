import type { JsTensor } from './js-tensor.js';
import { OdeflowError } from './odeflow-error.js';

/**
 * The 2-D product op(a)·op(b), op being an optional transpose, as a new tensor made by `alloc.wrap` (so the
 * backend counts its bytes). Transposes are honoured by striding, not by copying. Zero entries of `a` skip
 * their row of `b`, so a 0 there contributes 0 even against a non-finite entry of `b`.
 * @throws OdeflowError SHAPE_MISMATCH when either operand is not 2-D or the inner dimensions differ
 */
export function matMul(
  alloc: { wrap(data: Float64Array, shape: readonly number[]): JsTensor },
  a: JsTensor,
  b: JsTensor,
  transposeA: boolean,
  transposeB: boolean,
): JsTensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new OdeflowError('SHAPE_MISMATCH', `matMul needs 2-D tensors; got [${a.shape.join(', ')}] and [${b.shape.join(', ')}].`);
  }
  const [ar, ac] = a.shape;
  const [br, bc] = b.shape;
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const k2 = transposeB ? bc : br;
  const n = transposeB ? br : bc;
  if (k !== k2) {
    throw new OdeflowError('SHAPE_MISMATCH', `matMul: inner dimensions ${k} and ${k2} differ.`);
  }
  const A = a.data;
  const B = b.data;
  const out = new Float64Array(m * n);
  // index helpers: A[i,p] and B[p,j] honouring the transposes
  const asi = transposeA ? 1 : ac;
  const asp = transposeA ? ac : 1;
  const bsp = transposeB ? 1 : bc;
  const bsj = transposeB ? bc : 1;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let p = 0; p < k; p++) {
      const av = A[i * asi + p * asp];
      if (av === 0) continue;
      const bo = p * bsp;
      for (let j = 0; j < n; j++) out[row + j] += av * B[bo + j * bsj];
    }
  }
  return alloc.wrap(out, [m, n]);
}
