import type { JsTensor } from './js-tensor.js';

/**
 * The weighted RMS norm of a step's error estimate, √(mean (eᵢ / (atolᵢ + rtolᵢ·max(|y0ᵢ|, |y1ᵢ|)))²),
 * without allocating (it runs once per attempted step). Scalar tolerances get their own loop so the common case
 * pays no per-element branch; an empty state has norm 0 rather than NaN.
 */
export function errorNorm(err: JsTensor, y0: JsTensor, y1: JsTensor, rtol: number | JsTensor, atol: number | JsTensor): number {
  const e = err.data;
  const a = y0.data;
  const b = y1.data;
  const n = e.length;
  if (n === 0) return 0;
  let s = 0;
  if (typeof rtol === 'number' && typeof atol === 'number') {
    for (let i = 0; i < n; i++) {
      const ai = Math.abs(a[i]);
      const bi = Math.abs(b[i]);
      const r = e[i] / (atol + rtol * (ai > bi ? ai : bi));
      s += r * r;
    }
  } else {
    const rt = typeof rtol === 'number' ? null : rtol.data;
    const at = typeof atol === 'number' ? null : atol.data;
    for (let i = 0; i < n; i++) {
      const ai = Math.abs(a[i]);
      const bi = Math.abs(b[i]);
      const r = e[i] / ((at ? at[i] : (atol as number)) + (rt ? rt[i] : (rtol as number)) * (ai > bi ? ai : bi));
      s += r * r;
    }
  }
  return Math.sqrt(s / n);
}
