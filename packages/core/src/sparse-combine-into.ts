import type { JsTensor } from './js-tensor.js';
import { OdeflowError } from './odeflow-error.js';
import type { SparseTerms } from './tensor-backend.js';

function sizeMismatch(which: string, got: number, n: number): OdeflowError {
  return new OdeflowError('SHAPE_MISMATCH', `combineInto: ${which} has ${got} elements but out has ${n}; every tensor combined must have out's size.`);
}

/**
 * out ← base + h·Σ_q coeffs[q]·xs[index[q]] on float64 data, without allocating: the Runge–Kutta stepper's
 * hot path on `js` (every stage, the solution update and the error estimate). Only the non-zero terms are
 * listed, so a stage costs one pass per term; the first term is fused with the copy of the base (or
 * overwrites `out` when there is none), which saves a pass. `out` may alias `base`, not the xs it reads.
 * @throws OdeflowError SHAPE_MISMATCH when a tensor read differs in size from `out`
 */
export function sparseCombineInto(out: JsTensor, base: JsTensor | null, h: number, terms: SparseTerms, xs: readonly JsTensor[]): void {
  const o = out.data;
  const n = o.length;
  const idx = terms.index;
  const co = terms.coeffs;
  const m = idx.length;
  const b = base === null ? null : base.data;
  if (b !== null && b.length !== n) throw sizeMismatch('base', b.length, n);
  if (m === 0) {
    if (b !== null) o.set(b);
    else o.fill(0);
    return;
  }
  const x0 = xs[idx[0]].data;
  if (x0.length !== n) throw sizeMismatch(`xs[${idx[0]}]`, x0.length, n);
  const c0 = h * co[0];
  if (b !== null) for (let e = 0; e < n; e++) o[e] = b[e] + c0 * x0[e];
  else for (let e = 0; e < n; e++) o[e] = c0 * x0[e];
  for (let q = 1; q < m; q++) {
    const xq = xs[idx[q]].data;
    if (xq.length !== n) throw sizeMismatch(`xs[${idx[q]}]`, xq.length, n);
    const cq = h * co[q];
    for (let e = 0; e < n; e++) o[e] += cq * xq[e];
  }
}
