import type { SparseTerms } from '@odeflow/core';

/**
 * The arithmetic of a batched step, row by row in the same order of operations as the single-problem stepper
 * on `js` (`sparseCombineInto`, `lincombInto`, `errorNorm`), so that a row of a batch and the same problem
 * solved alone agree to the last bit while they take the same steps.
 * @internal
 */

/** Entries combined per block: every pass over a block stays in the first-level cache. */
const BLOCK = 1024;

/**
 * out ← base + h·Σ_q coeffs[q]·k[index[q]] over the first `size` entries, `hE` holding each entry's row step
 * (h of its row, repeated n times): flat passes with no per-row loop (as fast for n = 2 as for n = 200), block
 * by block so that `out` and `hE` stay in cache while the stages stream through. `out` must not alias a k it
 * reads; `base` null means none (an error estimate).
 */
export function combineRows(out: Float64Array, base: Float64Array | null, k: readonly Float64Array[], terms: SparseTerms, hE: Float64Array, size: number): void {
  const idx = terms.index;
  const co = terms.coeffs;
  const nt = idx.length;
  if (nt === 0) {
    for (let e = 0; e < size; e++) out[e] = base === null ? 0 : base[e];
    return;
  }
  const x0 = k[idx[0]];
  const c0 = co[0];
  for (let b0 = 0; b0 < size; b0 += BLOCK) {
    const b1 = b0 + BLOCK < size ? b0 + BLOCK : size;
    if (base === null) for (let e = b0; e < b1; e++) out[e] = hE[e] * c0 * x0[e];
    else for (let e = b0; e < b1; e++) out[e] = base[e] + hE[e] * c0 * x0[e];
    for (let q = 1; q < nt; q++) {
      const xq = k[idx[q]];
      const cq = co[q];
      for (let e = b0; e < b1; e++) out[e] += hE[e] * cq * xq[e];
    }
  }
}

/** The same combination for one row, read at slot `src` and written at offset `dst` of `out`. */
export function combineRow(out: Float64Array, dst: number, base: Float64Array, k: readonly Float64Array[], terms: SparseTerms, h: number, src: number, n: number): void {
  const idx = terms.index;
  const co = terms.coeffs;
  const o = src * n;
  if (idx.length === 0) {
    for (let i = 0; i < n; i++) out[dst + i] = base[o + i];
    return;
  }
  const x0 = k[idx[0]];
  const a0 = h * co[0];
  for (let i = 0; i < n; i++) out[dst + i] = base[o + i] + a0 * x0[o + i];
  for (let q = 1; q < idx.length; q++) {
    const xq = k[idx[q]];
    const a = h * co[q];
    for (let i = 0; i < n; i++) out[dst + i] += a * xq[o + i];
  }
}

/** √(mean (x[xo+i]/(atolᵢ + rtolᵢ·max(|y0[o+i]|, |y1[o+i]|)))²) over i < n. */
export function scaledNorm(
  x: Float64Array, xo: number, y0: Float64Array, y1: Float64Array, o: number, rtol: Float64Array, atol: Float64Array, n: number,
): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const ai = Math.abs(y0[o + i]);
    const bi = Math.abs(y1[o + i]);
    const r = x[xo + i] / (atol[i] + rtol[i] * (ai > bi ? ai : bi));
    s += r * r;
  }
  return Math.sqrt(s / n);
}

/**
 * The dense output of slot j's accepted step at weights w (y = w.y0·y₀ + w.y1·y₁ + h·Σ w.k[i]·kᵢ, zero
 * weights skipped as `lincombInto` skips them), written at offset `dst` of `out`.
 */
export function denseRow(
  out: Float64Array, dst: number, w: { y0: number; y1: number; k: readonly number[] }, h: number, j: number, n: number,
  y0: Float64Array, y1: Float64Array, k: readonly Float64Array[],
): void {
  const o = j * n;
  for (let i = 0; i < n; i++) out[dst + i] = 0;
  for (let q = -2; q < w.k.length; q++) {
    const c = q === -2 ? w.y0 : q === -1 ? w.y1 : h * w.k[q];
    if (c === 0) continue;
    const x = q === -2 ? y0 : q === -1 ? y1 : k[q];
    for (let i = 0; i < n; i++) out[dst + i] += c * x[o + i];
  }
}

/** Whether every entry of row j (n components) is finite. */
export function rowFinite(x: Float64Array, j: number, n: number): boolean {
  const o = j * n;
  for (let i = 0; i < n; i++) {
    const v = x[o + i];
    if (v - v !== 0) return false;
  }
  return true;
}
