import type { JsTensor } from './js-tensor.js';
import { OdeflowError } from './odeflow-error.js';

/**
 * out ← Σ cᵢ·xᵢ over float64 tensors, without allocating: this is the solver loop's hot path.
 * Zero coefficients skip their tensor entirely (so its size is not checked), and the first non-zero term
 * overwrites `out` instead of zero-filling first, which saves a pass; with every coefficient zero `out` is zeroed.
 * @throws OdeflowError SHAPE_MISMATCH when the counts of coefficients and tensors differ, or a used tensor's size differs from `out`'s
 */
export function lincombInto(out: JsTensor, coeffs: readonly number[], xs: readonly JsTensor[]): void {
  const o = out.data;
  const n = o.length;
  const m = xs.length;
  if (coeffs.length !== m) {
    throw new OdeflowError('SHAPE_MISMATCH', `lincomb: ${coeffs.length} coefficients for ${m} tensors.`);
  }
  let first = true;
  for (let j = 0; j < m; j++) {
    const c = coeffs[j];
    if (c === 0) continue;
    const x = xs[j].data;
    if (x.length !== n) {
      throw new OdeflowError('SHAPE_MISMATCH', `lincomb: tensor ${j} has ${x.length} elements, expected ${n}.`);
    }
    if (first) {
      if (c === 1) for (let i = 0; i < n; i++) o[i] = x[i];
      else for (let i = 0; i < n; i++) o[i] = c * x[i];
      first = false;
    } else if (c === 1) {
      for (let i = 0; i < n; i++) o[i] += x[i];
    } else {
      for (let i = 0; i < n; i++) o[i] += c * x[i];
    }
  }
  if (first) o.fill(0);
}
