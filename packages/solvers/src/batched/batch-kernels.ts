import type { SparseTerms } from '@odeflow/core';

/**
 * The arithmetic of a batched step, row by row in the same order of operations as the single-problem stepper
 * on `js` (`sparseCombineInto`, `lincombInto`, `errorNorm`), so that a row of a batch and the same problem
 * solved alone agree to the last bit while they take the same steps.
 * @internal
 */

/** out[j] ← base[j] + h[j]·Σ_q coeffs[q]·k[index[q]][j] for the rows (slots) j < m; `out` may be `base`'s own row only if no k aliases it. */
export function combineRows(out: Float64Array, base: Float64Array, k: readonly Float64Array[], terms: SparseTerms, h: Float64Array, m: number, n: number): void {
  const idx = terms.index;
  const co = terms.coeffs;
  const nt = idx.length;
  if (nt === 0) {
    for (let e = 0; e < m * n; e++) out[e] = base[e];
    return;
  }
  const x0 = k[idx[0]];
  const c0 = co[0];
  for (let j = 0; j < m; j++) {
    const hj = h[j];
    const a = hj * c0;
    const end = (j + 1) * n;
    for (let e = j * n; e < end; e++) out[e] = base[e] + a * x0[e];
  }
  for (let q = 1; q < nt; q++) {
    const xq = k[idx[q]];
    const cq = co[q];
    for (let j = 0; j < m; j++) {
      const a = h[j] * cq;
      const end = (j + 1) * n;
      for (let e = j * n; e < end; e++) out[e] += a * xq[e];
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

/**
 * The scaled RMS norm √(mean (eᵢ/(atolᵢ + rtolᵢ·max(|y0ᵢ|, |y1ᵢ|)))²) of the error h·Σ_q coeffs[q]·kq at slot
 * j, the error built in `scratch` (n entries) exactly as the single stepper builds its error tensor.
 */
export function rowErrorNorm(
  scratch: Float64Array, k: readonly Float64Array[], terms: SparseTerms, h: number, j: number, n: number,
  y0: Float64Array, y1: Float64Array, rtol: Float64Array, atol: Float64Array,
): number {
  const idx = terms.index;
  const co = terms.coeffs;
  const o = j * n;
  const x0 = k[idx[0]];
  const a0 = h * co[0];
  for (let i = 0; i < n; i++) scratch[i] = a0 * x0[o + i];
  for (let q = 1; q < idx.length; q++) {
    const xq = k[idx[q]];
    const a = h * co[q];
    for (let i = 0; i < n; i++) scratch[i] += a * xq[o + i];
  }
  return scaledNorm(scratch, 0, y0, y1, o, rtol, atol, n);
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
  const add = (c: number, x: Float64Array) => {
    if (c === 0) return;
    for (let i = 0; i < n; i++) out[dst + i] += c * x[o + i];
  };
  add(w.y0, y0);
  add(w.y1, y1);
  for (let q = 0; q < w.k.length; q++) add(h * w.k[q], k[q]);
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
