import type { JsTensor } from './js-tensor.js';

/** Root mean square of a tensor's elements; an empty tensor gives 0 rather than NaN. */
export function rms(x: JsTensor): number {
  const d = x.data;
  if (d.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return Math.sqrt(s / d.length);
}
