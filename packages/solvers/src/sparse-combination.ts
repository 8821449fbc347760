import type { SparseTerms, TensorBackend } from '@odeflow/core';

/**
 * base + h·Σ_q terms.coeffs[q]·xs[terms.index[q]] as a new tensor, from the backend's own `lincomb`: what
 * {@link InPlaceOps.combineInto} computes in place, for backends whose tensors are immutable (tfjs).
 * The terms are summed in the same order, so both paths agree to the last bit on the same data.
 */
export function sparseCombination<T>(backend: TensorBackend<T>, base: T | null, h: number, terms: SparseTerms, xs: readonly T[]): T {
  const coeffs: number[] = [];
  const ys: T[] = [];
  if (base !== null) {
    coeffs.push(1);
    ys.push(base);
  }
  for (let q = 0; q < terms.index.length; q++) {
    coeffs.push(h * terms.coeffs[q]);
    ys.push(xs[terms.index[q]]);
  }
  // no term at all: zeros of the stages' shape
  if (ys.length === 0) return backend.lincomb([0], [xs[0]]);
  return backend.lincomb(coeffs, ys);
}
