import type { JsTensor } from './js-tensor.js';
import { OdeflowError } from './odeflow-error.js';

/**
 * out ← op(a, b) elementwise, where `out` has `a`'s size and `b` is a scalar, a same-size tensor, a single
 * element, or a vector along `a`'s last axis (the only broadcasts the backends promise). Returns the result's
 * shape rather than a tensor so the caller keeps the allocation and its byte accounting.
 * @param what the op's name, for the error message
 * @throws OdeflowError SHAPE_MISMATCH when `b` does not broadcast against `a`
 */
export function broadcastBinaryInto(
  out: Float64Array,
  a: JsTensor,
  b: JsTensor | number,
  op: (x: number, y: number) => number,
  what: string,
): readonly number[] {
  const ad = a.data;
  if (typeof b === 'number') {
    for (let i = 0; i < ad.length; i++) out[i] = op(ad[i], b);
    return a.shape;
  }
  const bd = b.data;
  if (bd.length === ad.length) {
    for (let i = 0; i < ad.length; i++) out[i] = op(ad[i], bd[i]);
    // same size: the higher rank wins, so [n] ⊕ [1, n] keeps the batch axis
    return a.shape.length >= b.shape.length ? a.shape : b.shape;
  }
  const last = a.shape[a.shape.length - 1];
  if (bd.length === 1 || (b.shape.length === 1 && bd.length === last)) {
    const m = bd.length;
    for (let i = 0; i < ad.length; i++) out[i] = op(ad[i], bd[i % m]);
    return a.shape;
  }
  throw new OdeflowError(
    'SHAPE_MISMATCH',
    `${what}: shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}] do not broadcast (only [..., n] with [n] or a scalar).`,
  );
}
