import type { JsTensor } from './js-tensor.js';

/** Largest |xᵢ| (0 when empty). A NaN element wins and stays, so callers testing the result see the NaN. */
export function maxAbs(x: JsTensor): number {
  let m = 0;
  const d = x.data;
  for (let i = 0; i < d.length; i++) {
    const v = Math.abs(d[i]);
    // v !== v catches NaN, which v > m never does
    if (v > m || v !== v) m = v;
  }
  return m;
}
